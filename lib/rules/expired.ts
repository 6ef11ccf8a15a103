import { describeRelative, isExpiredAt, readTimeClaim, toUtcString } from '../time-claims.ts';
import { travelOf } from '../capture/legacy.ts';
import { defineRule } from './define-rule.ts';
import { claimsOf } from './context.ts';

// Where the client itself sends the token to a server (a request body is not judged here, as before).
const SENT = new Set(['header', 'cookie', 'query', 'fragment', 'path']);

/** A token whose `exp` has passed (`now >= exp + skew`, RFC 7519 §4.1.4). */
export const expired = defineRule({
  id: 'expired',
  severity: 'high',
  scope: 'token',
  title: 'Expired token',
  explanation:
    'The exp claim lies in the past. A server must reject this token; a client that still sends it, or a server that still accepts it, does not check expiry. Check exp on every request (with a small clock skew) and refresh tokens before they expire.',
  reference: 'RFC 7519 §4.1.4',
  check(ctx) {
    const exp = readTimeClaim(claimsOf(ctx), 'exp');
    if (!exp || exp.problem || exp.seconds === undefined) return [];
    // The same judgement as the token's state (timeStatus): expired from the second exp + skew passes.
    if (!isExpiredAt(exp.seconds, ctx.now, ctx.clockSkew)) return [];
    const when = `${describeRelative('exp', exp.seconds, ctx.now)} (${toUtcString(exp.seconds) ?? exp.seconds})`;
    const travel = travelOf(ctx.context);
    const sent = travel.direction === 'request' && travel.location !== undefined && SENT.has(travel.location.kind);
    return [
      {
        severity: sent ? 'high' : 'medium',
        message: sent
          ? `The token ${when} but is still being sent in a request: check that the server rejects it.`
          : `The token ${when}.`,
      },
    ];
  },
});
