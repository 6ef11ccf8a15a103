import type { ComponentChildren } from 'preact';
import type { CapturedToken, RequestRecord, Sighting } from '../../lib/capture/model.ts';
import { isMenuKey } from '../common/Menu.tsx';
import {
  awaitsStatus,
  isSent,
  sightingLabel,
  sightingOrigin,
  sightingSource,
} from '../../lib/capture/sighting-label.ts';
import { showInvisible } from '../../lib/text/visible-text.ts';
import { VisibleText } from '../common/VisibleText.tsx';
import { formatLateness, timeMarkAt, type SightingTimeMark } from '../../lib/time-claims.ts';

const MAX_ROWS = 200;

function statusText(s: Sighting): string {
  if (s.status === undefined) return awaitsStatus(s) ? 'pending' : '';
  return s.status === 0 ? 'failed' : String(s.status);
}

/** A request sent after `exp` or before `nbf`, judged with the panel's skew; other sightings get no mark. */
function markOf(s: Sighting, payload: unknown, skew: number): SightingTimeMark | undefined {
  return isSent(s) ? timeMarkAt(payload, s.time, skew) : undefined;
}

/** "sent 2 s after expiry → 401" */
function markText(mark: SightingTimeMark, s: Sighting): string {
  const status = statusText(s);
  const answer = status === '' ? '' : ` → ${status}`;
  return mark.kind === 'after-expiry'
    ? `sent ${formatLateness(mark.seconds)} after expiry${answer}`
    : `sent ${formatLateness(mark.seconds)} before nbf${answer}`;
}

/** What the server said with its answer (`WWW-Authenticate` error and description), as text. */
function ChallengeNote({ record }: { record: RequestRecord | undefined }) {
  const c = record?.challenge;
  if (!c || (c.error === undefined && c.description === undefined)) return null;
  return (
    <div class="sighting-mark" data-testid="sighting-challenge" title={showInvisible(c.raw)}>
      <VisibleText text={[c.error, c.description].filter((x) => x !== undefined).join(': ')} />
    </div>
  );
}

/**
 * Every time the token was seen, newest first: time, which way, source, where, method, URL and
 * response status; a request sent after `exp` or before `nbf` is marked with how late or early;
 * each row has a context menu (right click, ContextMenu key, Shift+F10).
 */
export function SightingsTable({
  captured,
  payload,
  clockSkew = 0,
  requests,
  onMenu,
  actions,
}: {
  captured: CapturedToken;
  /** The tab's request log by request id: a request's challenge is shown beside its status. */
  requests?: ReadonlyMap<string, RequestRecord>;
  /** The token's payload (decrypted for a JWE), whose exp and nbf the marks are judged against. */
  payload?: unknown;
  clockSkew?: number;
  onMenu?(sighting: Sighting, x: number, y: number): void;
  /** Buttons for a sighting (Replay, Test endpoint), in a last column; nothing for sightings without any. */
  actions?(sighting: Sighting): ComponentChildren;
}) {
  const rows = [...captured.sightings].reverse().slice(0, MAX_ROWS);
  return (
    <>
      <table class="sightings" data-testid="sightings">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Seen</th>
            <th scope="col">Source</th>
            <th scope="col">Name</th>
            <th scope="col">Method</th>
            <th scope="col">URL</th>
            <th scope="col">Status</th>
            {actions && <th scope="col">Act</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((s, i) => {
            const mark = markOf(s, payload, clockSkew);
            return (
              <tr
                key={i}
                data-testid="sighting-row"
                class={mark ? `sighting-${mark.kind}` : undefined}
                {...(mark?.kind === 'after-expiry' ? { 'data-after-expiry': 'true' } : {})}
                {...(mark?.kind === 'before-nbf' ? { 'data-before-nbf': 'true' } : {})}
                tabIndex={onMenu ? 0 : undefined}
                onContextMenu={(e) => {
                  if (!onMenu) return;
                  e.preventDefault();
                  onMenu(s, e.clientX, e.clientY);
                }}
                onKeyDown={(e) => {
                  if (!onMenu || !isMenuKey(e)) return;
                  e.preventDefault();
                  const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                  onMenu(s, r.left + 24, r.bottom);
                }}
              >
                <td title={new Date(s.time).toISOString()}>
                  {new Date(s.time).toLocaleTimeString()}
                  {mark && (
                    <div class="sighting-mark" data-testid="sighting-mark">
                      {markText(mark, s)}
                    </div>
                  )}
                </td>
                <td data-testid="sighting-origin">{sightingOrigin(s)}</td>
                <td>{sightingSource(s)}</td>
                <td>
                  <code>
                    <VisibleText text={sightingLabel(s)} />
                  </code>
                </td>
                <td>{s.method ?? ''}</td>
                <td class="url-cell" {...(s.url !== undefined ? { title: showInvisible(s.url) } : {})}>
                  <VisibleText text={s.url ?? ''} />
                </td>
                <td class={s.status !== undefined && s.status >= 400 ? 'status-bad' : undefined}>
                  {statusText(s)}
                  <ChallengeNote record={s.requestId !== undefined ? requests?.get(s.requestId) : undefined} />
                </td>
                {actions && <td>{actions(s)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {captured.sightings.length > MAX_ROWS && (
        <p class="muted">
          Showing the latest {MAX_ROWS} of {captured.sightings.length} kept sightings.
        </p>
      )}
    </>
  );
}
