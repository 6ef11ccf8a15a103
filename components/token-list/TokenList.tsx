import { Component } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isMenuKey, Menu } from '../common/Menu.tsx';
import type { CapturedToken } from '../../lib/capture/model.ts';
import { tooLargeNote } from '../../lib/capture/sighting-label.ts';
import { KindBadge } from '../common/KindBadge.tsx';
import { formatDuration } from '../../lib/time-claims.ts';
import type { ValidityState } from '../../lib/types.ts';
import { rowValidity, type SortColumn, type SortOrder, type TokenRow } from '../state/token-rows.ts';
import './token-list.css';
import { showInvisible } from '../../lib/text/visible-text.ts';
import { VisibleText } from '../common/VisibleText.tsx';

/** Height of one list row in pixels (rows are fixed-height so only the visible ones are rendered). */
export const ROW_HEIGHT = 22;
// Rows drawn beyond each edge of the view: enough for a wheel step, few enough that a keystroke
// redraws ~37 rows in a 720 px window, not 41.
const OVERSCAN = 4;

const STATE_TEXT: Record<ValidityState, string> = {
  valid: 'Valid',
  expired: 'Expired',
  'not-yet-valid': 'Not yet',
  'no-expiry': 'No exp',
};

const SOURCE_TEXT: Record<string, string> = {
  header: 'header',
  cookie: 'cookie',
  'set-cookie': 'set-cookie',
  url: 'url',
  body: 'body',
  'local-storage': 'storage',
  'session-storage': 'storage',
  pasted: 'pasted',
};

const COLUMNS: { id: SortColumn; title: string; label: string }[] = [
  { id: 'validity', title: 'State', label: 'Validity state' },
  { id: 'alg', title: 'Alg', label: 'Algorithm' },
  { id: 'typ', title: 'Typ', label: 'Token type (the header typ)' },
  { id: 'subject', title: 'Subject', label: 'Subject (sub, email, username or client id)' },
  { id: 'name', title: 'Name', label: 'Where it travelled: header, cookie, storage key or parameter name' },
  { id: 'issuer', title: 'Issuer', label: 'Issuer host' },
  { id: 'expiry', title: 'Expiry', label: 'Expiry, relative to now' },
  { id: 'sources', title: 'Sources', label: 'Where the token was seen' },
  { id: 'request', title: 'Request', label: 'Latest request that carried the token' },
  { id: 'count', title: '#', label: 'Sightings' },
  { id: 'severity', title: 'Risk', label: 'Worst finding severity' },
];

// Grid tracks of the columns (a column without one gets DEFAULT_TRACK); the number is its least width.
const TRACKS: Record<string, [string, number]> = {
  validity: ['64px', 64],
  alg: ['50px', 50],
  typ: ['48px', 48],
  name: ['minmax(70px, 1fr)', 70],
  subject: ['minmax(90px, 1.3fr)', 90],
  issuer: ['minmax(70px, 1fr)', 70],
  expiry: ['72px', 72],
  sources: ['76px', 76],
  request: ['minmax(100px, 1.4fr)', 100],
  count: ['30px', 30],
  severity: ['66px', 66],
};
const DEFAULT_TRACK: [string, number] = ['minmax(70px, 1fr)', 70];

/** The row's origin chip: forged in the workbench, or pasted. */
function SourceChip({ row }: { row: TokenRow }) {
  if (row.forged)
    return (
      <span class="chip chip-forged" data-testid="forged-badge">
        forged
      </span>
    );
  return row.pasted ? <span class="chip">pasted</span> : null;
}

/** The grid template and least width of the shown columns. */
export function columnLayout(ids: readonly string[]): { template: string; minWidth: number } {
  const tracks = ids.map((id) => TRACKS[id] ?? DEFAULT_TRACK);
  return { template: tracks.map((t) => t[0]).join(' '), minWidth: tracks.reduce((n, t) => n + t[1], 0) };
}

