import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** DPoP proof without jti (a failed binding check of lib/oauth). */
export const dpopJtiMissing = defineRule({
  id: 'dpop-jti-missing',
  severity: 'medium',
  scope: 'token',
  title: 'DPoP proof without jti',
  explanation:
    'Each DPoP proof needs a unique "jti" so that the server can remember recent proofs and reject a replayed one; without it, a proof captured in transit or from a log can be sent again for as long as its iat is accepted. Put a fresh random value (at least 96 bits) in jti for every proof.',
  reference: 'RFC 9449 §4.2, §11.1',
  check(ctx) {
    return failedChecks(ctx, 'dpop-jti-missing');
  },
});
