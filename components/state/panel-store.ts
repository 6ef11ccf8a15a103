import type { CapturedToken, RequestRecord, Sighting } from '../../lib/capture/model.ts';
import { readPaste, type PasteReading } from '../../lib/capture/paste-tokens.ts';
import { isPasted } from '../../lib/capture/sighting-label.ts';
import { buildReport, reportJson, type ReportInput } from '../../lib/export/build-report.ts';
import { reportMarkdown } from '../../lib/export/report-markdown.ts';
import { exportHar } from '../../lib/har/export-har.ts';
import type { HarImportResult } from '../../lib/har/model.ts';
import { filterNarrows, matchSubject } from '../../lib/filter/match-filter.ts';
import { parseFilter, type Filter } from '../../lib/filter/parse-filter.ts';
import { addAuthorizeRequest, authorizeRequestOf, type AuthorizeRequest } from '../../lib/oauth/authorize-request.ts';
import { classifyToken, KIND_LABELS, type TokenClassification, type TokenKind } from '../../lib/oauth/kind.ts';
import { linkTokens, type CaptureLinks, type RelationKind } from '../../lib/oauth/relations.ts';
import { PROTOCOL_VERSION } from '../../lib/protocol/messages.ts';
import type { PanelTransport } from '../../lib/protocol/transport.ts';
import type { OverridePlan } from '../../lib/override/override-rule.ts';
import { timeStatus } from '../../lib/time-claims.ts';
import type { KeyEntry } from '../../lib/types.ts';
import type { FetchText, HarImportJob, PanelHost } from '../host.ts';
import { addPanelNotice, applyWorkerMessage, INITIAL_CAPTURE, type CaptureState } from './capture-state.ts';
import { finishedSession, putSession, startedSession, type HarSession, type SessionId } from './har-sessions.ts';
import { InspectionCache, type InspectContext } from './inspection-cache.ts';
import type { InspectFn, PanelInspection } from './inspect-token.ts';
import { KeyRingModel, type KeyRingState } from './key-ring-state.ts';
import { clampFraction, DEFAULT_LAYOUT, LAYOUT_KEY, readLayout, type LayoutSettings } from './layout-settings.ts';
import {
  addForged,
  FORGED_KEY,
  forgedEntry,
  isForged,
  readForged,
  storedForged,
  type ForgedInfo,
} from './forged-tokens.ts';
import { keptPaste, mergeEntries, pastedEntries, readKeptPaste, type PasteNotKept } from './pasted-tokens.ts';
import { CLOCK_SKEW_KEY, readClockSkew } from './preferences.ts';
import { TimelineCache, type TimelineModel } from './timeline-state.ts';
import {
  builtRowOf,
  entryViewOf,
  rowOf,
  rowValidity,
  sortRows,
  type SortColumn,
  type SortOrder,
  type TokenRow,
} from './token-rows.ts';
import { decodeCached, viewOf, type TokenView } from './token-view.ts';
import { ArrivalGate, decodeAndSeed, decodesOffThread } from './arrival-gate.ts';
import { requestUseInApp } from './use-in-app-state.ts';
import { sentRecords } from './sent-log.ts';
import { INITIAL_REPLAY, ReplayModel, type ReplayState, type ReplayTarget } from './replay-state.ts';
import type { TokenReplay } from '../../lib/timeline/model.ts';
import { WorkbenchModel, type WorkbenchContext, type WorkbenchState } from './workbench-state.ts';

/** What the key-ring pane is editing: nothing, a new key, or an existing one. */
export type KeyEditing = null | { kind: 'new' } | { kind: 'edit'; id: string };

/** The export form's choices. */
export interface ExportOptions {
  scope: 'selected' | 'all';
  format: 'json' | 'markdown';
  includeSecrets: boolean;
  /** Tokens made in the workbench are reported only when this is ticked (default: absent, off). */
  includeForged?: boolean;
}

/** Everything the panel shows, in one immutable value (a new object on every change). */
export interface PanelState {
  capture: CaptureState;
  ring: KeyRingState;
  /** Epoch milliseconds, ticking every second. */
  now: number;
  /** The selected token, {@link DRAFT} for a pasted text that is not a token, or nothing. */
  selected: string | null;
  /** The paste box's text. */
  draft: string;
  pasted: ReadonlyMap<string, CapturedToken>;
  /** What of the paste box the last write could not keep across a reopen (the paste box says so); null when all is kept. */
  pasteNotKept: PasteNotKept | null;
  filterText: string;
  sort: SortOrder;
  pane: 'token' | 'keys' | 'workbench';
  /** The workbench (editor and forger), while it is open. */
  workbench: WorkbenchState | null;
  /** Tokens added from the workbench (kept in the preferences, never sent to the worker). */
  forged: ReadonlyMap<string, ForgedInfo>;
  keyEditing: KeyEditing;
  exportOpen: boolean;
  exportOptions: ExportOptions;
  /** Bumped whenever a batch of inspections lands. */
  inspected: number;
  /** The remembered layout (split, hidden columns). */
  layout: LayoutSettings;
  /** What the last copy did ("Copied token"), for a moment; empty otherwise. */
  copyMessage: string;
  /**
   * Seconds of clock-skew tolerance (default 0: expired the second exp passes). One value for the
   * row state, the filter, the detail, the sighting marks, the findings and the report.
   */
  clockSkew: number;
  /** Authorize requests seen in this tab (the newest 100); dropped on Clear. */
  authorizeRequests: readonly AuthorizeRequest[];
  /** Replay, the endpoint test, their verdicts per token and the log of every request JWT Lens sent. */
  replay: ReplayState;
  /** Which capture the list, the detail and the timeline show: live capture or an opened HAR file. */
  session: SessionId;
  /** HAR files opened in this panel, each its own capture (never sent to the worker). */
  harSessions: readonly HarSession[];
  /** The timeline is shown in place of the list. */
  timelineOpen: boolean;
}

/** The token detail as the view draws it. */
export interface DetailModel {
  token: string;
  view: TokenView;
  captured?: CapturedToken;
  inspection?: PanelInspection;
  /** False while the inspection for the current key ring is still running. */
  fresh: boolean;
  cracked?: string;
  /** Its OAuth / OpenID Connect kind and why. */
  tokenKind: TokenClassification;
  /** Links to the other captured tokens it relates to (refresh chain, DPoP, ID ↔ access, nonce). */
  related: RelatedToken[];
  /** The authorize requests (no token of their own) whose nonce and client this ID token answers. */
  authorizeRequests: readonly AuthorizeRequest[];
}

/** One link of the detail's "Related tokens" section. */
export interface RelatedToken {
  relation: RelationKind;
  reason: string;
  /** The linked token. */
  token: string;
  kind: TokenKind;
  /** The linked token's subject (or another identifying claim, or its kind). */
  label: string;
}

