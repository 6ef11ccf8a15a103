import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** DPoP proof outside its time window (a failed binding check of lib/oauth). */
export const dpopIatStale = defineRule({
  id: 'dpop-iat-stale',
  severity: 'medium',
  scope: 'token',
  title: 'DPoP proof outside its time window',
  explanation:
    'A DPoP proof is fresh only for a short time after its "iat" (servers typically accept a few minutes either way): a proof whose iat lies far from the moment it was sent is rejected as stale, or shows that proofs are created ahead of time and replayed. Create a proof for each request, just before sending it, with the current time (or the server\'s DPoP-Nonce).',
  reference: 'RFC 9449 §4.3, §11.1',
  check(ctx) {
    return failedChecks(ctx, 'dpop-iat-stale');
  },
});
