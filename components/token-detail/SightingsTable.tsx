import type { CapturedToken, Sighting } from '../../lib/capture/model.ts';
import { isMenuKey } from '../common/Menu.tsx';
import { awaitsStatus, sightingLabel, sightingOrigin, sightingSource } from '../../lib/capture/sighting-label.ts';

const MAX_ROWS = 200;

/**
 * Every time the token was seen, newest first: time, which way, source, where, method, URL and
 * response status; each row has a context menu (right click, ContextMenu key, Shift+F10).
 */
export function SightingsTable({
  captured,
  onMenu,
}: {
  captured: CapturedToken;
  onMenu?(sighting: Sighting, x: number, y: number): void;
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
          </tr>
        </thead>
        <tbody>
          {rows.map((s, i) => (
            <tr
              key={i}
              data-testid="sighting-row"
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
              <td title={new Date(s.time).toISOString()}>{new Date(s.time).toLocaleTimeString()}</td>
              <td data-testid="sighting-origin">{sightingOrigin(s)}</td>
              <td>{sightingSource(s)}</td>
              <td>
                <code>{sightingLabel(s)}</code>
              </td>
              <td>{s.method ?? ''}</td>
              <td class="url-cell" title={s.url}>
                {s.url ?? ''}
              </td>
              <td class={s.status !== undefined && s.status >= 400 ? 'status-bad' : undefined}>
                {s.status === undefined ? (awaitsStatus(s) ? 'pending' : '') : s.status === 0 ? 'failed' : s.status}
              </td>
            </tr>
          ))}
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
