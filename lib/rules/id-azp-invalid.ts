import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** ID token azp missing or unexpected (a failed binding check of lib/oauth). */
export const idAzpInvalid = defineRule({
  id: 'id-azp-invalid',
  severity: 'low',
  scope: 'token',
  title: 'ID token azp missing or unexpected',
  explanation:
    'When an ID token has several audiences, "azp" names the client it was issued to, so that a client can tell a token meant for it from one meant for another party in the audience. An ID token with several audiences and no azp, or an azp that is none of the clients seen, may be accepted by the wrong client. Fix: have the provider set azp to the requesting client when it issues multi-audience ID tokens, and have each client reject one whose azp is not its own client_id.',
  reference: 'OIDC Core 1.0 §2, §3.1.3.7; RFC 9700 §4.5',
  check(ctx) {
    return failedChecks(ctx, 'id-azp-invalid');
  },
});
