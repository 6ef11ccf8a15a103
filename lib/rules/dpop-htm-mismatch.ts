import { defineRule } from './define-rule.ts';
import { failedChecks } from './context.ts';

/** DPoP proof for another HTTP method (a failed binding check of lib/oauth). */
export const dpopHtmMismatch = defineRule({
  id: 'dpop-htm-mismatch',
  severity: 'medium',
  scope: 'token',
  title: 'DPoP proof for another HTTP method',
  explanation:
    'The "htm" claim binds a DPoP proof to the HTTP method of the request that carries it; a server must reject a proof whose htm differs from the method it received, since the proof was made for another request (a replayed or misrouted proof). Create the proof with the method of the request it is sent with.',
  reference: 'RFC 9449 §4.2, §4.3',
  check(ctx) {
    return failedChecks(ctx, 'dpop-htm-mismatch');
  },
});
