import { defineRule } from './define-rule.ts';
import { algOf, keyName, own } from './context.ts';

const MIN_BITS = 2048;

/** An RSA signature made with a modulus under 2048 bits, judged from the stored key or the signature length. */
export const weakRsaKey = defineRule({
  id: 'weak-rsa-key',
  severity: 'critical',
  scope: 'token',
  title: 'Weak RSA key (under 2048 bits or ROCA)',
  explanation:
    'RS* and PS* signatures need an RSA key of at least 2048 bits; 1024-bit moduli are within reach of well-funded attackers and 512-bit ones can be factored in hours. Keys from Infineon chips affected by ROCA can be factored whatever their size. Rotate to a freshly generated 2048-bit (or larger) key, or to ES256/EdDSA.',
  reference: 'RFC 7518 §3.3; RFC 8725 §3.2; CVE-2017-15361',
  check(ctx) {
    const alg = algOf(ctx);
    if (ctx.decoded.kind !== 'jws' || alg === undefined || !/^(RS|PS)(256|384|512)$/.test(alg)) return [];
    const v = ctx.verification;
    const stored = v.keyId !== undefined ? ctx.keys.find((k) => k.id === v.keyId) : undefined;
    // For a JWKS, judge the member the token names by kid, or the only RSA member.
    const kid = own(ctx.header, 'kid');
    const rsaMembers = stored?.members?.filter((m) => m.kty === 'RSA') ?? [];
    const member =
      rsaMembers.find((m) => m.kid !== undefined && m.kid === kid) ??
      (rsaMembers.length === 1 ? rsaMembers[0] : undefined);
    const key = stored && stored.kty === 'RSA' ? { bits: stored.bits, roca: stored.roca } : member;
    if (stored && key && key.bits !== undefined) {
      const name =
        member && key === member && member.kid !== undefined
          ? `${keyName(stored)} (kid "${member.kid}")`
          : keyName(stored);
      if (key.roca)
        return [
          {
            message: `${alg} key ${name} has the ROCA fingerprint (CVE-2017-15361): its private key can be computed from the public key.`,
          },
        ];
      if (key.bits >= MIN_BITS) return [];
      return [
        {
          severity: 'high',
          message: `${alg} key ${name} has a ${key.bits}-bit modulus; at least ${MIN_BITS} bits are needed.`,
        },
      ];
    }
    const sig = ctx.signature;
    // An RSA signature is exactly as long as the modulus.
    if (!sig || sig.length === 0 || sig.length >= MIN_BITS / 8) return [];
    return [
      {
        severity: 'high',
        message: `The ${alg} signature is ${sig.length} bytes, so the signing key's modulus is about ${sig.length * 8} bits; at least ${MIN_BITS} bits are needed.`,
      },
    ];
  },
});
