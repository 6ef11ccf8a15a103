import { defineRule, type RuleReport } from './define-rule.ts';
import { algOf, keyName, quote } from './context.ts';

const MIN_BYTES: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 };

/** An HMAC key shorter than the hash output (RFC 7518 §3.2). */
export const shortHmacKey = defineRule({
  id: 'short-hmac-key',
  severity: 'high',
  scope: 'token',
  title: 'HMAC key shorter than the hash',
  explanation:
    'RFC 7518 requires an HMAC key at least as long as the hash output (32 bytes for HS256, 48 for HS384, 64 for HS512). A shorter key, above all a human-chosen one, can be brute-forced offline from a single token. Use a random key of the full length.',
  reference: 'RFC 7518 §3.2; RFC 8725 §3.5',
  check(ctx) {
    const alg = algOf(ctx);
    const min = alg !== undefined ? MIN_BYTES[alg] : undefined;
    if (ctx.decoded.kind !== 'jws' || min === undefined) return [];
    const out: RuleReport[] = [];
    const v = ctx.verification;
    if (v.status === 'verified' && v.keyId !== undefined) {
      const key = ctx.keys.find((k) => k.id === v.keyId);
      if (key && key.kind === 'secret' && key.bits !== undefined && key.bits < min * 8) {
        const bytes = Math.floor(key.bits / 8);
        out.push({
          message: `${alg} key ${keyName(key)} is ${bytes} bytes (${key.bits} bits); ${alg} needs at least ${min} bytes (${min * 8} bits).`,
        });
        return out;
      }
    }
    const hit = ctx.weakSecret;
    if (hit && hit.secret !== '') {
      const bytes = new TextEncoder().encode(hit.secret).length;
      if (bytes < min)
        out.push({
          message: `${alg} secret ${quote(hit.secret)} is ${bytes} bytes; ${alg} needs at least ${min} bytes (${min * 8} bits).`,
        });
    }
    return out;
  },
});
