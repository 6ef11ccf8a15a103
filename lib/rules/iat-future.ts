import { describeRelative, readTimeClaim, toUtcString } from '../time-claims.ts';
import { defineRule } from './define-rule.ts';
import { claimsOf } from './context.ts';

/** A token whose `iat` lies in the future (beyond the clock skew). */
export const iatFuture = defineRule({
  id: 'iat-future',
  severity: 'low',
  scope: 'token',
  title: 'Issued in the future (iat)',
  explanation:
    "The iat claim says the token was issued after the current time: either the issuer's clock is wrong, or the token was minted with a forged date to stretch its lifetime. Servers should reject tokens issued in the future (beyond a small skew).",
  reference: 'RFC 7519 §4.1.6',
  check(ctx) {
    const iat = readTimeClaim(claimsOf(ctx), 'iat', ctx.payloadText);
    if (!iat || iat.problem || iat.seconds === undefined) return [];
    if (iat.seconds <= ctx.now + ctx.clockSkew) return [];
    return [
      {
        message: `The token was ${describeRelative('iat', iat.seconds, ctx.now)} (iat ${toUtcString(iat.seconds) ?? iat.seconds}).`,
      },
    ];
  },
});