/** How a store is created: the transport, the host's capabilities, and what tests replace. */
export interface PanelStoreOptions {
  transport: PanelTransport;
  host?: PanelHost;
  /** Epoch milliseconds; default `Date.now`. */
  clock?: () => number;
  /** The engine's inspect (replaceable in tests). */
  inspectFn?: InspectFn;
  /**
   * Milliseconds of filter matching per slice (default 8): a keystroke lists what one slice
   * matched and the rest follows in later slices, so typing never waits for 10,000 rows.
   */
  filterSliceMs?: number;
  /**
   * Runs the filter's next match slice, or the idle row building's, later (default: a task posted
   * with `scheduler.postTask` where the browser has it, else `setTimeout(0)`); tests pass a queue
   * they drain themselves.
   */
  scheduleFilterSlice?: (run: () => void) => void;
}

/** Selection value of a pasted text that is one token which does not decode (shown as malformed, not listed). */
export const DRAFT = '\u0000draft';
/** The list's order until the user clicks a column: most recently seen first. */
export const DEFAULT_SORT: SortOrder = { column: 'seen', descending: true };
const TICK_MS = 1000;
const INSPECTED_MS = 150;
/** Longest slice of the idle row building, in ms (the panel stays responsive between slices). */
const WARM_SLICE_MS = 8;
/** Matching time per slice of a filter (see PanelStoreOptions.filterSliceMs). */
const FILTER_SLICE_MS = 8;
/** After a keystroke, background work (inspection, row building) waits this long: typing gets the thread. */
const TYPING_QUIET_MS = 200;
/** While a filter is still matching in slices, the list is redrawn at most this often. */
const FILTER_REDRAW_MS = 150;
const VALIDITY_STATES = new Set<string>(['expired', 'valid', 'not-yet-valid', 'no-expiry']);
const NO_SIGHTINGS: InspectContext = { sightings: [] };
const NO_TOKENS: ReadonlyMap<string, CapturedToken> = new Map();
const NO_FORGED: ReadonlyMap<string, ForgedInfo> = new Map();
const NO_AUTHORIZE: readonly AuthorizeRequest[] = [];

/** Remembers the last result of a function of a few inputs (compared with `Object.is`). */
function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: { args: A; value: R } | undefined;
  return (...args: A) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => Object.is(a, args[i]))) return last.value;
    const value = fn(...args);
    last = { args, value };
    return value;
  };
}

/**
 * The panel's state and its operations, outside any view. A small hand-made store (state,
 * subscribe, memoised selectors, intents) rather than @preact/signals: it adds no runtime
 * dependency to the extension, runs and is tested in Node without Preact, and its changes come in
 * few coarse batches (worker messages ≤ 10/s, inspections every 150 ms, the clock every second),
 * so a selector per view is all the granularity the panel needs.
 */
export class PanelStore {
  private s: PanelState;
  private readonly listeners = new Set<() => void>();
  private readonly transport: PanelTransport;
  private readonly host: PanelHost;
  private readonly clock: () => number;
  private readonly inspectFn: InspectFn | undefined;
  private readonly ringModel: KeyRingModel;
  private readonly replayModel: ReplayModel;
  /** The host's fetch, logging every request in the sent log. */
  private readonly loggedFetch: FetchText | undefined;
  private readonly cache: InspectionCache;
  private entriesByToken = new Map<string, CapturedToken>();
  private lastEntries: CapturedToken[] | undefined;
  private detailRequested: string | undefined;
  /** The inspected page's URL as last read from the host (it is learnt asynchronously, and navigates). */
  private pageUrl: string | undefined;
  private inspectedTimer: ReturnType<typeof setTimeout> | undefined;
  private copyTimer: ReturnType<typeof setTimeout> | undefined;
  /** The user changed the layout before the stored one loaded: theirs wins. */
  private layoutTouched = false;
  /** A paste-store write is in flight; another change came meanwhile. */
  private pasteWriting = false;
  private pasteDirty = false;
  /** The kept paste record was read (writes wait for it); Clear came before it was. */
  private pastesLoaded = false;
  private pasteClearedEarly = false;

  constructor(options: PanelStoreOptions) {
    this.transport = options.transport;
    this.host = options.host ?? {};
    this.clock = options.clock ?? Date.now;
    this.inspectFn = options.inspectFn;
    this.filterSliceMs = options.filterSliceMs ?? FILTER_SLICE_MS;
    this.scheduleSlice = options.scheduleFilterSlice ?? defaultSliceScheduler();
    this.ringModel = new KeyRingModel(this.host.keyRing, (ring) => {
      const versionChanged = ring.version !== this.s.ring.version;
      this.set({ ring });
      if (versionChanged) {
        this.cache.setKeys(ring.keys);
        this.wb?.inspect();
      }
    });
    this.s = {
      capture: INITIAL_CAPTURE,
      ring: this.ringModel.state,
      now: this.clock(),
      selected: null,
      draft: '',
      pasted: new Map(),
      pasteNotKept: null,
      filterText: '',
      sort: DEFAULT_SORT,
      pane: 'token',
      workbench: null,
      forged: new Map(),
      keyEditing: null,
      exportOpen: false,
      exportOptions: { scope: 'all', format: 'markdown', includeSecrets: false },
      inspected: 0,
      layout: DEFAULT_LAYOUT,
      copyMessage: '',
      clockSkew: 0,
      authorizeRequests: [],
      replay: INITIAL_REPLAY,
      session: 'live',
      harSessions: [],
      timelineOpen: false,
    };
    this.replayModel = new ReplayModel(
      {
        ...(this.host.sendReplay ? { send: this.host.sendReplay } : {}),
        ...(this.host.requestReplayPermission ? { requestPermission: this.host.requestReplayPermission } : {}),
        request: (id) => this.requests().get(id),
        forgeContext: (token) => {
          const cracked = this.cache.crackedOf(token);
          return {
            keys: this.s.ring.keys,
            now: Math.floor(this.clock() / 1000),
            otherTokens: this.entries()
              .map((e) => e.token)
              .filter((t) => t !== token)
              .slice(0, 20),
            ...(cracked !== undefined ? { crackedSecret: cracked } : {}),
          };
        },
        workbenchToken: () => this.s.workbench?.token || this.lastWorkbenchToken,
        onTrials: (token) => this.cache.request([], [token]),
        clock: this.clock,
      },
      (replay) => this.set({ replay }),
    );
    this.loggedFetch = this.host.fetchText ? this.replayModel.sentLog.wrapFetch(this.host.fetchText) : undefined;
    this.cache = new InspectionCache(
      options.inspectFn,
      () => {
        const bump = (): void => {
          this.inspectedTimer = undefined;
          // New results re-match the filter and redraw the list: not while the user is typing.
          const wait = this.quietUntil - Date.now();
          if (wait > 0) this.inspectedTimer = setTimeout(bump, wait);
          else this.set({ inspected: this.s.inspected + 1 });
        };
        this.inspectedTimer ??= setTimeout(bump, INSPECTED_MS);
      },
      this.clock,
      // Build the token's list row now, so the first filter keystroke finds every row ready.
      (token, inspection) => {
        const c = this.entriesByToken.get(token);
        if (c) rowOf(c, inspection);
      },
      (token) => {
        const c = this.entriesByToken.get(token);
        const pageUrl = this.pageUrl;
        if (!c) return NO_SIGHTINGS;
        const peers = this.links().peers.get(token);
        const endpointTrials = this.s.replay.trials.get(token);
        return {
          sightings: c.sightings,
          ...(pageUrl ? { pageUrl } : {}),
          ...(peers ? { peers, peersKey: JSON.stringify(peers) } : {}),
          ...(endpointTrials ? { endpointTrials } : {}),
        };
      },
      this.host.quickSecretCheck,
    );
  }

