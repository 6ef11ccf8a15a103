import './common/common.css';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { PanelTransport } from '../lib/protocol/transport.ts';
import { ExportPanel } from './export/ExportPanel.tsx';
import type { PanelHost } from './host.ts';
import { KeyRingView } from './key-ring/KeyRingView.tsx';
import { PasteBox } from './paste/PasteBox.tsx';
import type { InspectFn } from './state/inspect-token.ts';
import { PanelStore } from './state/panel-store.ts';
import { usePanel } from './state/use-panel.ts';
import { Toolbar } from './toolbar/Toolbar.tsx';
import { NoSelection } from './token-detail/NoSelection.tsx';
import { TokenDetail } from './token-detail/TokenDetail.tsx';
import { NoMatch, NoTokens } from './token-list/ListPlaceholders.tsx';
import { TokenList } from './token-list/TokenList.tsx';

/**
 * The JWT Lens panel. It knows nothing of how it is connected: the transport and every host
 * capability (key-ring storage, network fetch, weak-secret worker, storage rescan) are props.
 * State and logic live in the {@link PanelStore}; this only composes the views.
 */
export function App({
  transport,
  clock,
  inspectFn,
  ...host
}: PanelHost & {
  transport: PanelTransport;
  clock?: () => number;
  /** The engine's inspect (replaceable in tests). */
  inspectFn?: InspectFn;
}) {
  // One store per panel.
  const store = useMemo(
    () => new PanelStore({ transport, host, ...(clock ? { clock } : {}), ...(inspectFn ? { inspectFn } : {}) }),
    [],
  );
  useEffect(() => store.start(), [store]);
  const s = usePanel(store, (st) => st.state);
  const detailRef = useRef<HTMLDivElement>(null);
  const entries = store.entries();
  const listed = store.listed();
  const detail = store.detail();
  const { capture, ring } = s;

  return (
    <div class="app">
      <Toolbar
        capture={capture}
        onPreserveLog={(on) => store.setPreserveLog(on)}
        clockSkew={s.clockSkew}
        onClockSkew={(seconds) => store.setClockSkew(seconds)}
        {...(host.rescanStorage ? { rescanStorage: host.rescanStorage } : {})}
        onClear={() => store.clear()}
        filterText={s.filterText}
        filterWarnings={store.filter().warnings}
        onFilter={(text) => store.setFilter(text)}
        count={{ listed: listed.length, total: entries.length }}
        keyCount={ring.keys.length}
        keysOpen={s.pane === 'keys'}
        onToggleKeys={() => store.toggleKeys()}
        onAddKey={() => store.startAddKey()}
        onExport={() => store.toggleExport()}
        canExport={entries.length > 0 || !!detail}
      />
      {capture.status.state === 'version-mismatch' && (
        <div class="banner" role="alert">
          {capture.status.message}
        </div>
      )}
      {capture.error && (
        <div class="banner" role="alert">
          {capture.error}
        </div>
      )}
      {s.exportOpen && (
        <ExportPanel
          options={s.exportOptions}
          hasSelected={!!store.selectedEntry()}
          text={store.reportText()}
          onOptions={(patch) => store.setExportOptions(patch)}
          onClose={() => store.closeExport()}
        />
      )}
      <div class="split">
        <div class="list-pane">
          <PasteBox
            value={s.draft}
            reading={store.pasteReading()}
            onInput={(v) => store.paste(v)}
            onFocus={() => store.focusPaste()}
          />
          {entries.length === 0 ? (
            <NoTokens />
          ) : listed.length === 0 ? (
            <NoMatch filterText={s.filterText} onClear={() => store.setFilter('')} />
          ) : (
            <TokenList
              entries={listed}
              rowOf={(c) => store.rowOf(c)}
              selected={s.selected}
              now={s.now}
              clockSkew={s.clockSkew}
              sort={s.sort}
              onSort={(column) => store.sortBy(column)}
              onSelect={(t) => store.select(t)}
              onOpen={(t) => {
                store.select(t);
                setTimeout(() => detailRef.current?.focus(), 0);
              }}
              onVisible={(tokens) => store.visible(tokens)}
            />
          )}
        </div>
        <div
          class="detail-pane"
          ref={detailRef}
          tabIndex={-1}
          aria-label={s.pane === 'keys' ? 'Key ring' : 'Token detail'}
        >
          {s.pane === 'keys' ? (
            <KeyRingView
              ring={ring}
              editing={s.keyEditing}
              onEditing={(e) => store.setKeyEditing(e)}
              onSave={(entry) => store.saveKey(entry)}
              onRemove={(id) => store.removeKey(id)}
              {...(host.fetchText ? { onFetchJwks: (url: string) => store.fetchJwks(url) } : {})}
              onImport={(text) => store.importKeys(text)}
              onExport={(secrets) => store.exportKeys(secrets)}
            />
          ) : detail ? (
            <TokenDetail
              key={detail.token}
              view={detail.view}
              {...(detail.captured ? { captured: detail.captured } : {})}
              {...(detail.inspection ? { inspection: detail.inspection } : {})}
              fresh={detail.fresh}
              {...(detail.cracked !== undefined ? { cracked: detail.cracked } : {})}
              now={s.now}
              clockSkew={s.clockSkew}
              keys={ring.keys}
              {...(host.fetchText ? { fetchText: host.fetchText } : {})}
              {...(host.crack ? { crack: host.crack } : {})}
              onCracked={(secret) => store.setCracked(detail.token, secret)}
              onAddKey={(entry) => store.addKey(entry)}
            />
          ) : (
            <NoSelection hasTokens={entries.length > 0} />
          )}
        </div>
      </div>
    </div>
  );
}
