import type { SentEntry } from '../state/sent-log.ts';
import { VisibleText } from '../common/VisibleText.tsx';

const WHY = {
  replay: 'Replay',
  'endpoint-test': 'Test endpoint',
  'fetch-keys': 'Fetch keys',
  'use-in-app': 'Use in app',
};

/** Every request JWT Lens itself sent, newest first: time, why, method, URL and status. */
export function SentLogView({ entries }: { entries: readonly SentEntry[] }) {
  return (
    <details class="section sent-log-section" open={entries.length > 0 && entries.length <= 3}>
      <summary>
        <h3 class="inline-h3">Requests JWT Lens sent ({entries.length})</h3>
      </summary>
      <div class="endpoint-results-wrap" tabIndex={0} role="region" aria-label="Requests JWT Lens sent">
        <table class="sent-log" data-testid="sent-log">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Why</th>
              <th scope="col">Method</th>
              <th scope="col">URL</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {[...entries].reverse().map((e) => (
              <tr
                key={e.id}
                data-testid="sent-entry"
                data-why={e.why}
                {...(e.status !== undefined ? { 'data-status': e.status } : {})}
              >
                <td title={new Date(e.time).toISOString()}>{new Date(e.time).toLocaleTimeString()}</td>
                <td>
                  {WHY[e.why]}
                  {e.detail && (
                    <div class="muted">
                      <VisibleText text={e.detail} />
                    </div>
                  )}
                </td>
                <td>{e.method}</td>
                <td class="url-cell">
                  <VisibleText text={e.url} />
                </td>
                <td class={e.error || (e.status !== undefined && e.status >= 400) ? 'status-bad' : undefined}>
                  {e.pending ? 'pending' : e.error ? <VisibleText text={e.error} /> : e.status}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