/** The list's columns that can be hidden (State and Subject always stay). */
export const HIDEABLE_COLUMNS = COLUMNS.filter((c) => c.id !== 'validity' && c.id !== 'subject').map((c) => ({
  id: c.id,
  title: c.title,
  label: c.label,
}));

function expiryText(row: TokenRow, now: number): string {
  if (row.exp === undefined) return '—';
  const delta = row.exp - now / 1000;
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
}

// A token listed from memory only (too large for a storage item) says so in its own row.
function TooLargeChip({ bytes }: { bytes: number }) {
  return (
    <span
      class="chip chip-warn"
      data-testid="row-too-large"
      title="Listed from memory only: gone after a worker restart"
    >
      {tooLargeNote(bytes)}
    </span>
  );
}

/** One cell of a table row. */
function cellOf(id: SortColumn, r: TokenRow, state: ValidityState, expiry: string, c: CapturedToken) {
  switch (id) {
    case 'validity':
      return (
        <div key={id} role="gridcell" class="col col-validity">
          <span class={`validity validity-${state} compact`} data-testid="validity-state" data-state={state}>
            {STATE_TEXT[state]}
          </span>
        </div>
      );
    case 'alg':
      return (
        <div key={id} role="gridcell" class="col col-alg mono">
          {r.alg}
        </div>
      );
    case 'subject':
      return (
        <div key={id} role="gridcell" class="col col-subject" title={showInvisible(r.label)}>
          {c.tooLarge && <TooLargeChip bytes={c.tooLarge.bytes} />}
          <KindBadge kind={r.tokenKind} /> <SourceChip row={r} />
          {r.unstored && <UnstoredChip note={r.unstoredNote} />} <VisibleText text={r.label} />
        </div>
      );
    case 'typ':
      return (
        <div key={id} role="gridcell" class="col col-typ mono" title={r.typ ? showInvisible(r.typ) : 'no typ header'}>
          <VisibleText text={r.typ} />
        </div>
      );
    case 'name':
      return (
        <div
          key={id}
          role="gridcell"
          class="col col-name mono"
          title={showInvisible(r.names.join(', '))}
          data-testid="row-name"
        >
          <VisibleText text={r.names.join(', ')} />
        </div>
      );
    case 'issuer':
      return (
        <div key={id} role="gridcell" class="col col-issuer" title={showInvisible(r.issuerHost)}>
          <VisibleText text={r.issuerHost} />
        </div>
      );
    case 'expiry':
      return (
        <div
          key={id}
          role="gridcell"
          class="col col-expiry"
          title={r.exp ? new Date(r.exp * 1000).toLocaleString() : 'no exp claim'}
        >
          {expiry}
        </div>
      );
    case 'sources':
      return (
        <div key={id} role="gridcell" class="col col-sources">
          {[...new Set(r.sources.map((s) => SOURCE_TEXT[s] ?? s))].join(' ')}
        </div>
      );
    case 'request':
      return (
        <div
          key={id}
          role="gridcell"
          class="col col-request"
          title={
            r.requestUrl &&
            showInvisible(`${r.requestUrl}${r.requestStatus !== undefined ? ` → ${r.requestStatus}` : ''}`)
          }
        >
          <VisibleText text={r.request} />
        </div>
      );
    case 'count':
      return (
        <div key={id} role="gridcell" class="col col-count" title={`${r.count} sightings`}>
          {r.count}
        </div>
      );
    case 'severity':
      return (
        <div key={id} role="gridcell" class="col col-severity">
          {r.worst ? (
            <span class={`sev sev-${r.worst}`} data-testid="row-severity" data-severity={r.worst}>
              {r.worst}
            </span>
          ) : r.inspected ? (
            <span class="muted">none</span>
          ) : (
            <span class="muted">…</span>
          )}
        </div>
      );
    default:
      return <div key={id} role="gridcell" class={`col col-${id}`} />;
  }
}

/** What a row calls back; one object per list, always holding the list's current callbacks. */
interface RowHandlers {
  onSelect(token: string): void;
  onOpen(token: string): void;
  onRowMenu?: ((token: string, x: number, y: number) => void) | undefined;
}

