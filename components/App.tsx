import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CapturedToken } from '../lib/capture/model.ts';
import { isPasted } from '../lib/capture/sighting-label.ts';
import type { ReportInput } from '../lib/export/build-report.ts';
import { matchFilter } from '../lib/filter/match-filter.ts';
import { parseFilter } from '../lib/filter/parse-filter.ts';
import { inspect } from '../lib/inspect.ts';
import { newKeyId, upsertKey } from '../lib/key-ring/key-ring.ts';
import type { PanelTransport } from '../lib/protocol/transport.ts';
import { timeStatus } from '../lib/time-claims.ts';
import type { KeyEntry } from '../lib/types.ts';
import { ExportPanel } from './ExportPanel.tsx';
import type { PanelHost } from './host.ts';
import { InspectionCache, type InspectFn } from './inspection-cache.ts';
import { KeyRingView, type KeyEditing } from './KeyRingView.tsx';
import { mergeEntries, pastedEntry } from './pasted-tokens.ts';
import { Toolbar } from './Toolbar.tsx';
import { TokenDetail } from './TokenDetail.tsx';
import { TokenList } from './TokenList.tsx';
import { contextFindings, mergeFindings } from './token-findings.ts';
import { rowOf, rowValidity, sortRows, type SortColumn, type SortOrder } from './token-rows.ts';
import { decodeCached, viewOf } from './token-view.ts';
import { useCapture } from './use-capture.ts';
import { useKeyRing } from './use-key-ring.ts';

const DRAFT = '\u0000draft';
const DEFAULT_SORT: SortOrder = { column: 'seen', descending: true };

/**
 * The JWT Lens panel. It knows nothing of how it is connected: the transport and every host
 * capability (key-ring storage, network fetch, weak-secret worker, storage rescan) are props.
 */
