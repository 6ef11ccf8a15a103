import './common/common.css';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Sighting } from '../lib/capture/model.ts';
import { Menu } from './common/Menu.tsx';
import { SplitHandle } from './layout/SplitHandle.tsx';
import type { PanelTransport } from '../lib/protocol/transport.ts';
import { ErrorBoundary } from './common/ErrorBoundary.tsx';
import { ExportPanel } from './export/ExportPanel.tsx';
import type { PanelHost } from './host.ts';
import { KeyRingView } from './key-ring/KeyRingView.tsx';
import { PasteBox } from './paste/PasteBox.tsx';
import type { InspectFn } from './state/inspect-token.ts';
import { PanelStore } from './state/panel-store.ts';
import { tokenActions, type TokenAction } from './state/token-actions.ts';
import { usePanel } from './state/use-panel.ts';
import { Toolbar } from './toolbar/Toolbar.tsx';
import { NoSelection } from './token-detail/NoSelection.tsx';
import { TokenDetail } from './token-detail/TokenDetail.tsx';
import { NoMatch, NoTokens } from './token-list/ListPlaceholders.tsx';
import { TokenList } from './token-list/TokenList.tsx';

/** Below this split width (px) an open detail leaves the list one compact column, as in Network. */
export const NARROW_WIDTH = 760;
/** The compact list's largest share of the split. */
const COMPACT_FRACTION = 0.4;

/** Ctrl+C / Cmd+C copies the selected token when no text is selected and no field has focus. */
function useCopyShortcut(copy: () => boolean): void {
  const copyRef = useRef(copy);
  copyRef.current = copy;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'c') return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if ((document.getSelection()?.toString() ?? '') !== '') return;
      if (copyRef.current()) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/** Tracks an element's width. */
function useWidth(ref: { current: HTMLElement | null }): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return width;
}

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
  const splitRef = useRef<HTMLDivElement>(null);
  const splitWidth = useWidth(splitRef);
  const [menu, setMenu] = useState<{ x: number; y: number; actions: TokenAction[]; label: string } | null>(null);
  const entries = store.entries();
  const listed = store.listed();
  const detail = store.detail();
  const { capture, ring } = s;
  const detailToken = detail?.token;

  // A new selection starts at the top of the detail, with its verdict in view.
  useLayoutEffect(() => {
    if (detailRef.current) detailRef.current.scrollTop = 0;
  }, [detailToken]);

  useCopyShortcut(() => {
    if (!detailToken) return false;
    void store.copy(detailToken, 'token');
    return true;
  });

  const showDetail = s.pane === 'keys' || detail !== undefined;
  const narrow = splitWidth > 0 && splitWidth < NARROW_WIDTH;
  const compact = narrow && showDetail;
  const listOnly = narrow && !showDetail;
  const fraction = compact ? Math.min(COMPACT_FRACTION, s.layout.listFraction) : s.layout.listFraction;
  const openMenu = (x: number, y: number, actions: TokenAction[], label: string) => setMenu({ x, y, actions, label });
  const onRowMenu = (token: string, x: number, y: number) => {
    const entry = entries.find((e) => e.token === token);
    openMenu(x, y, tokenActions(token, entry), 'Token actions');
  };
  const onSightingMenu = (sighting: Sighting, x: number, y: number) => {
    if (detail) openMenu(x, y, tokenActions(detail.token, detail.captured, sighting), 'Sighting actions');
  };

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
        message={s.copyMessage}
      />
      {capture.status.state === 'version-mismatch' && (
        <div class="banner" role="alert">
          {capture.status.message}
        </div>
      )}
      {capture.notices.length > 0 && (
        <div class="notice-bar">
          {capture.notices.map((n) => (
            <span key={n.code} class="toolbar-notice" role="status" data-testid="capture-notice" data-code={n.code}>
              {n.message}
            </span>
          ))}
        </div>
      )}
      {capture.error && (
        <div class="banner" role="alert">
          {capture.error}
        </div>
      )}
      {s.exportOpen && (
        <ErrorBoundary what="export">
          <ExportPanel
            options={s.exportOptions}
            hasSelected={!!store.selectedEntry()}
            text={store.reportText()}
            onOptions={(patch) => store.setExportOptions(patch)}
            onClose={() => store.closeExport()}
          />
        </ErrorBoundary>
      )}
      <div
        class={`split${compact ? ' split-compact' : ''}${listOnly ? ' split-list-only' : ''}`}
        ref={splitRef}
        data-layout={compact ? 'compact' : listOnly ? 'list' : 'split'}
      >
        <div
          class="list-pane"
          id="list-pane"
          style={listOnly ? { width: '100%' } : { width: `${(fraction * 100).toFixed(2)}%` }}
        >
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
            <ErrorBoundary what="token list" resetKey={listed}>
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
                compact={compact}
                hiddenColumns={s.layout.hiddenColumns}
                onToggleColumn={(id) => store.toggleColumn(id)}
                onRowMenu={onRowMenu}
              />
            </ErrorBoundary>
          )}
        </div>
        {!listOnly && (
          <SplitHandle
            fraction={fraction}
            container={splitRef}
            controls="list-pane"
            onChange={(f, done) => store.setListFraction(f, done)}
          />
        )}
        <div
          class="detail-pane"
          hidden={listOnly}
          ref={detailRef}
          tabIndex={-1}
          aria-label={s.pane === 'keys' ? 'Key ring' : 'Token detail'}
        >
          {s.pane === 'keys' ? (
            <ErrorBoundary what="key ring">
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
            </ErrorBoundary>
          ) : detail ? (
            <ErrorBoundary what="token detail" resetKey={detail.token}>
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
                onClose={() => store.deselect()}
                onSightingMenu={onSightingMenu}
              />
            </ErrorBoundary>
          ) : (
            <NoSelection hasTokens={entries.length > 0} />
          )}
        </div>
      </div>
      {menu && (
        <Menu
          label={menu.label}
          x={menu.x}
          y={menu.y}
          onClose={() => setMenu(null)}
          entries={menu.actions.map((a) => ({
            id: a.id,
            label: a.label.length > 72 ? `${a.label.slice(0, 71)}…` : a.label,
            onSelect: () => (a.kind === 'copy' ? void store.copy(a.text, a.what) : store.setFilter(a.text)),
          }))}
        />
      )}
    </div>
  );
}