  // ---- store plumbing

  /** The current state. */
  get state(): PanelState {
    return this.s;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<PanelState>): void {
    // Going back to the token detail (a row, a paste, Esc) leaves the workbench.
    if (patch.pane === 'token' && this.wb) {
      this.wb.dispose();
      this.wb = undefined;
      patch = { ...patch, workbench: null };
    }
    this.s = { ...this.s, ...patch };
    if (
      patch.capture !== undefined ||
      patch.pasted !== undefined ||
      patch.forged !== undefined ||
      patch.session !== undefined ||
      patch.harSessions !== undefined
    )
      this.entriesChanged();
    const detail = this.detailToken();
    if (detail !== this.detailRequested) {
      this.detailRequested = detail;
      if (detail) this.cache.request([], [detail]);
    }
    for (const l of [...this.listeners]) l();
  }

  /** Connects the transport, loads the key ring and starts the clock; returns the function that stops it all. */
  start(): () => void {
    // A message bringing a large token waits for its decoding off the main thread (and keeps its place).
    const arrivals = new ArrivalGate(
      (m) => this.set({ capture: applyWorkerMessage(this.s.capture, m, this.clock()) }),
      this.host.decodeLarge,
    );
    const stopTransport = this.transport.start({
      onStatus: (status) => this.set({ capture: { ...this.s.capture, status } }),
      onMessage: (m) => arrivals.accept(m),
    });
    const stopNotices = this.host.captureNotices?.((n) => this.set({ capture: addPanelNotice(this.s.capture, n) }));
    const stopAuthorize = this.host.onAuthorizeRequest?.((url) => this.addAuthorizeRequest(url));
    void this.ringModel.load();
    void this.loadPreferences();
    void this.loadPastes();
    this.pageUrl = this.host.pageUrl?.();
    const tick = setInterval(() => {
      const pageUrl = this.host.pageUrl?.();
      // Travel findings depend on the page: every token is inspected again under the new URL.
      if (pageUrl !== this.pageUrl) {
        this.pageUrl = pageUrl;
        this.cache.request(this.entries().map((e) => e.token));
      }
      this.cache.tick();
      this.set({ now: this.clock() });
    }, TICK_MS);
    return () => {
      stopTransport();
      arrivals.stop();
      stopNotices?.();
      stopAuthorize?.();
      clearInterval(tick);
      clearTimeout(this.inspectedTimer);
      clearTimeout(this.copyTimer);
      clearTimeout(this.warmTimer);
      this.stopped = true;
      this.cache.dispose();
      this.wb?.dispose();
      this.replayModel.dispose();
      for (const job of this.harJobs.values()) job.cancel();
    };
  }

  private setLayout(layout: LayoutSettings, persist: boolean): void {
    this.layoutTouched = true;
    this.set({ layout });
    if (persist) this.host.preferences?.save({ [LAYOUT_KEY]: layout }).catch(() => undefined);
  }

  private entriesChanged(): void {
    const entries = this.entries();
    if (entries === this.lastEntries) return;
    this.lastEntries = entries;
    this.entriesByToken = new Map(entries.map((c) => [c.token, c]));
    this.cache.request(entries.map((e) => e.token));
    this.warmRows();
  }

  private warmTimer: ReturnType<typeof setTimeout> | undefined;
  private warmScheduled = false;

  // Builds every entry's list row (its filter subject) in short idle slices as tokens land, so the
  // first filter keystroke finds them ready instead of decoding 10,000 tokens at once. The rows go
  // before the bulk of the inspections (those of the visible and selected tokens still run).
  private warmRows(): void {
    if (this.warmScheduled || this.stopped) return;
    this.warmScheduled = true;
    this.cache.pauseBulk(true);
    const slice = (): void => {
      this.warmScheduled = false;
      this.warmTimer = undefined;
      if (this.stopped) return;
      if (Date.now() < this.quietUntil) {
        this.warmRows();
        return;
      }
      const entries = this.entries();
      const start = Date.now();
      let i = this.warmed.get(entries) ?? 0;
      for (; i < entries.length && Date.now() - start < WARM_SLICE_MS; i += 64) {
        for (let k = i; k < Math.min(i + 64, entries.length); k++) this.rowOf(entries[k]!);
      }
      this.warmed = new WeakMap([[entries, i]]);
      if (i < entries.length) this.warmRows();
      else this.cache.pauseBulk(false);
    };
    const wait = this.quietUntil - Date.now();
    if (wait > 0) this.warmTimer = setTimeout(slice, wait);
    else this.scheduleSlice(slice);
  }

  // ---- selectors (memoised: the same inputs give the same object)

  private warmed = new WeakMap<CapturedToken[], number>();
  private stopped = false;
  /** Date.now() until which background work stays off the thread (the user is typing a filter). */
  private quietUntil = 0;

  private readonly entriesOf = memo(
    (
      captured: ReadonlyMap<string, CapturedToken>,
      pasted: ReadonlyMap<string, CapturedToken>,
      forged: ReadonlyMap<string, ForgedInfo>,
    ) => {
      const merged = mergeEntries(captured, pasted);
      if (forged.size === 0) return merged;
      // A forged token that was also captured or pasted is one entry, still marked as forged.
      const listed = merged.map((c) => {
        const f = forged.get(c.token);
        return f ? { ...c, forged: f } : c;
      });
      const have = new Set(merged.map((c) => c.token));
      for (const f of forged.values()) if (!have.has(f.token)) listed.push(forgedEntry(f));
      return listed.sort((a, b) => b.lastSeen - a.lastSeen);
    },
  );
  /** The opened HAR session the panel shows, or undefined for live capture. */
  harSession(): HarSession | undefined {
    const id = this.s.session;
    return id === 'live' ? undefined : this.s.harSessions.find((h) => h.id === id);
  }

  /** The shown session's request log by request id (see RequestRecord): the inspected tab's, or the HAR file's. */
  requests(): ReadonlyMap<string, RequestRecord> {
    return this.harSession()?.requests ?? this.s.capture.requests;
  }

  /** Captured, pasted and forged tokens together, newest first; an opened HAR session shows only its own. */
  entries(): CapturedToken[] {
    const har = this.harSession();
    if (har) return this.entriesOf(har.tokens, NO_TOKENS, NO_FORGED);
    return this.entriesOf(this.s.capture.tokens, this.s.pasted, this.s.forged);
  }

  // Each entry's kind, kept while the entry object is (a capture change replaces only the entries it touched).
  private readonly kindCache = new WeakMap<CapturedToken, TokenClassification>();
  private readonly linksOf = memo((entries: CapturedToken[], authorizeRequests: readonly AuthorizeRequest[]) =>
    linkTokens(
      entries.map((c) => {
        // Decoded once per entry, with its row: 10,000 tokens do not fit the decode cache.
        const decoded = entryViewOf(c).decoded;
        let classification = this.kindCache.get(c);
        if (!classification) this.kindCache.set(c, (classification = classifyToken(decoded, c.sightings)));
        return { token: c.token, decoded, sightings: c.sightings, classification };
      }),
      { authorizeRequests },
    ),
  );
  /** Kinds, relations and binding peers of every captured and pasted token: computed once per capture change. */
  links(): CaptureLinks {
    return this.linksOf(this.entries(), this.harSession() ? NO_AUTHORIZE : this.s.authorizeRequests);
  }

