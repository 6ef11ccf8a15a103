import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PanelTransport } from '../lib/protocol/transport.ts';
import { TokenDetail } from './TokenDetail.tsx';
import { TokenList } from './TokenList.tsx';
import { useCapture } from './use-capture.ts';
import { viewOf } from './token-view.ts';

const PASTED = '\u0000pasted';

/** The JWT Lens panel. It knows nothing of how it is connected: the transport is a prop. */
export function App({
  transport,
  clock = Date.now,
  rescanStorage,
}: {
  transport: PanelTransport;
  clock?: () => number;
  /** Reads the inspected page's web storage again (absent outside DevTools). */
  rescanStorage?: () => Promise<number>;
}) {
  const capture = useCapture(transport);
  const [now, setNow] = useState(clock);
  const [selected, setSelected] = useState<string | null>(null);
  const [pasted, setPasted] = useState('');

  useEffect(() => {
    const t = setInterval(() => setNow(clock()), 1000);
    return () => clearInterval(t);
  }, [clock]);

  const views = useMemo(
    () => [...capture.tokens.values()].sort((a, b) => b.lastSeen - a.lastSeen).map((c) => viewOf(c.token, c)),
    [capture.tokens],
  );
  const selectedView =
    selected === PASTED
      ? pasted.trim()
        ? viewOf(pasted, undefined, true)
        : null
      : (views.find((v) => v.token === selected) ?? null);

  const status = capture.status;
  return (
    <div class="app">
      <div class="toolbar" role="toolbar" aria-label="JWT Lens toolbar">
        <button
          type="button"
          class="tool-button"
          onClick={() => {
            capture.clear();
            setSelected(null);
          }}
          title="Clear captured tokens"
          aria-label="Clear"
        >
          ⃠ Clear
        </button>
        <label class="tool-check" title="Keep tokens when the page navigates">
          <input
            type="checkbox"
            data-testid="preserve-log"
            checked={capture.preserveLog}
            onChange={(e) => capture.setPreserveLog((e.currentTarget as HTMLInputElement).checked)}
          />
          Preserve log
        </label>
        {rescanStorage && (
          <button
            type="button"
            class="tool-button"
            data-testid="rescan-storage"
            title="Read the page's localStorage and sessionStorage again"
            onClick={() => void rescanStorage()}
          >
            Rescan storage
          </button>
        )}
        <span class="toolbar-count">
          {views.length} token{views.length === 1 ? '' : 's'}
          {capture.dropped > 0 && ` · ${capture.dropped} older sightings dropped`}
        </span>
        <span class="toolbar-spacer" />
        <span class={`connection connection-${status.state}`} data-testid="connection" data-state={status.state}>
          {status.state === 'connected'
            ? 'Live'
            : status.state === 'connecting'
              ? 'Connecting…'
              : status.state === 'disconnected'
                ? 'Reconnecting…'
                : status.message}
        </span>
      </div>
      {status.state === 'version-mismatch' && (
        <div class="banner" role="alert">
          {status.message}
        </div>
      )}
      {capture.error && (
        <div class="banner" role="alert">
          {capture.error}
        </div>
      )}
      <div class="split">
        <div class="list-pane">
          <label class="paste">
            <span class="visually-hidden">Paste a token</span>
            <textarea
              data-testid="paste-token"
              placeholder="Paste a token (JWS, JWE or unsecured JWT) to decode it"
              rows={2}
              spellcheck={false}
              value={pasted}
              onInput={(e) => {
                const value = (e.currentTarget as HTMLTextAreaElement).value;
                setPasted(value);
                setSelected(value.trim() ? PASTED : null);
              }}
              onFocus={() => pasted.trim() && setSelected(PASTED)}
            />
          </label>
          {views.length ? (
            <TokenList views={views} selected={selected} now={now} onSelect={setSelected} />
          ) : (
            <div class="empty" data-testid="empty-state">
              <p>No tokens yet.</p>
              <p class="muted">Reload the page to capture the tokens it sends, or paste one above.</p>
            </div>
          )}
        </div>
        <div class="detail-pane">
          {selectedView ? (
            <TokenDetail view={selectedView} now={now} />
          ) : (
            <div class="empty">
              <p class="muted">
                {views.length
                  ? 'Select a token to see it decoded.'
                  : 'Captured and pasted tokens appear here, decoded.'}
              </p>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