export function App({
  transport,
  clock = Date.now,
  inspectFn = inspect,
  ...host
}: PanelHost & {
  transport: PanelTransport;
  clock?: () => number;
  /** The engine's inspect (replaceable in tests). */
  inspectFn?: InspectFn;
}) {
  const capture = useCapture(transport);
  const ring = useKeyRing(host.keyRing);
  const [now, setNow] = useState(clock);
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [pasted, setPasted] = useState<ReadonlyMap<string, CapturedToken>>(new Map());
  const [filterText, setFilterText] = useState('');
  const [sort, setSort] = useState<SortOrder>(DEFAULT_SORT);
  const [pane, setPane] = useState<'token' | 'keys'>('token');
  const [keyEditing, setKeyEditing] = useState<KeyEditing>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [inspected, setInspected] = useState(0);
  const filterRef = useRef<HTMLInputElement>(null);
  const entriesRef = useRef<Map<string, CapturedToken>>(new Map());
  const pageUrlRef = useRef<string | undefined>(undefined);
  const detailRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const t = setInterval(() => setNow(clock()), 1000);
    return () => clearInterval(t);
  }, [clock]);

  // Re-render at most every 150 ms while background inspections land.
  const cache = useMemo(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return new InspectionCache(
      inspectFn,
      () => {
        timer ??= setTimeout(() => {
          timer = undefined;
          setInspected((v) => v + 1);
        }, 150);
      },
      clock,
      // Build the token's list row now, so the first filter keystroke finds every row ready.
      (token, inspection) => {
        const c = entriesRef.current.get(token);
        if (c)
          rowOf(
            c,
            inspection,
            contextFindings(c, inspection.payload ?? decodeCached(token).payload, pageUrlRef.current, clock()),
          );
      },
    );
    // One cache per panel.
  }, []);
  useEffect(() => () => cache.dispose(), [cache]);
  useEffect(() => cache.setKeys(ring.keys), [cache, ring.version]);

  const entries = useMemo(() => mergeEntries(capture.tokens, pasted), [capture.tokens, pasted]);
  entriesRef.current = useMemo(() => new Map(entries.map((c) => [c.token, c])), [entries]);
  useEffect(() => cache.request(entries.map((e) => e.token)), [cache, entries]);

  const pageUrl = host.pageUrl?.();
  pageUrlRef.current = pageUrl;
  const rowFor = useCallback(
    (c: CapturedToken) => {
      const inspection = cache.get(c.token);
      return rowOf(
        c,
        inspection,
        contextFindings(c, inspection?.payload ?? decodeCached(c.token).payload, pageUrl, now),
      );
    },
    [cache, pageUrl, now],
  );

  const filter = useMemo(() => parseFilter(filterText), [filterText]);
  const timeBucket = Math.floor(now / 5000);
  const listed = useMemo(() => {
    if (filter.terms.length === 0 && sort.column === 'seen' && sort.descending) return entries;
    const t = timeBucket * 5000;
    const rows = [];
    for (const c of entries) {
      const r = rowFor(c);
      if (filter.terms.length === 0 || matchFilter(filter, { ...r.subject, validity: rowValidity(r, t) })) rows.push(r);
    }
    return sortRows(rows, sort, t).map((r) => r.captured);
    // rowFor changes every second (now); the bucket limits the work to every 5 s, plus inspections.
  }, [entries, filter, sort, timeBucket, inspected, pageUrl]);

  const selectedEntry = selected === null || selected === DRAFT ? undefined : entries.find((c) => c.token === selected);
  const draftToken = draft.trim();
  const detailToken = selected === DRAFT ? draftToken : selectedEntry?.token;
  useEffect(() => {
    if (detailToken) cache.request([], [detailToken]);
  }, [cache, detailToken]);

  // `/` focuses the filter, as in DevTools' Network panel.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        target &&
        (target.tagName === 'INPUT' ||
          target.tagName === 'TEXTAREA' ||
          target.tagName === 'SELECT' ||
          target.isContentEditable);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const addKey = (entry: Omit<KeyEntry, 'id'>) =>
    ring.setKeys(upsertKey(ring.keys, { ...entry, id: newKeyId(ring.keys) }));

  const onPaste = (value: string) => {
    setDraft(value);
    const token = value.trim();
    if (!token) {
      setSelected(null);
      return;
    }
    setPane('token');
    if (decodeCached(token).kind === 'malformed') {
      setSelected(DRAFT);
      return;
    }
    setPasted((m) => pastedEntry(m, token, clock()));
    setSelected(token);
  };

  const reportInput = (c: CapturedToken): ReportInput => {
    const inspection = cache.get(c.token);
    const findings = mergeFindings(
      inspection,
      contextFindings(c, inspection?.payload ?? decodeCached(c.token).payload, pageUrl, now),
    );
    const keyId = inspection?.verification.status === 'verified' ? inspection.verification.keyId : undefined;
    const key = ring.keys.find((k) => k.id === keyId);
    const cracked = cache.crackedOf(c.token);
    return {
      token: c.token,
      ...(inspection ? { inspection } : {}),
      findings,
      sightings: c.sightings,
      validity: timeStatus(inspection?.payload ?? decodeCached(c.token).payload, now / 1000).state,
      ...(key ? { keyLabel: key.label || key.id } : {}),
      ...(cracked !== undefined ? { crackedSecret: cracked } : {}),
      pasted: c.sightings.every(isPasted),
    };
  };

  // A new column sorts ascending (counts: most first); clicking it again flips the direction.
  const onSort = (column: SortColumn) =>
    setSort((s) =>
      s.column === column ? { column, descending: !s.descending } : { column, descending: column === 'count' },
    );

  let detail = null;
  if (detailToken) {
    const inspection = cache.get(detailToken);
    const view = selectedEntry
      ? viewOf(selectedEntry.token, selectedEntry, selectedEntry.sightings.every(isPasted))
      : viewOf(detailToken, undefined, true);
    const findings = mergeFindings(
      inspection,
      selectedEntry ? contextFindings(selectedEntry, inspection?.payload ?? view.decoded.payload, pageUrl, now) : [],
    );
    const cracked = cache.crackedOf(detailToken);
    detail = (
      <TokenDetail
        key={detailToken}
        view={view}
        {...(selectedEntry ? { captured: selectedEntry } : {})}
        {...(inspection ? { inspection } : {})}
        fresh={cache.isFresh(detailToken)}
        findings={findings}
        now={now}
        keys={ring.keys}
        {...(host.fetchText ? { fetchText: host.fetchText } : {})}
        {...(host.crack ? { crack: host.crack } : {})}
        {...(cracked !== undefined ? { cracked } : {})}
        onCracked={(secret) => {
          cache.setCracked(detailToken, secret);
          setInspected((v) => v + 1);
        }}
        onAddKey={addKey}
      />
    );
  }

  const status = capture.status;
  return (
    <div class="app">
      <Toolbar
        capture={capture}
        {...(host.rescanStorage ? { rescanStorage: host.rescanStorage } : {})}
        onClear={() => {
          capture.clear();
          setPasted(new Map());
          setSelected(null);
          setDraft('');
        }}
        filterRef={filterRef}
        filterText={filterText}
        filterWarnings={filter.warnings}
        onFilter={setFilterText}
        count={{ listed: listed.length, total: entries.length }}
        keyCount={ring.keys.length}
        keysOpen={pane === 'keys'}
        onToggleKeys={() => setPane((p) => (p === 'keys' ? 'token' : 'keys'))}
        onAddKey={() => {
          setPane('keys');
          setKeyEditing({ kind: 'new' });
        }}
        onExport={() => setExportOpen((o) => !o)}
        canExport={entries.length > 0 || !!detailToken}
      />
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
      {exportOpen && (
        <ExportPanel
          {...(selectedEntry ? { selected: reportInput(selectedEntry) } : {})}
          all={() => listed.map(reportInput)}
          now={now}
          onClose={() => setExportOpen(false)}
        />
      )}
      <div class="split">
        <div class="list-pane">
          <label class="paste">
            <span class="visually-hidden">Paste a token</span>
            <textarea
              data-testid="paste-token"
              placeholder="Paste a token (JWS, JWE or unsecured JWT) to inspect it"
              rows={2}
              spellcheck={false}
              value={draft}
              onInput={(e) => onPaste((e.currentTarget as HTMLTextAreaElement).value)}
              onFocus={() =>
                draftToken && setSelected(decodeCached(draftToken).kind === 'malformed' ? DRAFT : draftToken)
              }
            />
          </label>
          {entries.length === 0 ? (
            <div class="empty" data-testid="empty-state">
              <p>No tokens yet — reload the page or paste one.</p>
              <p class="muted">
                Tokens in Authorization headers, cookies, URLs, bodies and web storage of the inspected page show up
                here.
              </p>
            </div>
          ) : listed.length === 0 ? (
            <div class="empty" data-testid="filter-empty">
              <p>No token matches “{filterText}”.</p>
              <button type="button" class="tool-button bordered" onClick={() => setFilterText('')}>
                Clear the filter
              </button>
            </div>
          ) : (
            <TokenList
              entries={listed}
              rowOf={rowFor}
              selected={selected}
              now={now}
              sort={sort}
              onSort={onSort}
              onSelect={(t) => {
                setSelected(t);
                setPane('token');
              }}
              onOpen={(t) => {
                setSelected(t);
                setPane('token');
                setTimeout(() => detailRef.current?.focus(), 0);
              }}
              onVisible={(tokens) => cache.request([], tokens)}
            />
          )}
        </div>
        <div
          class="detail-pane"
          ref={detailRef}
          tabIndex={-1}
          aria-label={pane === 'keys' ? 'Key ring' : 'Token detail'}
        >
          {pane === 'keys' ? (
            <KeyRingView
              ring={ring}
              editing={keyEditing}
              onEditing={setKeyEditing}
              {...(host.fetchText ? { fetchText: host.fetchText } : {})}
            />
          ) : detail ? (
            detail
          ) : (
            <div class="empty">
              <p class="muted">
                {entries.length
                  ? 'Select a token to see it decoded, verified and audited.'
                  : 'Captured and pasted tokens appear here, decoded.'}
              </p>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
