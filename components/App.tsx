import './common/common.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Sighting } from '../lib/capture/model.ts';
import type { SkippedBodies } from '../lib/capture/response-body.ts';
import type { PanelTransport } from '../lib/protocol/transport.ts';
import { ErrorBoundary } from './common/ErrorBoundary.tsx';
import { ExportPanel } from './export/ExportPanel.tsx';
import type { PanelHost } from './host.ts';
import { ActionMenu, type OpenMenu } from './layout/ActionMenu.tsx';
import { DetailPane } from './layout/DetailPane.tsx';
import { ListPane } from './layout/ListPane.tsx';
import { SplitHandle } from './layout/SplitHandle.tsx';
import { useCopyShortcut } from './layout/use-copy-shortcut.ts';
import { useSplitLayout } from './layout/use-split-layout.ts';
import type { InspectFn } from './state/inspect-token.ts';
import { PanelStore } from './state/panel-store.ts';
import { tokenActions } from './state/token-actions.ts';
import { usePanel } from './state/use-panel.ts';
import { SessionBar } from './timeline/SessionBar.tsx';
import { TimelinePane } from './timeline/TimelinePane.tsx';
import { CaptureBanners } from './toolbar/CaptureBanners.tsx';
import { Toolbar } from './toolbar/Toolbar.tsx';
import { OverrideBanner } from './replay/OverrideBanner.tsx';

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
  // DevTools' find bar (Ctrl+F over the panel) types into the filter.
  useEffect(() => host.onFind?.((query) => store.setFilter(query)), [store]);
  const [skippedBodies, setSkippedBodies] = useState<SkippedBodies | undefined>();
  useEffect(() => host.onBodiesSkipped?.(setSkippedBodies), []);
  const s = usePanel(store, (st) => st.state);
  const detailRef = useRef<HTMLDivElement>(null);
  const splitRef = useRef<HTMLDivElement>(null);
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const entries = store.entries();
  const listed = store.listed();
  const detail = store.detail();
  const { capture, ring } = s;
  const detailToken = detail?.token;

  // A new selection starts at the top of the detail, with its verdict in view. Reset when the
  // store changes, before the new detail is drawn: the old one's layout is still valid then, while
  // after the draw the write forced a layout of the whole new detail inside the click's task.
  useEffect(() => {
    let shown = store.detailToken();
    return store.subscribe(() => {
      const token = store.detailToken();
      if (token === shown) return;
      shown = token;
      if (detailRef.current) detailRef.current.scrollTop = 0;
    });
  }, [store]);

  useCopyShortcut(() => {
    if (!detailToken) return false;
    void store.copy(detailToken, 'token');
    return true;
  });

  const showDetail = s.pane !== 'token' || detail !== undefined;
  const { compact, listOnly, fraction } = useSplitLayout(splitRef, showDetail, s.layout.listFraction);
  // The timeline needs the width: in a narrow panel it goes above the detail instead of beside it.
  const stacked = s.timelineOpen && compact;
  const openMenu = (x: number, y: number, actions: OpenMenu['actions'], label: string) =>
    setMenu({ x, y, actions, label });
  const onRowMenu = (token: string, x: number, y: number) => {
    const entry = entries.find((e) => e.token === token);
    openMenu(x, y, tokenActions(token, entry), 'Token actions');
  };
  // Stable, so the detail pane is not drawn again for a render of the panel (a filter keystroke).
  const onSightingMenu = useCallback(
    (sighting: Sighting, x: number, y: number) => {
      const shown = store.detail();
      if (shown)
        setMenu({ x, y, actions: tokenActions(shown.token, shown.captured, sighting), label: 'Sighting actions' });
    },
    [store],
  );
  const paneHost = useSameObject(host);

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
        onNewToken={() => store.newToken()}
        message={s.copyMessage}
        timelineOpen={s.timelineOpen}
        onToggleTimeline={() => store.toggleTimeline()}
        {...(host.importHar ? { onOpenHar: (file: File) => store.openHar(file, file.name) } : {})}
      />
      <SessionBar
        sessions={s.harSessions}
        session={s.session}
        onSession={(id) => store.setSession(id)}
        onCancel={(id) => store.cancelHar(id)}
        onClose={(id) => store.closeHar(id)}
      />
      <CaptureBanners capture={capture} {...(skippedBodies ? { skippedBodies } : {})} />
      <OverrideBanner active={capture.override.active} onStop={() => store.stopUseInApp()} />
      {s.exportOpen && (
        <ErrorBoundary what="export">
          <ExportPanel
            options={s.exportOptions}
            hasSelected={!!store.selectedEntry()}
            text={store.reportText()}
            onOptions={(patch) => store.setExportOptions(patch)}
            onClose={() => store.closeExport()}
            harText={() => store.harExportText()}
          />
        </ErrorBoundary>
      )}
      <div
        class={`split${compact ? ' split-compact' : ''}${listOnly ? ' split-list-only' : ''}${stacked ? ' split-stacked' : ''}`}
        ref={splitRef}
        data-layout={compact ? 'compact' : listOnly ? 'list' : 'split'}
      >
        <div
          class="list-pane"
          id="list-pane"
          style={listOnly ? { width: '100%' } : { width: `${(fraction * 100).toFixed(2)}%` }}
        >
          {s.timelineOpen ? (
            <TimelinePane store={store} s={s} onOpen={(t) => store.select(t)} />
          ) : (
            <ListPane
              store={store}
              s={s}
              compact={compact}
              onOpen={(t) => {
                store.select(t);
                setTimeout(() => detailRef.current?.focus(), 0);
              }}
              onRowMenu={onRowMenu}
            />
          )}
        </div>
        {!listOnly && !stacked && (
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
          aria-label={s.pane === 'keys' ? 'Key ring' : s.pane === 'workbench' ? 'Token workbench' : 'Token detail'}
        >
          <DetailPane store={store} host={paneHost} onSightingMenu={onSightingMenu} />
        </div>
      </div>
      {menu && <ActionMenu menu={menu} store={store} onClose={() => setMenu(null)} />}
    </div>
  );
}

// The previous object while every field is the same (the rest of App's props is a new object per render).
function useSameObject<T extends object>(value: T): T {
  const ref = useRef(value);
  const prev = ref.current as Record<string, unknown>;
  const next = value as Record<string, unknown>;
  const keys = Object.keys(next);
  if (keys.length !== Object.keys(prev).length || keys.some((k) => !Object.is(prev[k], next[k]))) ref.current = value;
  return ref.current;
}
