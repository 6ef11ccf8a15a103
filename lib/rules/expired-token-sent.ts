import { formatLateness, isExpiredAt, readTimeClaim } from '../time-claims.ts';
import { travelOf } from '../capture/legacy.ts';
import type { SightingLike } from '../types.ts';
import { defineRule } from './define-rule.ts';
import { claimsOf } from './context.ts';

// Sightings in which the client itself sent the token to a server.
const isRequest = (s: SightingLike) => travelOf(s).direction === 'request';

/** A token sent in requests after it expired (from the first such request, skew applied), and what the server answered. */
export const expiredTokenSent = defineRule({
  id: 'expired-token-sent',
  severity: 'high',
  scope: 'sightings',
  title: 'Expired token still sent',
  explanation:
    'The client kept sending this token after its exp. If the server answered with a success status it does not check expiry, and a stolen token works forever: validate exp on every request. If it answered 401, the client should refresh the token before it expires instead of failing requests.',
  reference: 'RFC 7519 §4.1.4; RFC 6750 §3.1',
  check(ctx) {
    const { sightings } = ctx;
    if (!sightings) return [];
    const exp = readTimeClaim(claimsOf(ctx), 'exp');
    if (!exp || exp.problem || exp.seconds === undefined) return [];
    // From the first request sent at or after exp (+ skew): the instant the token's state turns expired.
    const late = sightings
      .filter((s) => isRequest(s) && isExpiredAt(exp.seconds!, s.time / 1000, ctx.clockSkew))
      .sort((a, b) => a.time - b.time);
    if (!late.length) return [];
    const answerOf = (s: SightingLike) =>
      s.status === undefined ? 'no answer yet' : s.status === 0 ? 'a network error' : String(s.status);
    const answers = new Map<string, number>();
    for (const s of late) answers.set(answerOf(s), (answers.get(answerOf(s)) ?? 0) + 1);
    const accepted = late.filter((s) => s.status !== undefined && s.status >= 200 && s.status < 400);
    const answered = [...answers].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
    const first = late[0]!;
    const last = late[late.length - 1]!;
    const lateBy = (s: SightingLike) => `${formatLateness(s.time / 1000 - exp.seconds!)} after exp`;
    const firstText = `${lateBy(first)} → ${answerOf(first)}`;
    const when = late.length === 1 ? firstText : `first ${firstText}, last ${lateBy(last)}`;
    const times = late.length === 1 ? 'once' : `${late.length} times`;
    if (accepted.length)
      return [
        {
          message: `Sent ${times} after it expired (${when}) and the server accepted it (${answered}): it does not check exp.`,
        },
      ];
    return [
      {
        severity: 'low',
        message: `Sent ${times} after it expired (${when}); the server answered ${answered}. The client should refresh it before exp.`,
      },
    ];
  },
});
