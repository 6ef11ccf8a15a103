import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** ID token c_hash does not match its code (a failed binding check of lib/oauth). */
export const idCHashMismatch = defineRule({
  id: 'id-c-hash-mismatch',
  severity: 'medium',
  scope: 'token',
  title: 'ID token c_hash does not match its code',
  explanation:
    'In the hybrid flow an ID token\'s "c_hash" is the left half of the hash (named by its alg) of the authorization code returned with it; a client checks it to detect an injected code. A mismatch means the code seen with this ID token is not the one the provider bound to it. Fix: have the client verify c_hash against the code before redeeming it, and drop the code and the ID token on a mismatch.',
  reference: 'OIDC Core 1.0 §3.3.2.11; RFC 9700 §4.5',
  check(ctx) {
    return failedChecks(ctx, 'id-c-hash-mismatch');
  },
});
