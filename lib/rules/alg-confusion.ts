import { defineRule, type RuleReport } from './define-rule.ts';
import { algOf, claimsOf, keyName, own, quote } from './context.ts';

/** An HS* token signed with a stored public key's bytes as the HMAC secret, or claiming an issuer whose keys are asymmetric. */
export const algConfusion = defineRule({
  id: 'alg-confusion',
  severity: 'critical',
  scope: 'token',
  title: 'Algorithm confusion (public key used as HMAC secret)',
  explanation:
    'The token is signed with HMAC where the issuer uses an asymmetric key. A server that takes the algorithm from the token and feeds its RSA/EC public key to HMAC verification accepts tokens forged with that public key as the secret. Pin the expected algorithm per key and never let the token choose it.',
  reference: 'RFC 8725 §3.1; CVE-2016-10555',
  check(ctx) {
    const alg = algOf(ctx);
    if (ctx.decoded.kind !== 'jws' || alg === undefined || !/^HS(256|384|512)$/.test(alg)) return [];
    const v = ctx.verification;
    // The verifier also catches a public key stored as a secret, which the key facts alone do not.
    const stored = v.status === 'key-confusion' ? ctx.keys.find((k) => k.id === v.keyId) : undefined;
    const hit =
      ctx.algConfusion ??
      (stored
        ? { keyId: stored.id, alg, ...(stored.label !== undefined ? { keyLabel: stored.label } : {}) }
        : undefined);
    if (hit) {
      const kty = hit.kty ? `${hit.kty} ` : '';
      return [
        {
          message: `Signed with ${alg} using the stored ${kty}public key ${keyName({ id: hit.keyId, label: hit.keyLabel })} as the HMAC secret: a key-confusion forgery.`,
        },
      ];
    }
    if (v.status === 'key-confusion' && v.keyId === undefined)
      return [
        {
          message: `Signed with ${alg} using the text of the public key the token carries (${own(ctx.header, 'jwk') !== undefined ? '"jwk"' : '"x5c"'}) as the HMAC secret: a key-confusion forgery.`,
        },
      ];
    const iss = own(claimsOf(ctx), 'iss');
    if (typeof iss !== 'string') return [];
    const issuerKeys = ctx.keys.filter((k) => k.issuer !== undefined && k.issuer === iss && k.kind !== 'invalid');
    if (issuerKeys.length === 0 || issuerKeys.some((k) => k.kind === 'secret')) return [];
    const out: RuleReport[] = [];
    const types = [...new Set(issuerKeys.map((k) => k.kty ?? 'asymmetric'))].join('/');
    out.push({
      severity: 'high',
      message: `${alg} token from issuer ${quote(iss)}, whose stored keys (${issuerKeys.map(keyName).join(', ')}) are ${types} keys: an HMAC token from an asymmetric issuer is the shape of a key-confusion attack.`,
    });
    return out;
  },
});
