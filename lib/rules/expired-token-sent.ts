import { formatDuration, readTimeClaim } from '../time-claims.ts';
import { travelOf } from '../capture/legacy.ts';
import type { SightingLike } from '../types.ts';
import { defineRule } from './define-rule.ts';
import { claimsOf } from './context.ts';

// Sightings in which the client itself sent the token to a server.
const isRequest = (s: SightingLike) => travelOf(s).direction === 'request';

/** A token sent in requests after it expired, and what the server answered. */
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
    const late = sightings.filter((s) => isRequest(s) && s.time / 1000 > exp.seconds! + ctx.clockSkew);
    if (!late.length) return [];
    const answers = new Map<string, number>();
    for (const s of late) {
      const key = s.status === undefined ? 'no answer yet' : s.status === 0 ? 'a network error' : String(s.status);
      answers.set(key, (answers.get(key) ?? 0) + 1);
    }
    const accepted = late.filter((s) => s.status !== undefined && s.status >= 200 && s.status < 400);
    const answered = [...answers].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
    const last = late[late.length - 1]!;
    const after = formatDuration(last.time / 1000 - exp.seconds);
    const times = late.length === 1 ? 'once' : `${late.length} times`;
    if (accepted.length) {
      return [
        {
          message: `Sent ${times} after it expired (last ${after} after exp) and the server accepted it (${answered}): it does not check exp.`,
        },
      ];
    }
    return [
      {
        severity: 'low',
        message: `Sent ${times} after it expired (last ${after} after exp); the server answered ${answered}. The client should refresh it before exp.`,
      },
    ];
  },
});
