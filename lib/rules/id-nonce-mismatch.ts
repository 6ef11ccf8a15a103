import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** ID token nonce matches no authorize request (a failed binding check of lib/oauth). */
export const idNonceMismatch = defineRule({
  id: 'id-nonce-mismatch',
  severity: 'medium',
  scope: 'token',
  title: 'ID token nonce matches no authorize request',
  explanation:
    'The "nonce" of an ID token must be the value the client sent in its authorize request; the client checks it to reject replayed or injected ID tokens. An ID token whose nonce matches none of the authorize requests seen for its client was not issued for this login, or the client does not check nonces. Fix: send a fresh, unguessable nonce with every authorize request, keep it with the login state, and reject an ID token whose nonce is not that value.',
  reference: 'OIDC Core 1.0 §3.1.2.1, §3.1.3.7; RFC 9700 §4.5.3',
  check(ctx) {
    return failedChecks(ctx, 'id-nonce-mismatch');
  },
});
