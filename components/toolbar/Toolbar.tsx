import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MoreIcon } from '../common/icons.tsx';
import { Menu, type MenuEntry } from '../common/Menu.tsx';
import type { CaptureState } from '../state/capture-state.ts';
import { overflowSlots } from './overflow.ts';
import { SkewSetting } from './SkewSetting.tsx';
import './toolbar.css';

/**
 * `/` focuses the filter, as in DevTools' Network panel (not while typing in a field), and so does
 * Ctrl+F / Cmd+F while the panel has focus (DevTools' own find bar does nothing here).
 */
function useFilterShortcuts(): { current: HTMLInputElement | null } {
  const filterRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        target &&
        (target.tagName === 'INPUT' ||
          target.tagName === 'TEXTAREA' ||
          target.tagName === 'SELECT' ||
          target.isContentEditable);
      const find = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f';
      if (find || (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return filterRef;
}

/** Room the filter always keeps, the » button, the gap between controls and the bar's padding (px). */
const FILTER_MIN = 120;
const MORE_WIDTH = 24;
const GAP = 8;
const PADDING = 12;

interface Slot {
  id: string;
  priority: number;
  /** Where it sits: before the filter, right after it, or at the far end. */
  side: 'start' | 'mid' | 'end';
  bar: JSX.Element;
  menu: MenuEntry;
}

/**
 * The panel toolbar: clear, preserve log, rescan, filter, counts, key ring, export, connection.
 * It never clips: controls that do not fit move, lowest priority first, into the » menu.
 */
export function Toolbar(props: {
  capture: CaptureState;
  onPreserveLog(enabled: boolean): void;
  /** Seconds of clock-skew tolerance, and its setter (the skew input is shown when given). */
  clockSkew?: number;
  onClockSkew?(seconds: number): void;
  rescanStorage?: () => Promise<number>;
  onClear(): void;
  filterText: string;
  filterWarnings: string[];
  onFilter(text: string): void;
  count: { listed: number; total: number };
  keyCount: number;
  keysOpen: boolean;
  onToggleKeys(): void;
  onAddKey(): void;
  onExport(): void;
  canExport: boolean;
  /** Opens the workbench on a new token from the template (shown when given). */
  onNewToken?(): void;
  /** A short confirmation ("Copied token") to announce. */
  message?: string;
  /** The timeline is shown, and its toggle (shown when given). */
  timelineOpen?: boolean;
  onToggleTimeline?(): void;
  /** Opens a HAR file as a session of its own (the "Open HAR…" control is shown when given). */
  onOpenHar?(file: File): void;
}) {
  const { capture, count } = props;
  const status = capture.status;
  const filterRef = useFilterShortcuts();
  const barRef = useRef<HTMLDivElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const widths = useRef(new Map<string, number>());
  const [barWidth, setBarWidth] = useState(0);
  const [hidden, setHidden] = useState<readonly string[]>([]);
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const harRef = useRef<HTMLInputElement>(null);
  const openHar = () => harRef.current?.click();

  const countText = `${count.listed === count.total ? count.total : `${count.listed} of ${count.total}`} token${
    count.total === 1 ? '' : 's'
  }${capture.dropped > 0 ? ` · ${capture.dropped} older sightings dropped` : ''}`;
  const connectionText =
    status.state === 'connected'
      ? 'Live'
      : status.state === 'connecting'
        ? 'Connecting…'
        : status.state === 'disconnected'
          ? 'Reconnecting…'
          : status.message;

  const slots: Slot[] = [
    {
      id: 'clear',
      priority: 4,
      side: 'start',
      bar: (
        <button
          type="button"
          class="tool-button"
          data-testid="clear"
          onClick={props.onClear}
          title="Clear captured and pasted tokens"
          aria-label="Clear"
        >
          Clear
        </button>
      ),
      menu: { id: 'clear', label: 'Clear', onSelect: props.onClear, testId: 'clear' },
    },
    {
      id: 'preserve',
      priority: 3,
      side: 'start',
      bar: (
        <label class="tool-check" title="Keep tokens when the page navigates">
          <input
            type="checkbox"
            data-testid="preserve-log"
            checked={capture.preserveLog}
            onChange={(e) => props.onPreserveLog((e.currentTarget as HTMLInputElement).checked)}
          />
          Preserve log
        </label>
      ),
      menu: {
        id: 'preserve',
        label: 'Preserve log',
        checked: capture.preserveLog,
        onSelect: () => props.onPreserveLog(!capture.preserveLog),
        testId: 'preserve-log',
      },
    },
    ...(props.rescanStorage
      ? [
          {
            id: 'rescan',
            priority: 2,
            side: 'start' as const,
            bar: (
              <button
                type="button"
                class="tool-button"
                data-testid="rescan-storage"
                title="Read the page's localStorage and sessionStorage again"
                onClick={() => void props.rescanStorage?.()}
              >
                Rescan storage
              </button>
            ),
            menu: {
              id: 'rescan',
              label: 'Rescan storage',
              onSelect: () => void props.rescanStorage?.(),
              testId: 'rescan-storage',
            },
          },
        ]
      : []),
    ...(props.onClockSkew
      ? [
          {
            id: 'skew',
            priority: 10,
            side: 'mid' as const,
            bar: <SkewSetting seconds={props.clockSkew ?? 0} onChange={props.onClockSkew} />,
            menu: {
              id: 'skew',
              label: `Clock skew ${props.clockSkew ?? 0} s (widen the panel to change it)`,
              onSelect: () => undefined,
              disabled: true,
            },
          },
        ]
      : []),
    {
      id: 'count',
      priority: 5,
      side: 'mid',
      bar: (
        <span class="toolbar-count" data-testid="token-count">
          {countText}
        </span>
      ),
      menu: { id: 'count', label: countText, onSelect: () => undefined, disabled: true, testId: 'token-count' },
    },
    ...(props.onNewToken
      ? [
          {
            id: 'new-token',
            priority: 7,
            side: 'end' as const,
            bar: (
              <button
                type="button"
                class="tool-button"
                data-testid="new-token"
                onClick={props.onNewToken}
                title="Make a new token in the workbench (HS256 template)"
              >
                + New token
              </button>
            ),
            menu: { id: 'new-token', label: 'New token', onSelect: props.onNewToken, testId: 'new-token' },
          },
        ]
      : []),
    ...(props.onToggleTimeline
      ? [
          {
            id: 'timeline',
            priority: 11,
            side: 'end' as const,
            bar: (
              <button
                type="button"
                class="tool-button"
                data-testid="timeline-toggle"
                aria-pressed={props.timelineOpen === true}
                onClick={props.onToggleTimeline}
                title="Show the session timeline in place of the list"
              >
                Timeline
              </button>
            ),
            menu: {
              id: 'timeline',
              label: 'Timeline',
              checked: props.timelineOpen === true,
              onSelect: props.onToggleTimeline,
              testId: 'timeline-toggle',
            },
          },
        ]
      : []),
    ...(props.onOpenHar
      ? [
          {
            id: 'open-har',
            priority: 1,
            side: 'start' as const,
            bar: (
              <button
                type="button"
                class="tool-button"
                data-testid="open-har-button"
                onClick={openHar}
                title="Open a HAR file (Chrome, Firefox, Safari) as a session of its own"
              >
                Open HAR…
              </button>
            ),
            menu: { id: 'open-har', label: 'Open HAR…', onSelect: openHar, testId: 'open-har-button' },
          },
        ]
      : []),
    {
      id: 'add-key',
      priority: 8,
      side: 'end',
      bar: (
        <button
          type="button"
          class="tool-button"
          data-testid="add-key"
          onClick={props.onAddKey}
          title="Add a key to verify tokens"
        >
          + Add key
        </button>
      ),
      menu: { id: 'add-key', label: 'Add key', onSelect: props.onAddKey, testId: 'add-key' },
    },
    {
      id: 'keys',
      priority: 9,
      side: 'end',
      bar: (
        <button
          type="button"
          class="tool-button"
          data-testid="key-ring-toggle"
          aria-pressed={props.keysOpen}
          onClick={props.onToggleKeys}
          title="Show the key ring"
        >
          Keys ({props.keyCount})
        </button>
      ),
      menu: {
        id: 'keys',
        label: `Keys (${props.keyCount})`,
        checked: props.keysOpen,
        onSelect: props.onToggleKeys,
        testId: 'key-ring-toggle',
      },
    },
    {
      id: 'export',
      priority: 7,
      side: 'end',
      bar: (
        <button
          type="button"
          class="tool-button"
          data-testid="export-open"
          disabled={!props.canExport}
          onClick={props.onExport}
        >
          Export
        </button>
      ),
      menu: {
        id: 'export',
        label: 'Export',
        onSelect: props.onExport,
        disabled: !props.canExport,
        testId: 'export-open',
      },
    },
    {
      id: 'connection',
      priority: 6,
      side: 'end',
      bar: (
        <span class={`connection connection-${status.state}`} data-testid="connection" data-state={status.state}>
          {connectionText}
        </span>
      ),
      menu: { id: 'connection', label: connectionText, onSelect: () => undefined, disabled: true },
    },
  ];

  useLayoutEffect(() => {
    const el = barRef.current;
    if (!el) return;
    const measure = () => setBarWidth(el.clientWidth);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // The controls' widths come from a ResizeObserver (called after layout, before paint), so a render
  // never forces a synchronous layout of the whole panel: with 10,000 tokens that forced layout was the
  // largest cost of a filter keystroke. Hidden controls keep their last width.
  const fit = useRef<() => void>(() => undefined);
  fit.current = () => {
    if (barWidth === 0) return;
    const next = overflowSlots(
      slots.map((s) => ({ id: s.id, priority: s.priority, width: widths.current.get(s.id) ?? 0 })),
      barWidth - PADDING - FILTER_MIN - GAP * 3,
      MORE_WIDTH,
      GAP,
    );
    if (next.join(' ') !== hidden.join(' ')) setHidden(next);
  };
  const slotObserver = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) {
        // A control moved into the » menu left the bar: it keeps its last width (a detached node reports 0).
        if (!e.target.isConnected) {
          ro.unobserve(e.target);
          continue;
        }
        const slot = (e.target as HTMLElement).dataset.slot;
        const box = e.borderBoxSize?.[0];
        if (slot) widths.current.set(slot, box ? box.inlineSize : (e.target as HTMLElement).offsetWidth);
      }
      fit.current();
    });
    slotObserver.current = ro;
    for (const node of barRef.current?.querySelectorAll<HTMLElement>('[data-slot]') ?? []) ro.observe(node);
    return () => ro.disconnect();
  }, []);
  // After every render: watch the controls now in the bar (observing twice is a no-op; no layout read).
  useLayoutEffect(() => {
    const ro = slotObserver.current;
    if (ro) for (const node of barRef.current?.querySelectorAll<HTMLElement>('[data-slot]') ?? []) ro.observe(node);
  });
  const slotKey = slots.map((s) => s.id).join(' ');
  useEffect(() => fit.current(), [barWidth, slotKey]);

  const shown = (side: Slot['side']) =>
    slots
      .filter((s) => s.side === side && !hidden.includes(s.id))
      .map((s) => (
        <span key={s.id} class="toolbar-slot" data-slot={s.id}>
          {s.bar}
        </span>
      ));
  const overflowed = slots.filter((s) => hidden.includes(s.id));

  return (
    <div class="toolbar" role="toolbar" aria-label="JWT Lens toolbar" data-testid="toolbar" ref={barRef}>
      {shown('start')}
      {slots.some((s) => s.side === 'start' && !hidden.includes(s.id)) && <span class="toolbar-sep" />}
      <input
        ref={filterRef}
        type="search"
        class={`filter-input${props.filterWarnings.length ? ' has-warning' : ''}`}
        data-testid="token-filter"
        placeholder="Filter  (e.g. url:/api/me  status:401  name:Authorization  expired)"
        aria-label="Filter tokens (press / or Ctrl+F to focus)"
        title={
          props.filterWarnings.length
            ? props.filterWarnings.join('; ')
            : 'Free text over claims, URLs, hosts, names, sources and rule ids; url:, path:, method:, status:, name:, host:, alg:, source:, iss:, sub:, rule:, severity:, kind: (jws, jwe, id, access, refresh, dpop, jarm, logout, …), is:, any claim:value; -term negates'
        }
        value={props.filterText}
        onInput={(e) => props.onFilter((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onFilter('');
        }}
      />
      {shown('mid')}
      <span class="toolbar-spacer" />
      {shown('end')}
      {props.onOpenHar && (
        <input
          ref={harRef}
          type="file"
          accept=".har,application/json"
          class="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="open-har"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            if (file) props.onOpenHar?.(file);
            input.value = '';
          }}
        />
      )}
      <span class="visually-hidden" role="status" data-testid="copy-status">
        {props.message ?? ''}
      </span>
      {overflowed.length > 0 && (
        <button
          ref={moreRef}
          type="button"
          class="tool-button toolbar-more"
          data-testid="toolbar-overflow"
          aria-label={`More tools: ${overflowed.map((s) => s.menu.label).join(', ')}`}
          title="More tools"
          aria-haspopup="menu"
          aria-expanded={menuAt !== null}
          onClick={() => {
            const r = moreRef.current?.getBoundingClientRect();
            setMenuAt(menuAt ? null : { x: r?.left ?? 0, y: r?.bottom ?? 0 });
          }}
        >
          <MoreIcon />
        </button>
      )}
      {menuAt && overflowed.length > 0 && (
        <Menu
          entries={overflowed.map((s) => s.menu)}
          x={menuAt.x}
          y={menuAt.y}
          label="More tools"
          testId="toolbar-overflow-menu"
          onClose={() => setMenuAt(null)}
        />
      )}
    </div>
  );
}
