import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** DPoP proof without typ dpop+jwt (a failed binding check of lib/oauth). */
export const dpopTypInvalid = defineRule({
  id: 'dpop-typ-invalid',
  severity: 'medium',
  scope: 'token',
  title: 'DPoP proof without typ dpop+jwt',
  explanation:
    'RFC 9449 requires a DPoP proof to carry typ "dpop+jwt" so that a proof cannot be confused with any other JWT (an ID token, an access token) and a server rejects other JWTs in the DPoP header. Set the header\'s typ to "dpop+jwt".',
  reference: 'RFC 9449 §4.2; RFC 8725 §3.11',
  check(ctx) {
    return failedChecks(ctx, 'dpop-typ-invalid');
  },
});