  /** Records an authorize request the host saw (anything else is ignored); its ID tokens are judged again. */
  addAuthorizeRequest(url: string): void {
    const request = authorizeRequestOf(url);
    if (!request) return;
    this.set({ authorizeRequests: addAuthorizeRequest(this.s.authorizeRequests, request) });
    const links = this.links();
    this.cache.request(this.entries().flatMap((e) => (links.kinds.get(e.token)?.kind === 'id' ? [e.token] : [])));
  }

  /** The detail's related tokens of one token, each naming the linked token's subject or kind. */
  relatedOf(token: string): RelatedToken[] {
    return this.relatedMemo(this.links(), token);
  }

  private readonly relatedMemo = memo((links: CaptureLinks, token: string): RelatedToken[] =>
    (links.byToken.get(token) ?? []).map((r) => {
      const view = viewOf(r.to, this.entriesByToken.get(r.to));
      const kind = links.kinds.get(r.to)?.kind ?? 'other';
      const named = view.label !== 'no subject' && view.label !== 'malformed token';
      return {
        relation: r.relation,
        reason: r.reason,
        token: r.to,
        kind,
        label: named ? `${KIND_LABELS[kind]} · ${view.label}` : KIND_LABELS[kind],
      };
    }),
  );

  private readonly filterOf = memo(parseFilter);
  /** The parsed filter text. */
  filter(): Filter {
    return this.filterOf(this.s.filterText);
  }

  /** The list row of a token (cached per capture entry and inspection). */
  rowOf(c: CapturedToken): TokenRow {
    return rowOf(c, this.cache.get(c.token));
  }

  // The current filter's matching: the entries it scans (all, or the previous filter's matches
  // when the user typed on), how far it got, and what matched so far (in entry order).
  private lastMatch:
    | {
        entries: CapturedToken[];
        filter: Filter;
        t: number;
        skew: number;
        inspected: number;
        from: CapturedToken[];
        pos: number;
        matched: CapturedToken[];
        /** The row judged at each position of `from`, and its answer (plain arrays: no weak map per keystroke). */
        judged: (TokenRow | undefined)[];
        answers: boolean[];
        /** The same question over the same entries, asked before their inspections landed: unchanged rows keep its answers. */
        before?: { judged: (TokenRow | undefined)[]; answers: boolean[] };
        /** The same filter's last complete result, listed until this one is complete (no flicker when inspections land). */
        shown?: CapturedToken[];
        /** Date.now() of the last redraw while matching. */
        drawnAt: number;
      }
    | undefined;
  private readonly filterSliceMs: number;
  private readonly scheduleSlice: (run: () => void) => void;
  private matchScheduled = false;
  /** Bumped when a later slice adds matches, so the list selector recomputes. */
  private matchRound = 0;
  private matching(
    entries: CapturedToken[],
    filter: Filter,
    t: number,
    skew: number,
    inspected: number,
  ): CapturedToken[] {
    let m = this.lastMatch;
    const same = m && m.entries === entries && m.t === t && m.skew === skew && m.inspected === inspected;
    if (!m || !same || m.filter !== filter) {
      const done = m !== undefined && m.pos === m.from.length;
      const narrow = m && same && done && filterNarrows(m.filter, filter);
      // Only the inspections changed: rows that are the same objects keep their answers.
      const again = m !== undefined && m.filter === filter && m.t === t && m.skew === skew && m.from === entries;
      const shown = m !== undefined && m.filter === filter ? (done ? m.matched : m.shown) : undefined;
      m = {
        entries,
        filter,
        t,
        skew,
        inspected,
        from: narrow ? m!.matched : entries,
        pos: 0,
        matched: [],
        judged: [],
        answers: [],
        ...(again ? { before: { judged: m!.judged, answers: m!.answers } } : {}),
        ...(shown ? { shown } : {}),
        drawnAt: Date.now(),
      };
      this.lastMatch = m;
    }
    this.matchSlice();
    return m.shown && m.pos < m.from.length ? m.shown : m.matched;
  }

  // Matches the current filter for one slice; schedules the next while rows are left.
  private matchSlice(): boolean {
    const m = this.lastMatch;
    if (!m || m.pos >= m.from.length) return false;
    const { filter, t, skew, from, matched, judged, answers, before } = m;
    const start = Date.now();
    let i = m.pos;
    // t is 0 when the filter reads no validity (see validityTime).
    do {
      const end = Math.min(from.length, i + 64);
      for (; i < end; i++) {
        const c = from[i]!;
        // Every inspection that lands rebuilds its entry's row (see the cache's onResult), so a
        // built row is current: no lookup of the inspection per row and keystroke.
        const r = builtRowOf(c) ?? this.rowOf(c);
        const ok =
          before !== undefined && before.judged[i] === r
            ? before.answers[i]!
            : matchSubject(filter, r.subject, t === 0 ? 'valid' : rowValidity(r, t, skew));
        judged[i] = r;
        answers[i] = ok;
        if (ok) matched.push(c);
      }
    } while (i < from.length && Date.now() - start < this.filterSliceMs);
    m.pos = i;
    if (i < from.length) {
      // The rest of the match is what the user waits for: background work waits for it too.
      this.quietUntil = Math.max(this.quietUntil, Date.now() + TYPING_QUIET_MS);
      this.cache.hold(this.quietUntil);
      this.scheduleMatch();
    }
    return true;
  }

  private scheduleMatch(): void {
    if (this.matchScheduled || this.stopped) return;
    const next = (): void => {
      this.matchScheduled = true;
      this.scheduleSlice(() => {
        this.matchScheduled = false;
        if (this.stopped) return;
        const m = this.lastMatch;
        if (!this.matchSlice() || !m) return;
        const done = m.pos >= m.from.length;
        // While the last complete result is listed, a partial one is not drawn.
        if (done || (!m.shown && Date.now() - m.drawnAt >= FILTER_REDRAW_MS)) {
          m.drawnAt = Date.now();
          this.matchRound++;
          this.set({});
        }
        if (!done && !this.matchScheduled) next();
      });
    };
    next();
  }

  /** True while the filter is still matching in slices (the list holds what matched so far). */
  filterPending(): boolean {
    this.listed();
    const m = this.lastMatch;
    return this.filter().terms.length > 0 && m !== undefined && m.pos < m.from.length;
  }

  private readonly listedOf = memo(
    (
      entries: CapturedToken[],
      filter: Filter,
      sort: SortOrder,
      t: number,
      skew: number,
      inspected: number,
      _round: number,
    ) => {
      if (filter.terms.length === 0 && sort.column === 'seen' && sort.descending) return entries;
      const matched = filter.terms.length === 0 ? entries : this.matching(entries, filter, t, skew, inspected);
      // Entries are newest first and matching keeps their order: the default sort is already done
      // (a copy: later slices append to the matches).
      if (sort.column === 'seen' && sort.descending) return matched.slice();
      return sortRows(
        matched.map((c) => this.rowOf(c)),
        sort,
        t,
        skew,
      ).map((r) => r.captured);
    },
  );
  /** The tokens the list shows: filtered and sorted. */
  listed(): CapturedToken[] {
    const s = this.s;
    const entries = this.entries();
    const filter = this.filter();
    const t = this.validityTime(entries, filter, s.sort);
    return this.listedOf(entries, filter, s.sort, t, s.clockSkew, s.inspected, this.matchRound);
  }

