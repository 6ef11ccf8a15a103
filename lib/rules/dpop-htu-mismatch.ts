import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** DPoP proof for another URL (a failed binding check of lib/oauth). */
export const dpopHtuMismatch = defineRule({
  id: 'dpop-htu-mismatch',
  severity: 'medium',
  scope: 'token',
  title: 'DPoP proof for another URL',
  explanation:
    'The "htu" claim binds a DPoP proof to the URL of the request that carries it (without query and fragment, compared after RFC 3986 normalisation); a server must reject a proof whose htu names another URL. A mismatch means the proof was made for another endpoint: a replay, or a client bug behind a proxy or redirect. Create the proof with the exact request URL.',
  reference: 'RFC 9449 §4.2, §4.3; RFC 3986 §6',
  check(ctx) {
    return failedChecks(ctx, 'dpop-htu-mismatch');
  },
});
