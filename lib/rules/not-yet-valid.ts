import { describeRelative, isBeforeNbf, readTimeClaim, toUtcString } from '../time-claims.ts';
import { defineRule } from './define-rule.ts';
import { claimsOf } from './context.ts';

/** A token whose `nbf` lies in the future (beyond the clock skew). */
export const notYetValid = defineRule({
  id: 'not-yet-valid',
  severity: 'low',
  scope: 'token',
  title: 'Not yet valid (nbf in the future)',
  explanation:
    "The nbf claim lies in the future, so a correct server rejects the token for now. If it is accepted anyway, the server ignores nbf; if it is rejected unexpectedly, the issuer's clock is ahead. Check nbf and keep clocks in sync.",
  reference: 'RFC 7519 §4.1.5',
  check(ctx) {
    const nbf = readTimeClaim(claimsOf(ctx), 'nbf', ctx.payloadText);
    if (!nbf || nbf.problem || nbf.seconds === undefined) return [];
    // The same judgement as the token's state (timeStatus): not valid while now + skew < nbf.
    if (!isBeforeNbf(nbf.seconds, ctx.now, ctx.clockSkew)) return [];
    return [
      {
        message: `The token is ${describeRelative('nbf', nbf.seconds, ctx.now)} (nbf ${toUtcString(nbf.seconds) ?? nbf.seconds}).`,
      },
    ];
  },
});