  private era = { key: 0, until: -Infinity, entries: undefined as unknown, skew: 0, inspected: -1 };
  /**
   * The instant the list's validity is judged at: 0 when neither the filter nor the sort reads
   * validity; otherwise an instant that moves on only when some token changes state (its exp or nbf,
   * with the skew, passes), so the list is filtered again exactly then — never later than the rows'
   * own state, never every second for nothing.
   */
  private validityTime(entries: CapturedToken[], filter: Filter, sort: SortOrder): number {
    const reads =
      sort.column === 'validity' || filter.terms.some((t) => t.field === 'is' && VALIDITY_STATES.has(t.value));
    if (!reads) return 0;
    const { now, clockSkew, inspected } = this.s;
    const e = this.era;
    if (e.entries === entries && e.skew === clockSkew && e.inspected === inspected && now >= e.key && now < e.until)
      return e.key;
    let until = Infinity;
    for (const c of entries) {
      // A built row is current (see matchSlice).
      const { exp, nbf } = builtRowOf(c) ?? this.rowOf(c);
      if (exp !== undefined) {
        const ms = (exp + clockSkew) * 1000;
        if (ms > now && ms < until) until = ms;
      }
      if (nbf !== undefined) {
        const ms = (nbf - clockSkew) * 1000;
        if (ms > now && ms < until) until = ms;
      }
    }
    this.era = { key: now, until, entries, skew: clockSkew, inspected };
    return now;
  }

  /** True when the token is one of the entries the list draws from (captured, pasted or forged). */
  hasEntry(token: string): boolean {
    return this.entriesByToken.has(token);
  }

  /** The selected captured or pasted token's entry. */
  selectedEntry(): CapturedToken | undefined {
    const sel = this.s.selected;
    return sel === null || sel === DRAFT ? undefined : this.entriesByToken.get(sel);
  }

  /** The token the detail shows: the selected entry, or the malformed paste. */
  detailToken(): string | undefined {
    if (this.s.selected !== DRAFT) return this.selectedEntry()?.token;
    const reading = this.pasteReading();
    return reading.kind === 'malformed' ? reading.text : undefined;
  }

  /** The detail of the selected token, if any. */
  detail(): DetailModel | undefined {
    const token = this.detailToken();
    if (!token) return undefined;
    const entry = this.selectedEntry();
    const inspection = this.cache.get(token);
    const cracked = this.cache.crackedOf(token);
    const view = entry ? viewOf(entry.token, entry, onlyPasted(entry)) : viewOf(token, undefined, true);
    return {
      token,
      view,
      tokenKind:
        inspection?.tokenKind ?? this.links().kinds.get(token) ?? classifyToken(view.decoded, entry?.sightings ?? []),
      related: entry ? this.relatedOf(token) : [],
      authorizeRequests: (entry && this.links().authorizeRequests.get(token)) || [],
      ...(entry ? { captured: entry } : {}),
      ...(inspection ? { inspection } : {}),
      fresh: this.cache.isFresh(token),
      ...(cracked !== undefined ? { cracked } : {}),
    };
  }

  /** One token as the export report needs it. */
  reportInput(c: CapturedToken): ReportInput {
    const inspection = this.cache.get(c.token);
    const keyId = inspection?.verification.status === 'verified' ? inspection.verification.keyId : undefined;
    const key = this.s.ring.keys.find((k) => k.id === keyId);
    const cracked = this.cache.crackedOf(c.token);
    return {
      token: c.token,
      ...(inspection ? { inspection } : {}),
      findings: inspection?.findings ?? [],
      sightings: c.sightings,
      validity: timeStatus(inspection?.payload ?? decodeCached(c.token).payload, this.s.now / 1000, this.s.clockSkew)
        .state,
      ...(key ? { keyLabel: key.label || key.id } : {}),
      ...(cracked !== undefined ? { crackedSecret: cracked } : {}),
      pasted: onlyPasted(c),
      ...(isForged(c) ? { forged: c.forged.source !== undefined ? { from: c.forged.source } : {} } : {}),
      ...(this.s.replay.trials.has(c.token) ? { endpointTrials: this.s.replay.trials.get(c.token) } : {}),
      tokenKind:
        inspection?.tokenKind ?? this.links().kinds.get(c.token) ?? classifyToken(decodeCached(c.token), c.sightings),
      related: this.links().byToken.get(c.token) ?? [],
    };
  }

  private readonly reportOf = memo(
    (
      options: ExportOptions,
      selected: CapturedToken | undefined,
      listed: CapturedToken[],
      _i: number,
      _r: number,
      requestLog: ReadonlyMap<string, RequestRecord>,
      replay: ReplayState,
      timeline: TimelineModel,
    ) => {
      const chosen = options.scope === 'selected' && selected ? [selected] : listed;
      const inputs = chosen
        .filter((c) => options.includeForged === true || !isForged(c))
        .map((c) => this.reportInput(c));
      // The session verdicts: every session's for the whole list, the selected token's session's for one token.
      const sessionOf = (token: string) =>
        timeline.timeline.sessions.find((ss) => ss.lanes.some((l) => l.token === token))?.id;
      const only = options.scope === 'selected' && selected ? sessionOf(selected.token) : undefined;
      const verdicts = timeline.verdicts.filter((v) =>
        options.scope === 'selected' && selected ? v.session === only : true,
      );
      // The request log of the reported tokens; a whole-list export also has the 401/403 answers without one.
      const reported = new Set(inputs.map((i) => i.token));
      const requests = [...requestLog.values()].filter((r) =>
        r.tokens.length ? r.tokens.some((t) => reported.has(t)) : options.scope !== 'selected',
      );
      const report = buildReport(inputs, {
        includeSecrets: options.includeSecrets,
        generatedAt: this.s.now,
        ...(requests.length ? { requests } : {}),
        sentLog: sentRecords(replay.sentLog),
        verdicts,
      });
      return options.format === 'json' ? reportJson(report) : reportMarkdown(report);
    },
  );
  /** The export preview: the selected or every listed token, as chosen. The clock alone does not change it. */
  reportText(): string {
    const s = this.s;
    return this.reportOf(
      s.exportOptions,
      this.selectedEntry(),
      this.listed(),
      s.inspected,
      s.ring.version,
      this.requests(),
      s.replay,
      this.timeline(),
    );
  }

  // ---- intents

  private readonly pasteOf = memo((text: string) => readPaste(text, decodeCached));
  /** While a large pasted token is decoded off the main thread: the paste box text whose tokens are listed. */
  private pasteBase: string | undefined;
  private pasteSeq = 0;
  /** How the paste box's text reads: the tokens in it, one malformed token, or none. */
  pasteReading(): PasteReading {
    // While a large pasted token is decoded off the main thread, the text listed before it (never a
    // decoding of the megabyte on this thread).
    return this.pasteOf(this.pasteBase ?? this.s.draft);
  }

