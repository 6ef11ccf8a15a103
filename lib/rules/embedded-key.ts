import { defineRule, type RuleReport } from './define-rule.ts';
import { own, kindOf } from './context.ts';

/** A header that carries its own verification key (`jwk` or `x5c`). */
export const embeddedKey = defineRule({
  id: 'embedded-key',
  severity: 'high',
  scope: 'token',
  title: 'Key embedded in the header',
  explanation:
    'The header carries its own public key. A server that verifies with the key it finds in the token accepts any token the attacker signs with a key of their choosing. Verify only with keys the server already trusts (pinned keys or a trusted JWKS), and ignore header keys unless they chain to a trusted certificate.',
  reference: 'RFC 8725 §3.10; CVE-2018-0114',
  check(ctx) {
    // A DPoP proof carries its own key and has no exp, iss or aud by design (RFC 9449 §4.2); its own rules judge it.
    if (kindOf(ctx) === 'dpop') return [];
    const out: RuleReport[] = [];
    const jwk = own(ctx.header, 'jwk');
    if (jwk !== undefined) {
      const kty = typeof jwk === 'object' && jwk !== null ? own(jwk as Record<string, unknown>, 'kty') : undefined;
      const what = typeof kty === 'string' ? `an ${kty} key` : 'a key';
      out.push({
        message: `The header carries ${what} in "jwk": a server that trusts it accepts tokens signed with any key.`,
      });
    }
    const x5c = own(ctx.header, 'x5c');
    if (x5c !== undefined) {
      const n = Array.isArray(x5c) ? x5c.length : 1;
      out.push({
        message: `The header carries ${n === 1 ? 'a certificate' : `a chain of ${n} certificates`} in "x5c": a server that does not validate the chain against a trusted root accepts tokens signed with any key.`,
      });
    }
    return out;
  },
});