interface ListRowProps {
  c: CapturedToken;
  r: TokenRow;
  index: number;
  state: ValidityState;
  /** The Expiry column's text ("in 5m"): the row is drawn again when it changes, not every second. */
  expiry: string;
  selected: boolean;
  compact: boolean;
  columns: readonly { id: SortColumn }[];
  template: string;
  minWidth: number;
  handlers: RowHandlers;
}

/** One row of the list, drawn again only when one of its props changes (a keystroke keeps the rows it still lists). */
export class ListRow extends Component<ListRowProps> {
  override shouldComponentUpdate(next: ListRowProps): boolean {
    const p = this.props;
    for (const k in next) if (!Object.is(p[k as keyof ListRowProps], next[k as keyof ListRowProps])) return true;
    return false;
  }

  override render() {
    const { c, r, index: i, state, expiry, selected: isSelected, compact, columns, template, minWidth } = this.props;
    const h = this.props.handlers;
    return (
      <div
        id={`token-row-${i}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={isSelected}
        class={`token-grid token-row${isSelected ? ' selected' : ''}${r.worst ? ` risk-${r.worst}` : ''}${
          compact ? ' compact' : ''
        }`}
        style={{ gridTemplateColumns: template, minWidth: `${minWidth}px`, top: `${i * ROW_HEIGHT}px` }}
        data-testid="token-row"
        data-token-index={i}
        onClick={() => h.onSelect(c.token)}
        onDblClick={() => h.onOpen(c.token)}
        onContextMenu={(e) => {
          if (!h.onRowMenu) return;
          e.preventDefault();
          h.onSelect(c.token);
          h.onRowMenu(c.token, e.clientX, e.clientY);
        }}
      >
        {compact ? (
          <div role="gridcell" class="col compact-cell" title={showInvisible(r.label)}>
            <span class={`validity validity-${state} compact`} data-testid="validity-state" data-state={state}>
              {STATE_TEXT[state]}
            </span>
            <span class="mono compact-alg">{r.alg}</span>
            <KindBadge kind={r.tokenKind} />
            <span class="compact-label">
              {c.tooLarge && <TooLargeChip bytes={c.tooLarge.bytes} />}
              <SourceChip row={r} />
              {r.unstored && <UnstoredChip note={r.unstoredNote} />} <VisibleText text={r.label} />
            </span>
            {r.worst && (
              <span class={`sev sev-${r.worst}`} data-testid="row-severity" data-severity={r.worst}>
                {r.worst}
              </span>
            )}
          </div>
        ) : (
          columns.map((col) => cellOf(col.id, r, state, expiry, c))
        )}
      </div>
    );
  }
}

/**
 * The token list: sortable columns (hide them from the header's context menu), virtualised rows,
 * ↑/↓ to move, Enter to open, a context menu per row (right click, ContextMenu key, Shift+F10).
 * `compact` draws one column (state, alg, subject, risk), as Network does beside an open detail.
 */
export function TokenList(props: {
  entries: readonly CapturedToken[];
  rowOf(captured: CapturedToken): TokenRow;
  selected: string | null;
  now: number;
  /** Seconds of clock-skew tolerance for the State column (the panel's setting). */
  clockSkew?: number;
  sort: SortOrder;
  onSort(column: SortColumn): void;
  onSelect(token: string): void;
  onOpen(token: string): void;
  /** Tokens seen by the view, so their inspection goes first. */
  onVisible?(tokens: string[]): void;
  /** One column instead of the table. */
  compact?: boolean;
  /** Ids of hidden columns. */
  hiddenColumns?: readonly string[];
  onToggleColumn?(id: string): void;
  /** The user asked for a row's context menu at (x, y). */
  onRowMenu?(token: string, x: number, y: number): void;
  /** The filter is still matching: what is listed is its result so far (`aria-busy`). */
  busy?: boolean;
  /**
   * What the user changes to list other tokens (the filter text and the sort): when it changes,
   * the rows leaving the view lend their elements to the tokens entering it (see `rowKeys`).
   */
  recycleOn?: string;
}) {
  const { entries, rowOf, selected, now, sort, onSort, onSelect, onOpen, onVisible } = props;
  const { compact = false, hiddenColumns = [], onToggleColumn, onRowMenu } = props;
  const hiddenKey = hiddenColumns.join(',');
  // The same arrays while the hidden columns stay: rows that did not change are not drawn again.
  const columns = useMemo(
    () => COLUMNS.filter((c) => !hiddenColumns.includes(c.id) || !HIDEABLE_COLUMNS.some((h) => h.id === c.id)),
    [hiddenKey],
  );
  const layout = useMemo(
    () => (compact ? { template: 'minmax(0, 1fr)', minWidth: 0 } : columnLayout(columns.map((c) => c.id))),
    [compact, columns],
  );
  // One object for every row, holding the latest callbacks (a new closure per render would redraw each row).
  const handlers = useRef<RowHandlers>({ onSelect, onOpen, onRowMenu }).current;
  handlers.onSelect = onSelect;
  handlers.onOpen = onOpen;
  handlers.onRowMenu = onRowMenu;
  const gridStyle = { gridTemplateColumns: layout.template, minWidth: `${layout.minWidth}px` };
  const [columnMenu, setColumnMenu] = useState<{ x: number; y: number } | null>(null);
  const clockSkew = props.clockSkew ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 600);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(entries.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible = entries.slice(first, last);
  const visibleKey = visible.map((c) => c.token).join('\n');
  useEffect(() => {
    onVisible?.(visible.map((c) => c.token));
  }, [visibleKey]);

  const selectedIndex = selected === null ? -1 : entries.findIndex((c) => c.token === selected);

  // Row elements by key. A token keeps its row element while it stays in view, so a row never
  // changes token under the pointer while new traffic re-sorts the list. When `recycleOn` changes
  // (the user typed a filter or sorted: every row in view shows another token), the rows leaving
  // the view are given, in order, to the tokens entering it, and their elements are patched rather
  // than built again: a keystroke that lists other tokens built ~1,100 nodes for 41 rows (issue 14).
  // `keys` holds the last render's rows in view order (a Map keeps insertion order).
  const rowKeys = useRef({ on: props.recycleOn, keys: new Map<string, string>(), next: 0 }).current;
  const keyOf = new Map<string, string>();
  {
    const free: string[] = [];
    if (rowKeys.on !== props.recycleOn) {
      const inView = new Set(visible.map((c) => c.token));
      for (const [token, key] of rowKeys.keys) if (!inView.has(token)) free.push(key);
    }
    rowKeys.on = props.recycleOn;
    let f = 0;
    for (const c of visible)
      keyOf.set(c.token, rowKeys.keys.get(c.token) ?? (f < free.length ? free[f++]! : `r${rowKeys.next++}`));
    rowKeys.keys = keyOf;
  }

  const scrollIntoView = (i: number) => {
    const el = scrollRef.current;
    if (!el) return;
    const top = i * ROW_HEIGHT;
    const viewHeight = el.clientHeight || height;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + viewHeight) el.scrollTop = top + ROW_HEIGHT - viewHeight;
    setScrollTop(el.scrollTop);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const move = (i: number) => {
      const c = entries[Math.max(0, Math.min(entries.length - 1, i))];
      if (!c) return;
      e.preventDefault();
      onSelect(c.token);
      scrollIntoView(entries.indexOf(c));
    };
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    if (e.key === 'ArrowDown') move(selectedIndex + 1);
    else if (e.key === 'ArrowUp') move(selectedIndex < 0 ? 0 : selectedIndex - 1);
    else if (e.key === 'PageDown') move(selectedIndex + page);
    else if (e.key === 'PageUp') move(selectedIndex - page);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(entries.length - 1);
    else if (e.key === 'Enter' && selected !== null) {
      e.preventDefault();
      onOpen(selected);
    } else if (isMenuKey(e) && selected !== null && onRowMenu) {
      e.preventDefault();
      const row = scrollRef.current?.querySelector(`#token-row-${selectedIndex}`);
      const r = row?.getBoundingClientRect();
      onRowMenu(selected, (r?.left ?? 0) + 24, r?.bottom ?? 0);
    }
  };

  const openColumnMenu = (x: number, y: number) => {
    if (onToggleColumn && !compact) setColumnMenu({ x, y });
  };

  return (
    <div
      class="token-table"
      role="grid"
      aria-label="Captured tokens"
      aria-rowcount={entries.length + 1}
      aria-busy={props.busy === true ? true : undefined}
      aria-activedescendant={selectedIndex >= 0 ? `token-row-${selectedIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="token-list"
    >
      <div
        class={`token-grid token-head${compact ? ' compact' : ''}`}
        role="row"
        aria-rowindex={1}
        style={gridStyle}
        onContextMenu={(e) => {
          e.preventDefault();
          openColumnMenu(e.clientX, e.clientY);
        }}
        onKeyDown={(e) => {
          if (isMenuKey(e)) {
            e.preventDefault();
            e.stopPropagation();
            const r = (e.target as HTMLElement).getBoundingClientRect();
            openColumnMenu(r.left, r.bottom);
          }
        }}
      >
        {compact && (
          <div role="columnheader" class="col" aria-sort="none">
            <span class="compact-head">Tokens</span>
          </div>
        )}
        {!compact &&
          columns.map((c) => (
            <div
              key={c.id}
              role="columnheader"
              class={`col col-${c.id}`}
              aria-sort={sort.column === c.id ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              title={`${c.label} — click to sort, right-click to choose columns`}
            >
              <button type="button" class="sort-button" data-testid={`sort-${c.id}`} onClick={() => onSort(c.id)}>
                {c.title}
                {sort.column === c.id ? (sort.descending ? ' ▾' : ' ▴') : ''}
              </button>
            </div>
          ))}
      </div>
      {columnMenu && onToggleColumn && (
        <Menu
          label="Columns"
          testId="column-menu"
          x={columnMenu.x}
          y={columnMenu.y}
          onClose={() => setColumnMenu(null)}
          entries={HIDEABLE_COLUMNS.map((c) => ({
            id: `column-${c.id}`,
            label: `${c.title} — ${c.label}`,
            checked: !hiddenColumns.includes(c.id),
            onSelect: () => onToggleColumn(c.id),
          }))}
        />
      )}
      <div
        class="token-scroll"
        ref={scrollRef}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
        role="presentation"
        style={{ minWidth: `${layout.minWidth}px` }}
      >
        <div style={{ height: `${entries.length * ROW_HEIGHT}px`, position: 'relative' }} role="presentation">
          {visible.map((c, k) => {
            const i = first + k;
            const r = rowOf(c);
            return (
              // Keyed by token, but for a filter or sort change (see rowKeys); a row whose props did not
              // change is not drawn again.
              <ListRow
                key={keyOf.get(c.token)}
                c={c}
                r={r}
                index={i}
                state={rowValidity(r, now, clockSkew)}
                expiry={expiryText(r, now)}
                selected={c.token === selected}
                compact={compact}
                columns={columns}
                template={layout.template}
                minWidth={layout.minWidth}
                handlers={handlers}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Says a token kept in storage or a cookie is there no more (the page removed it, or the server deleted the cookie). */
function UnstoredChip({ note = 'no longer stored' }: { note?: string | undefined }) {
  const byServer = note.startsWith('deleted by the server');
  return (
    <span
      class="chip"
      data-testid="no-longer-stored"
      data-removed-by={byServer ? 'server' : 'page'}
      title={
        byServer
          ? 'A response deleted the cookie that held it (Set-Cookie: Max-Age=0 or Expires in the past)'
          : 'The page removed it from web storage'
      }
    >
      {note}
    </span>
  );
}
