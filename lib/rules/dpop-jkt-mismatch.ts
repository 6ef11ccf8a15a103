import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** Access token bound to another DPoP key (a failed binding check of lib/oauth). */
export const dpopJktMismatch = defineRule({
  id: 'dpop-jkt-mismatch',
  severity: 'high',
  scope: 'token',
  title: 'Access token bound to another DPoP key',
  explanation:
    'A DPoP-bound access token names the key it is bound to in "cnf.jkt" (the RFC 7638 thumbprint of the public key); every proof sent with it must be signed with that key. A proof signed with another key is exactly what an attacker with a stolen token but without the client\'s private key would send, and the resource server must reject it. Fix: compute the thumbprint of each proof\'s "jwk" and refuse the request unless it equals the token\'s "cnf.jkt".',
  reference: 'RFC 9449 §6.1, §7.1; RFC 7638',
  check(ctx) {
    return failedChecks(ctx, 'dpop-jkt-mismatch');
  },
});
