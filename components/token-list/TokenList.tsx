import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CapturedToken } from '../../lib/capture/model.ts';
import { formatDuration } from '../../lib/time-claims.ts';
import type { ValidityState } from '../../lib/types.ts';
import { rowValidity, type SortColumn, type SortOrder, type TokenRow } from '../state/token-rows.ts';
import './token-list.css';

/** Height of one list row in pixels (rows are fixed-height so only the visible ones are rendered). */
export const ROW_HEIGHT = 22;
const OVERSCAN = 8;

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

function expiryText(row: TokenRow, now: number): string {
  if (row.exp === undefined) return '—';
  const delta = row.exp - now / 1000;
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
}

/** The token list: sortable columns, virtualised rows, ↑/↓ to move, Enter to open. */
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
}) {
  const { entries, rowOf, selected, now, sort, onSort, onSelect, onOpen, onVisible } = props;
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
    }
  };

  return (
    <div
      class="token-table"
      role="grid"
      aria-label="Captured tokens"
      aria-rowcount={entries.length + 1}
      aria-activedescendant={selectedIndex >= 0 ? `token-row-${selectedIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="token-list"
    >
      <div class="token-grid token-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((c) => (
          <div
            key={c.id}
            role="columnheader"
            class={`col col-${c.id}`}
            aria-sort={sort.column === c.id ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            title={`${c.label} — click to sort`}
          >
            <button type="button" class="sort-button" data-testid={`sort-${c.id}`} onClick={() => onSort(c.id)}>
              {c.title}
              {sort.column === c.id ? (sort.descending ? ' ▾' : ' ▴') : ''}
            </button>
          </div>
        ))}
      </div>
      <div
        class="token-scroll"
        ref={scrollRef}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
        role="presentation"
      >
        <div style={{ height: `${entries.length * ROW_HEIGHT}px`, position: 'relative' }} role="presentation">
          {visible.map((c, k) => {
            const i = first + k;
            const r = rowOf(c);
            const state = rowValidity(r, now, clockSkew);
            const isSelected = c.token === selected;
            return (
              <div
                key={c.token}
                id={`token-row-${i}`}
                role="row"
                aria-rowindex={i + 2}
                aria-selected={isSelected}
                class={`token-grid token-row${isSelected ? ' selected' : ''}${r.worst ? ` risk-${r.worst}` : ''}`}
                style={{ top: `${i * ROW_HEIGHT}px` }}
                data-testid="token-row"
                data-token-index={i}
                onClick={() => onSelect(c.token)}
                onDblClick={() => onOpen(c.token)}
              >
                <div role="gridcell" class="col col-validity">
                  <span class={`validity validity-${state} compact`} data-testid="validity-state" data-state={state}>
                    {STATE_TEXT[state]}
                  </span>
                </div>
                <div role="gridcell" class="col col-alg mono">
                  {r.alg}
                </div>
                <div role="gridcell" class="col col-typ mono" title={r.typ || 'no typ header'}>
                  {r.typ}
                </div>
                <div role="gridcell" class="col col-subject" title={r.label}>
                  {r.pasted && <span class="chip">pasted</span>} {r.label}
                </div>
                <div role="gridcell" class="col col-name mono" title={r.names.join(', ')} data-testid="row-name">
                  {r.names.join(', ')}
                </div>
                <div role="gridcell" class="col col-issuer" title={r.issuerHost}>
                  {r.issuerHost}
                </div>
                <div
                  role="gridcell"
                  class="col col-expiry"
                  title={r.exp ? new Date(r.exp * 1000).toLocaleString() : 'no exp claim'}
                >
                  {expiryText(r, now)}
                </div>
                <div role="gridcell" class="col col-sources">
                  {[...new Set(r.sources.map((s) => SOURCE_TEXT[s] ?? s))].join(' ')}
                </div>
                <div
                  role="gridcell"
                  class="col col-request"
                  title={
                    r.requestUrl && `${r.requestUrl}${r.requestStatus !== undefined ? ` → ${r.requestStatus}` : ''}`
                  }
                >
                  {r.request}
                </div>
                <div role="gridcell" class="col col-count" title={`${r.count} sightings`}>
                  {r.count}
                </div>
                <div role="gridcell" class="col col-severity">
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
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
