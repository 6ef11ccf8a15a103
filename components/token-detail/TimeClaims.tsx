import { WarnIcon } from '../common/icons.tsx';
import { claimText, describeRelative, toUtcString, type TimeStatus } from '../../lib/time-claims.ts';

const STATE_TEXT = {
  valid: 'Valid',
  expired: 'Expired',
  'not-yet-valid': 'Not yet valid',
  'no-expiry': 'No expiry',
} as const;

/** The token's validity state as a badge. */
export function ValidityBadge({ status, compact }: { status: TimeStatus; compact?: boolean }) {
  return (
    <span
      class={`validity validity-${status.state}${compact ? ' compact' : ''}`}
      data-testid="validity-state"
      data-state={status.state}
    >
      {STATE_TEXT[status.state]}
    </span>
  );
}

const PROBLEM_TEXT = {
  'not-a-number': 'not a NumericDate (must be a number of seconds)',
  milliseconds: 'looks like milliseconds, not seconds: servers read it as a date far in the future',
  negative: 'negative: before 1970',
  'out-of-range': 'out of the range of dates',
} as const;

/** exp / nbf / iat as local time, UTC and relative to now. */
export function TimeClaims({ status, now }: { status: TimeStatus; now: number }) {
  if (status.claims.length === 0) return <p class="muted">No time claims (exp, nbf, iat).</p>;
  return (
    <table class="time-claims" data-testid="time-claims">
      <thead>
        <tr>
          <th scope="col">Claim</th>
          <th scope="col">Local time</th>
          <th scope="col">UTC</th>
          <th scope="col">Relative</th>
        </tr>
      </thead>
      <tbody>
        {status.claims.map((c) => {
          const secs = c.seconds;
          const usable = secs !== undefined && c.problem !== 'out-of-range';
          return (
            <tr key={c.name} data-claim={c.name}>
              <th scope="row">
                <code>{c.name}</code>
              </th>
              <td>{usable ? new Date(secs * 1000).toLocaleString() : claimText(c)}</td>
              <td>{usable ? toUtcString(secs) : '—'}</td>
              <td>
                {usable ? describeRelative(c.name, secs, now) : ''}
                {c.problem && (
                  <div class="claim-problem">
                    <WarnIcon /> {PROBLEM_TEXT[c.problem]}
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
