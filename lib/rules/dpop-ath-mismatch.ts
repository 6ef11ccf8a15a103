import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** DPoP proof not bound to the access token sent with it (a failed binding check of lib/oauth). */
export const dpopAthMismatch = defineRule({
  id: 'dpop-ath-mismatch',
  severity: 'high',
  scope: 'token',
  title: 'DPoP proof not bound to the access token sent with it',
  explanation:
    'When a DPoP proof accompanies an access token, its "ath" claim must be the base64url SHA-256 hash of that token; the server checks it so that a proof made for one token cannot be used with another. A missing or different ath lets a proof be replayed with another stolen token, and a conforming server rejects the request. Put ath = base64url(SHA-256(access token)) in each proof sent with a token.',
  reference: 'RFC 9449 §4.2, §4.3, §7.1',
  check(ctx) {
    return failedChecks(ctx, 'dpop-ath-mismatch');
  },
});