  /**
   * The paste box changed: every token in the text is listed (as pasted, with where in the text it
   * sat) and the first is selected; one malformed token shows as malformed; other text selects nothing.
   */
  paste(value: string): void {
    const base = this.pasteBase ?? this.s.draft;
    const seq = ++this.pasteSeq;
    const decode = this.host.decodeLarge;
    const whole = value.trim();
    if (decode && decodesOffThread(whole) && !/\s/.test(whole)) {
      // One large token pasted whole: decoded off the main thread first, then listed (the paste box
      // shows the text at once); a later change of the text supersedes it.
      this.pasteBase = base;
      this.set({ draft: value });
      this.keepPaste();
      void decodeAndSeed(decode, whole).then(() => {
        if (seq !== this.pasteSeq || this.s.draft !== value) return;
        this.pasteBase = undefined;
        this.applyPaste(value, base);
      });
      return;
    }
    this.pasteBase = undefined;
    this.applyPaste(value, base);
  }

  /** Lists the tokens of the paste box's text `value`, replacing those of the text `base` listed before. */
  private applyPaste(value: string, base: string): void {
    const previous = this.pasteOf(base);
    const reading = this.pasteOf(value);
    switch (reading.kind) {
      case 'empty':
      case 'none':
        this.set({ draft: value, selected: null });
        break;
      case 'malformed':
        this.set({ draft: value, pane: 'token', selected: DRAFT });
        break;
      case 'tokens':
        this.set({
          draft: value,
          pane: 'token',
          // Pasted tokens belong to live capture: a HAR session never mixes with them.
          session: 'live',
          pasted: pastedEntries(
            this.s.pasted,
            reading.tokens,
            this.clock(),
            previous.kind === 'tokens' ? previous.tokens : [],
          ),
          selected: reading.tokens[0]!.token,
        });
    }
    this.keepPaste();
  }

  /**
   * Writes the paste box and pasted tokens to the host's paste store at once (the panel may close
   * any moment); while a write is in flight the next one waits and writes the latest state.
   */
  private keepPaste(): void {
    const store = this.host.pastes;
    if (!store) return;
    // Nothing is written before the kept record is read: it would overwrite what the last panel kept.
    if (this.pasteWriting || !this.pastesLoaded) {
      this.pasteDirty = true;
      return;
    }
    this.pasteWriting = true;
    const empty = this.s.draft === '' && this.s.pasted.size === 0;
    const kept = empty ? undefined : keptPaste(this.s.draft, this.s.pasted);
    const failed: PasteNotKept = { draft: this.s.draft !== '', tokens: this.s.pasted.size, failed: true };
    (kept ? store.save(kept.record) : store.remove())
      .then(
        () => this.set({ pasteNotKept: kept?.notKept ?? null }),
        // Not kept: the paste still holds for this panel, and the paste box says it will not outlive it.
        () => this.set({ pasteNotKept: failed }),
      )
      .finally(() => {
        this.pasteWriting = false;
        if (!this.pasteDirty) return;
        this.pasteDirty = false;
        this.keepPaste();
      });
  }

  /** What an earlier panel of this tab kept of its paste box: listed again, behind anything pasted since. */
  private async loadPastes(): Promise<void> {
    if (!this.host.pastes) return;
    const kept = readKeptPaste(await this.host.pastes.load().catch(() => undefined));
    this.pastesLoaded = true;
    if (kept && !this.pasteClearedEarly && (kept.tokens.length > 0 || kept.draft !== '')) {
      const pasted = new Map(kept.tokens.map((t) => [t.token, t]));
      for (const [token, entry] of this.s.pasted) pasted.set(token, entry);
      this.set({ pasted, ...(this.s.draft === '' ? { draft: kept.draft } : {}) });
    }
    if (this.pasteDirty) {
      this.pasteDirty = false;
      this.keepPaste();
    }
  }

  /** The paste box got focus: its first token (or its malformed token) is shown again. */
  focusPaste(): void {
    const reading = this.pasteReading();
    if (reading.kind === 'tokens') this.set({ selected: reading.tokens[0]!.token });
    else if (reading.kind === 'malformed') this.set({ selected: DRAFT });
  }

  /** Closes the detail (the list gets its full width back). */
  deselect(): void {
    this.set({ selected: null, pane: 'token' });
  }

  /** Moves the split: the list's share of the width; `persist` when the drag or key press ends. */
  setListFraction(fraction: number, persist = true): void {
    this.setLayout({ ...this.s.layout, listFraction: clampFraction(fraction) }, persist);
  }

  /** Hides or shows a list column. */
  toggleColumn(id: string): void {
    const hidden = this.s.layout.hiddenColumns;
    this.setLayout(
      { ...this.s.layout, hiddenColumns: hidden.includes(id) ? hidden.filter((c) => c !== id) : [...hidden, id] },
      true,
    );
  }

  /** Copies text through the host's clipboard; `what` names it in the confirmation ("token"). */
  async copy(text: string, what: string): Promise<boolean> {
    const write = this.host.clipboard;
    let ok = false;
    if (write) {
      try {
        ok = await write(text);
      } catch {
        ok = false;
      }
    }
    clearTimeout(this.copyTimer);
    this.set({ copyMessage: ok ? `Copied ${what}` : `Could not copy ${what}` });
    this.copyTimer = setTimeout(() => this.set({ copyMessage: '' }), 1500);
    return ok;
  }

  /** Selects a token and shows its detail. */
  select(token: string): void {
    this.set({ selected: token, pane: 'token' });
  }

  /** These tokens are on screen: inspect them first. */
  visible(tokens: readonly string[]): void {
    this.cache.request([], tokens);
  }

  /** Sets the filter text. */
  setFilter(text: string): void {
    // The keystroke's frame and its match slices go first; inspections and row building wait.
    this.quietUntil = Date.now() + TYPING_QUIET_MS;
    this.cache.hold(this.quietUntil);
    this.set({ filterText: text });
  }

  /** A new column sorts ascending (counts: most first); clicking it again flips the direction. */
  sortBy(column: SortColumn): void {
    const s = this.s.sort;
    this.set({
      sort: s.column === column ? { column, descending: !s.descending } : { column, descending: column === 'count' },
    });
  }

  /**
   * Clears the tab's capture (through the worker) and the pasted tokens; forged tokens stay (they are
   * the user's work). In an opened HAR session it closes that session instead (nothing goes to the worker).
   */
  clear(): void {
    const har = this.harSession();
    if (har) {
      this.closeHar(har.id);
      return;
    }
    this.transport.send({ v: PROTOCOL_VERSION, kind: 'clear' });
    this.pasteBase = undefined;
    this.pasteSeq++;
    this.set({ pasted: new Map(), selected: null, draft: '', authorizeRequests: [] });
    if (!this.pastesLoaded) this.pasteClearedEarly = true;
    this.keepPaste();
  }

