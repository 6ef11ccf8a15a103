import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** DPoP proof with an unusable key (a failed binding check of lib/oauth). */
export const dpopBadKey = defineRule({
  id: 'dpop-bad-key',
  severity: 'high',
  scope: 'token',
  title: 'DPoP proof with an unusable key',
  explanation:
    'A DPoP proof must be signed with an asymmetric private key whose public half travels in the "jwk" header. A symmetric key, alg none or a MAC proves nothing, and a "jwk" that carries private members (d, p, q…) publishes the private key to every server and proxy that sees the proof: anyone can then mint proofs for the bound tokens. Generate a key pair in the client (WebCrypto, non-extractable) and put only the public members in "jwk".',
  reference: 'RFC 9449 §4.2, §4.3',
  check(ctx) {
    return failedChecks(ctx, 'dpop-bad-key');
  },
});
