import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** ID token at_hash does not match its access token (a failed binding check of lib/oauth). */
export const idAtHashMismatch = defineRule({
  id: 'id-at-hash-mismatch',
  severity: 'medium',
  scope: 'token',
  title: 'ID token at_hash does not match its access token',
  explanation:
    'An ID token\'s "at_hash" is the left half of the hash (named by its alg) of the access token issued with it; a client checks it to detect an access token swapped in transit (token substitution). A mismatch means the access token seen with this ID token is not the one the provider bound to it. Fix: have the client verify at_hash against the access token it received with the ID token (most OIDC libraries do when asked) and reject both on a mismatch.',
  reference: 'OIDC Core 1.0 §3.1.3.6, §3.2.2.9; RFC 9700 §4.5',
  check(ctx) {
    return failedChecks(ctx, 'id-at-hash-mismatch');
  },
});