  /** Sets the clock-skew tolerance in seconds (kept in the host's preferences); every token is judged again. */
  setClockSkew(seconds: unknown): void {
    const clockSkew = readClockSkew(seconds);
    if (clockSkew === this.s.clockSkew) return;
    this.cache.setClockSkew(clockSkew);
    this.set({ clockSkew });
    this.host.preferences?.save({ [CLOCK_SKEW_KEY]: clockSkew }).catch(() => {
      // Not saved: the setting still holds for this panel.
    });
  }

  private async loadPreferences(): Promise<void> {
    const prefs = await this.host.preferences?.load().catch(() => undefined);
    if (prefs && Object.prototype.hasOwnProperty.call(prefs, LAYOUT_KEY) && !this.layoutTouched)
      this.set({ layout: readLayout(prefs[LAYOUT_KEY]) });
    if (prefs && Object.prototype.hasOwnProperty.call(prefs, FORGED_KEY)) {
      const stored = readForged(prefs[FORGED_KEY]);
      // Tokens forged before the stored ones loaded are kept too.
      let forged: Map<string, ForgedInfo> = stored;
      for (const f of this.s.forged.values()) forged = addForged(forged, f);
      this.set({ forged });
    }
    if (!prefs || !Object.prototype.hasOwnProperty.call(prefs, CLOCK_SKEW_KEY)) return;
    const clockSkew = readClockSkew(prefs[CLOCK_SKEW_KEY]);
    if (clockSkew === this.s.clockSkew) return;
    this.cache.setClockSkew(clockSkew);
    this.set({ clockSkew });
  }

  /** "Use this token in the app": asks for the optional permission (call it from the click), then has the worker install the override. */
  useInApp(plan: OverridePlan): Promise<void> {
    return requestUseInApp(
      this.host.requestOverridePermission,
      plan,
      (m) => this.transport.send(m),
      (error) => this.set({ capture: { ...this.s.capture, override: { ...this.s.capture.override, error } } }),
    );
  }

  /** Stops the tab's override ("Use this token in the app"). */
  stopUseInApp(): void {
    this.transport.send({ v: PROTOCOL_VERSION, kind: 'stop-use-in-app' });
  }

  /** Turns "Preserve log" on or off (the worker answers with the setting). */
  setPreserveLog(enabled: boolean): void {
    this.transport.send({ v: PROTOCOL_VERSION, kind: 'preserve-log', enabled });
  }

  /** Shows or hides the key ring. */
  toggleKeys(): void {
    if (this.s.pane === 'token') this.ringModel.clearMessage();
    this.set({ pane: this.s.pane === 'keys' ? (this.wb ? 'workbench' : 'token') : 'keys' });
  }

  /** Opens the key ring with an empty key form. */
  startAddKey(): void {
    if (this.s.pane === 'token') this.ringModel.clearMessage();
    this.set({ pane: 'keys', keyEditing: { kind: 'new' } });
  }

  /** Opens or closes the key form. */
  setKeyEditing(editing: KeyEditing): void {
    this.set({ keyEditing: editing });
  }

  /** Saves the key form's entry and closes the form. */
  saveKey(entry: KeyEntry): void {
    this.set({ keyEditing: null });
    this.ringModel.save(entry);
  }

  /** Adds a key under a new id (from the detail: a fetched JWKS, a found secret). */
  addKey(entry: Omit<KeyEntry, 'id'>): void {
    this.ringModel.add(entry);
  }

  /** Removes a stored key. */
  removeKey(id: string): void {
    this.ringModel.remove(id);
  }

  /** Fetches a JWK Set into the ring (needs the host's network access). */
  fetchJwks(url: string): Promise<void> {
    const fetchText = this.loggedFetch;
    return fetchText ? this.ringModel.fetchJwks(fetchText, url) : Promise.resolve();
  }

  /** The host's network fetch for key URLs and discovery, every request logged in the sent log. */
  fetchText(): FetchText | undefined {
    return this.loggedFetch;
  }

  // ---- replay and "Test this endpoint"

  /** The request a sighting of a token can be replayed from (undefined: no record with headers, or no sender). */
  replayTarget(token: string, sighting: Sighting): ReplayTarget | undefined {
    return this.replayModel.targetOf(token, sighting);
  }

  /** Opens the replay view on a sighting's request. */
  openReplay(target: ReplayTarget): void {
    this.replayModel.openReplay(target);
  }

  /** Runs "Test this endpoint" on a sighting's request (from the click). */
  testEndpoint(target: ReplayTarget): Promise<void> {
    return this.replayModel.startTest(target);
  }

  /** The replay model's operations (choose, send, cancel, close). */
  replay(): ReplayModel {
    return this.replayModel;
  }

  /** Imports a key-ring file's text (each key checked; the message names the ones that failed). */
  importKeys(text: string): Promise<void> {
    return this.ringModel.importFile(text);
  }

  /** The key ring as a file's text. */
  exportKeys(includeSecrets: boolean): string {
    return this.ringModel.exportFile(includeSecrets);
  }

  /** The weak-secret search found a token's secret: inspect it again with it. */
  setCracked(token: string, secret: string): void {
    this.cache.setCracked(token, secret);
    this.set({ inspected: this.s.inspected + 1 });
  }

  /** Opens or closes the export panel; it opens afresh: the selected token if any, Markdown, redacted. */
  toggleExport(): void {
    const open = !this.s.exportOpen;
    this.set({
      exportOpen: open,
      ...(open
        ? {
            exportOptions: {
              scope: this.selectedEntry() ? 'selected' : 'all',
              format: 'markdown',
              includeSecrets: false,
            },
          }
        : {}),
    });
  }

  /** Closes the export panel. */
  closeExport(): void {
    this.set({ exportOpen: false });
  }

  /** Changes the export form's choices. */
  setExportOptions(patch: Partial<ExportOptions>): void {
    this.set({ exportOptions: { ...this.s.exportOptions, ...patch } });
  }
  // ---- the workbench

  private wb: WorkbenchModel | undefined;
  /** The workbench's last encoded token (kept after it closes, for Replay). */
  private lastWorkbenchToken: string | undefined;

  private workbenchContext(): WorkbenchContext {
    return {
      keys: () => this.s.ring.keys,
      facts: () => this.s.ring.facts,
      now: this.clock,
      clockSkew: () => this.s.clockSkew,
      ...(this.inspectFn ? { inspectFn: this.inspectFn } : {}),
      crackedOf: (t) => this.cache.crackedOf(t),
      ...(this.host.quickSecretCheck ? { quickCheck: this.host.quickSecretCheck } : {}),
      otherTokens: () => this.entries().map((e) => e.token),
      addKey: (entry) => {
        const before = new Set(this.s.ring.keys.map((k) => k.id));
        this.ringModel.add(entry);
        return this.s.ring.keys.find((k) => !before.has(k.id))?.id;
      },
    };
  }

  private mountWorkbench(make: (ctx: WorkbenchContext, onChange: (w: WorkbenchState) => void) => WorkbenchModel): void {
    this.wb?.dispose();
    const made: { model?: WorkbenchModel } = {};
    const onChange = (w: WorkbenchState) => {
      // Replay offers the workbench's last token after the workbench is left.
      if (w.token && !w.pending) this.lastWorkbenchToken = w.token;
      if (made.model === undefined || this.wb === made.model) this.set({ workbench: w });
    };
    const model = make(this.workbenchContext(), onChange);
    made.model = model;
    this.wb = model;
    this.set({ workbench: model.state, pane: 'workbench' });
  }

  /** Opens a token in the workbench (its texts exactly as decoded, its signature kept until a key is chosen). */
  openWorkbench(token: string): void {
    const entry = this.entriesByToken.get(token);
    this.mountWorkbench((ctx, onChange) => WorkbenchModel.forToken(ctx, token, entry?.sightings, onChange));
  }

  /** "New token": the workbench on the HS256 template. */
  newToken(): void {
    this.mountWorkbench((ctx, onChange) => WorkbenchModel.fromTemplate(ctx, onChange));
  }

  /** The open workbench's operations (undefined when closed). */
  workbench(): WorkbenchModel | undefined {
    return this.s.pane === 'workbench' ? this.wb : undefined;
  }

  /** Leaves the workbench: back to the token it was opened on (or to what was selected). */
  closeWorkbench(): void {
    const source = this.s.workbench?.source;
    this.wb?.dispose();
    this.wb = undefined;
    this.set({
      workbench: null,
      pane: 'token',
      ...(source && this.entriesByToken.has(source) ? { selected: source } : {}),
    });
  }

  /**
   * Adds the workbench's token to the list as a forged entry linked to its source (kept across a
   * panel reopen in the preferences; never sent to the worker). Returns the token added.
   */
  addForged(): string | undefined {
    const w = this.s.workbench;
    if (!w || !w.token || w.pending) return undefined;
    const info: ForgedInfo = {
      token: w.token,
      created: this.clock(),
      ...(w.source !== undefined && w.source !== w.token ? { source: w.source } : {}),
      ...(w.variant !== undefined ? { variant: w.variant } : {}),
    };
    const forged = addForged(this.s.forged, info);
    this.set({ forged });
    this.host.preferences?.save({ [FORGED_KEY]: storedForged(forged) }).catch(() => {
      // Not saved: the forged token is still listed for this panel.
    });
    return w.token;
  }

  // ---- sessions: live capture and opened HAR files

  private harJobs = new Map<string, HarImportJob>();
  private harCount = 0;

  /** Shows live capture or an opened HAR session in the list, the detail and the timeline. */
  setSession(id: SessionId): void {
    if (id === this.s.session || (id !== 'live' && !this.s.harSessions.some((h) => h.id === id))) return;
    this.set({ session: id, selected: null, pane: 'token', filterText: '' });
  }

  /**
   * Opens a HAR file as a session of its own, read off the main thread by the host's importer, and
   * shows it; returns its id (undefined without an importer). What was read stays when the file is
   * malformed or the import is cancelled.
   */
  openHar(file: Blob, name: string): SessionId | undefined {
    const run = this.host.importHar;
    if (!run) return undefined;
    const id = `har:${++this.harCount}` as const;
    this.set({
      harSessions: putSession(this.s.harSessions, startedSession(id, name, file.size)),
      session: id,
      selected: null,
      pane: 'token',
      filterText: '',
    });
    const find = () => this.s.harSessions.find((h) => h.id === id);
    const job = run(file, (progress) => {
      const s = find();
      if (s?.state === 'reading') this.set({ harSessions: putSession(this.s.harSessions, { ...s, progress }) });
    });
    this.harJobs.set(id, job);
    void job.done
      .catch((e: unknown) => harFailure(e))
      .then((result) => {
        this.harJobs.delete(id);
        const s = find();
        if (s && !this.stopped) this.set({ harSessions: putSession(this.s.harSessions, finishedSession(s, result)) });
      });
    return id;
  }

  /** Stops reading a HAR file (what was read stays as the session). */
  cancelHar(id: string): void {
    this.harJobs.get(id)?.cancel();
  }

  /** Closes an opened HAR session (its import stops); the panel goes back to live capture if it showed it. */
  closeHar(id: string): void {
    this.harJobs.get(id)?.cancel();
    this.harJobs.delete(id);
    const harSessions = this.s.harSessions.filter((h) => h.id !== id);
    this.set({
      harSessions,
      ...(this.s.session === id ? { session: 'live' as const, selected: null, pane: 'token' as const } : {}),
    });
  }

  private readonly timelineCache = new TimelineCache();
  /** The shown session's timeline and verdicts (rebuilt when its tokens, requests or links change). */
  timeline(): TimelineModel {
    const prebuilt = this.harSession()?.timeline;
    if (prebuilt) return prebuilt;
    return this.timelineCache.of(
      this.entries(),
      this.requests(),
      this.links(),
      this.s.now,
      this.replaysOf(this.s.replay.trials),
    );
  }

  // Replays of tokens exactly as captured (the endpoint test's baselines), for the logout-replay verdict.
  private readonly replaysOf = memo((trials: ReplayState['trials']): TokenReplay[] =>
    [...trials].flatMap(([token, list]) =>
      list.filter((t) => t.variant === 'original').map((t) => ({ token, time: t.time, status: t.status, url: t.url })),
    ),
  );

  /**
   * The shown session's token-carrying requests as HAR 1.2 text: tokens lose their signatures and
   * cookies and credentials are redacted unless the export form's "include signatures and secrets" is ticked.
   */
  harExportText(): string {
    return exportHar(
      { requests: [...this.requests().values()], tokens: this.entries() },
      { includeSecrets: this.s.exportOptions.includeSecrets, generatedAt: this.clock() },
    );
  }

  /** Shows or hides the timeline (in place of the list). */
  toggleTimeline(): void {
    this.set({ timelineOpen: !this.s.timelineOpen });
  }

  /** Removes a forged entry from the list (and from the preferences). */
  removeForged(token: string): void {
    if (!this.s.forged.has(token)) return;
    const forged = new Map(this.s.forged);
    forged.delete(token);
    this.set({ forged, ...(this.s.selected === token ? { selected: null } : {}) });
    this.host.preferences?.save({ [FORGED_KEY]: storedForged(forged) }).catch(() => undefined);
  }
}

// The importer never throws; a worker that died or a file that could not be read still ends the session.
function harFailure(e: unknown): HarImportResult {
  return {
    tokens: [],
    requests: [],
    source: { flavour: 'other' },
    entries: 0,
    dropped: { entries: 0, sightings: 0, requests: 0, bodies: 0, badEntries: 0 },
    badEntries: [],
    error: {
      code: 'har-malformed',
      message: `The file could not be read: ${e instanceof Error ? e.message : String(e)}`,
    },
    notes: [],
    chars: 0,
  };
}

// A posted task is not clamped to 4 ms as a chain of nested timeouts is, and at its default
// priority it still lets the frame in between (user-blocking tasks would hold the first frame back
// until the whole match was done). Background work is held while a match runs (matchSlice).
function defaultSliceScheduler(): (run: () => void) => void {
  const scheduler = (globalThis as { scheduler?: { postTask?(run: () => void): unknown } }).scheduler;
  if (typeof scheduler?.postTask === 'function') return (run) => void scheduler.postTask!(run);
  return (run) => void setTimeout(run, 0);
}

function onlyPasted(c: CapturedToken): boolean {
  return c.sightings.every(isPasted);
}
