import { readStoredToken } from './legacy.ts';
import { hasTwin } from './missed-requests.ts';
import {
  addSighting,
  DEFAULT_LIMITS,
  emptyCapture,
  type CaptureLimits,
  type CaptureNotice,
  type CapturedToken,
  type RequestRecord,
  type Sighting,
  type TabCapture,
} from './model.ts';
import { scanRawEvent, type FoundSighting, type RawEvent, type RequestExtra } from './raw-event.ts';
import {
  cookieDeletions,
  isAuthFailure,
  isRawResponse,
  loggedResponse,
  requestKeyPrefix,
  RequestLog,
  type RequestNews,
} from './request-log.ts';
import { utf8Length } from './response-body.ts';
import { isCaptureNotice, isRequestRecord } from './validate-capture.ts';

/** The slice of a key-value storage area the store needs (the extension passes its session storage area). */
export interface KeyValueStorage {
  /** Every stored item (read once when a worker starts). */
  getAll(): Promise<Record<string, unknown>>;
  /** Writes items; all of them or, on failure (quota), none. */
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /**
   * Writes one write-ahead record. The store calls it synchronously, inside the call that brought
   * the data (no await before it), so a worker stopped right after still has the data in storage.
   * Without it the store keeps no log and data waiting for its write lives in memory only.
   */
  append?(key: string, value: unknown): Promise<void>;
}

/** Storage key of a tab's summary (bounds counters). */
export const tabKey = (tabId: number): string => `tab:${tabId}`;
/** Storage key prefix of a tab's tokens: one item per token, so a write touches only what changed. */
export const tokenKeyPrefix = (tabId: number): string => `tok:${tabId}:`;
/** Storage key prefix of a tab's write-ahead records (replayed on load unless compacted). */
export const walKeyPrefix = (tabId: number): string => `wal:${tabId}:`;

/**
 * Bytes a storage item counts against the quota: its key plus its value's JSON text (UTF-8), which
 * is what the store writes (see {@link encodeItem}).
 */
export function itemBytes(key: string, value: unknown): number {
  return utf8Length(key) + utf8Length(JSON.stringify(value) ?? '');
}

/**
 * How the store writes an item's value: its JSON text. Chromium converts an object value into a
 * tree of values node by node (in the worker, and again in the browser, on the thread that also
 * routes the page's requests) and counts that tree's memory estimate against `storage.session`'s
 * quota — a request-log record 4,068 bytes as an object, 1,456 as its text (`getBytesInUse`,
 * Chromium 131) — while a string is one value, counted at about its length. So a write costs a
 * fraction of the object's, and {@link itemBytes} is what storage really counts. A tombstone stays `0`.
 */
export function encodeItem(value: unknown, text?: string): unknown {
  return value === TOMBSTONE ? value : (text ?? JSON.stringify(value));
}

/**
 * An item's value as read back: the JSON text the store wrote, parsed; an object an earlier version
 * wrote, as it is; a text that does not parse, `undefined` (unreadable: dropped and counted).
 */
export function decodeItem(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** True for the keys the capture store owns (and encodes): summaries, tokens, request records, the log. */
export function isCaptureKey(key: string): boolean {
  return /^(?:tab|tok|req|wal):/.test(key);
}

/** What an `add` (or a response) changed in its tab, once storage holds it. */
export interface AddOutcome {
  changed: CapturedToken[];
  /** Token values no longer kept (bounds, byte budget, storage full). */
  evicted: string[];
  dropped: number;
  notices?: CaptureNotice[];
  /** Request-log records added or changed since the tab's last outcome. */
  requests?: RequestRecord[];
  /** Request ids no longer in the request log. */
  requestsEvicted?: string[];
}

/** Changes to a tab that no call of its own asked for (another tab's data pushed it over the byte budget). */
export type TabChangeListener = (tabId: number, change: AddOutcome) => void;

/** How the store is wired (all optional). */
export interface CaptureStoreOptions {
  /** Runs deferred work (the worker passes `setTimeout`). */
  schedule?: (run: () => void, ms: number) => void;
  /** Told about evictions in tabs other than the one being added to. */
  onChange?: TabChangeListener;
  /**
   * How long work gathers before a batch runs (default 0). The log already holds the data, so
   * waiting costs no durability and turns a flood into few writes.
   */
  batchMs?: number;
  /**
   * How long a store that has not read storage yet waits before it does (default 0), unless a
   * panel asks. Reading every stored item is the one costly step of a restarted worker; while the
   * browser keeps stopping and restarting it, the log alone keeps each event, and the worker stays
   * free to take the next one.
   */
  startDelayMs?: number;
  /** The clock that times a slice of work and a pause in the traffic (default `Date.now`). */
  now?: () => number;
  /**
   * True while nobody watches the capture (no panel open). Then a batch waits until the traffic
   * pauses for `quietMs`, at most `maxWaitMs` after its first operation, and never past `maxOps`
   * operations or `maxLogBytes` of write-ahead records waiting: a burst costs the browser one write
   * per event (its record) and its compaction comes after it. The log holds every event meanwhile,
   * so waiting costs no durability; a panel's `get` (or clear, or a tab closing) runs at once.
   */
  unwatched?: () => boolean;
  /** How long the traffic must pause before an unwatched batch runs (default 250 ms). */
  quietMs?: number;
  /** The longest an unwatched batch waits for a pause (default 10 s). */
  maxWaitMs?: number;
  /** Operations waiting that make an unwatched batch run at once (default 2,000). */
  maxOps?: number;
  /** Bytes of write-ahead records waiting that make an unwatched batch run at once (default 1 MiB). */
  maxLogBytes?: number;
}

interface TabMeta {
  tabId: number;
  kept: number;
  dropped: number;
  next: number;
  /** Notices about this tab's stored data, so they outlive the load that raised them. */
  notices?: CaptureNotice[];
  /** Sightings not kept because storage was full (for the `storage-full` notice). */
  notKept?: number;
}

interface TabState {
  tabId: number;
  capture: TabCapture;
  index: Map<string, CapturedToken>;
  /** Storage key of each token's item. */
  keys: Map<CapturedToken, string>;
  /** Bytes each token's item holds (or will hold once written). */
  bytes: Map<CapturedToken, number>;
  total: number;
  next: number;
  /** requestId → tokens it carried, so a response status finds its sightings without a scan. */
  byRequest: Map<string, Set<string>>;
  /** Changed tokens and removed keys not yet written. */
  dirty: Set<CapturedToken>;
  removed: Set<string>;
  metaDirty: boolean;
  notKept: number;
  /** Tokens kept in memory only (too large for a storage item). */
  tooLarge: Set<string>;
  /** Too-large tokens dropped from memory since the last write (reported with it). */
  evictedTooLarge: string[];
  /** Notices read from storage (migrated, unreadable). */
  loaded: CaptureNotice[];
  /** The tab's request log (records stored as `req:<tab>:<n>` items). */
  requests: RequestLog;
  /** Cookie name → the token it held last (seen in a Cookie, Set-Cookie or the cookie jar), for logouts. */
  cookieHolder: Map<string, string>;
}

type Op =
  | {
      kind: 'add';
      tabId: number;
      found?: FoundSighting[];
      raw?: RawEvent;
      /** What the request log reads of the request beyond the raw event (references; never logged). */
      extra?: RequestExtra;
      wal?: string;
      done: Settle<AddOutcome>;
    }
  | {
      kind: 'status';
      tabId: number;
      requestId: string;
      status: number;
      /** The response's event with every response header (for the request log). */
      response?: RawEvent;
      wal?: string;
      /** The status as it waits in the tab's backlog to ride on the next record. */
      riding?: LoggedStatus;
      done: Settle<AddOutcome>;
    }
  | { kind: 'clear' | 'remove'; tabId: number; done: Settle<void> }
  | { kind: 'get'; tabId: number; done: Settle<TabCapture> };

interface Settle<T> {
  resolve(v: T): void;
  reject(e: unknown): void;
}

/** A status logged on the way: request id, status, and for a 401/403 the response's event. */
type LoggedStatus = [string, number] | [string, number, RawEvent];

/**
 * A write-ahead record: sightings or a raw event to scan (with statuses logged on the way, `st`), or
 * a status (`m`: the response's event with its headers, for the request log).
 */
type WalRecord =
  | { f: FoundSighting[]; st?: LoggedStatus[] }
  | { r: RawEvent; st?: LoggedStatus[] }
  | { s: [string, number]; m?: RawEvent };

function isMeta(v: unknown): v is TabMeta {
  const m = v as TabMeta;
  return typeof v === 'object' && v !== null && typeof m.kept === 'number' && typeof m.dropped === 'number';
}

// Written over a compacted write-ahead record in the same write as the tokens it became, so a
// replay after a stop between that write and the record's removal never counts it twice.
const TOMBSTONE = 0;
const MAX_ATTEMPTS = 24;
/** Most operations applied between two turns of the event loop (see `drain`). */
export const SLICE_OPS = 250;
/** Milliseconds of applying after which a slice ends early. */
const SLICE_MS = 8;
/** Tokens too large to store that a tab keeps in memory. */
const MAX_TOO_LARGE = 4;

/**
 * Captured tokens of every tab, authoritative in a storage area so that a service-worker stop loses
 * nothing: each call first appends a write-ahead record (synchronously, when the storage can), then
 * the work is done in deferred batches that write each changed token as its own item together with
 * tombstones over the records they compacted. A restarted worker replays what was not compacted.
 * Bytes are budgeted over all tabs; a write that fails is retried after evicting the oldest data of
 * the heaviest tab, and the loss is counted in a `storage-full` notice — memory never shows what
 * storage lacks, except tokens too large for an item, which carry `tooLarge` and a notice.
 */
export class CaptureStore {
  private readonly tabs = new Map<number, TabState>();
  private ops: Op[] = [];
  private ready: Promise<void> | null = null;
  private draining = false;
  private scheduled = false;
  private readonly boot = Date.now().toString(36).padStart(9, '0') + Math.random().toString(36).slice(2, 6);
  private seq = 0;
  /** Write-ahead keys this instance wrote (a load that reads them back must not replay them). */
  private readonly ownWal = new Set<string>();
  /** Compacted records to remove with the next write. */
  private tombstones: string[] = [];
  /** Statuses not logged yet, per tab: they ride on the tab's next record (see `status`). */
  private readonly statusBacklog = new Map<number, LoggedStatus[]>();
  /** Backlog statuses applied to memory: once written, they need not ride any more. */
  private readonly appliedRiding = new Set<LoggedStatus>();
  /** requestIds of raw events not yet scanned (a status for them is logged). */
  private readonly pendingRequests = new Set<string>();
  /**
   * requestIds whose events the last two batches compacted (only with a batch wait): their status,
   * like that of a pending request, rides on the next record, and the next batch writes it.
   */
  private compacted = new Set<string>();
  private compactedBefore = new Set<string>();
  private readonly schedule: (run: () => void, ms: number) => void;
  private cap: number;
  private readonly batchMs: number;
  private readonly startDelayMs: number;
  private readonly now: () => number;
  /** When the first and the latest waiting operation arrived, and the bytes of records logged since a batch began. */
  private firstOpAt = 0;
  private lastOpAt = 0;
  private logBytes = 0;
  private sweeping = false;
  /** The JSON text of each value measured for the write under way (each written as measured). */
  private readonly texts = new Map<object, string>();
  private readonly limits: Required<CaptureLimits>;

  constructor(
    private readonly storage: KeyValueStorage,
    limits: CaptureLimits = DEFAULT_LIMITS,
    private readonly options: CaptureStoreOptions = {},
  ) {
    this.limits = {
      maxTotalBytes: DEFAULT_LIMITS.maxTotalBytes!,
      maxTokenBytes: DEFAULT_LIMITS.maxTokenBytes!,
      maxRequests: DEFAULT_LIMITS.maxRequests!,
      maxRequestBytes: DEFAULT_LIMITS.maxRequestBytes!,
      ...limits,
    } as Required<CaptureLimits>;
    this.cap = this.limits.maxTotalBytes;
    this.schedule = options.schedule ?? ((run, ms) => void setTimeout(run, ms));
    this.batchMs = options.batchMs ?? 0;
    this.startDelayMs = options.startDelayMs ?? 0;
    this.now = options.now ?? Date.now;
  }

  /** Adds sightings; resolves with the changed token entries once storage holds them. */
  add(tabId: number, found: readonly FoundSighting[]): Promise<AddOutcome> {
    const list = [...found];
    const wal = list.length ? this.log(tabId, { f: list }) : undefined;
    return this.enqueue<AddOutcome>((done) => ({ kind: 'add', tabId, found: list, wal, done }));
  }

  /**
   * Adds what a raw webRequest event holds: the event is logged at once and scanned later, so a
   * listener does nothing proportional to the request's size (see {@link RawEvent}). `extra` (every
   * request header as sent, the body: references) is read later for the request log, not logged.
   */
  addRaw(tabId: number, raw: RawEvent, extra?: RequestExtra): Promise<AddOutcome> {
    const wal = this.log(tabId, { r: raw });
    this.pendingRequests.add(raw.requestId);
    return this.enqueue<AddOutcome>((done) => ({ kind: 'add', tabId, raw, ...(extra ? { extra } : {}), wal, done }));
  }

  /** True when a status for this request may change a sighting (it carried tokens, or may have). */
  mayHaveSightings(tabId: number, requestId: string): boolean {
    if (!this.loadedOnce || this.pendingRequests.has(requestId)) return true;
    return this.tabs.get(tabId)?.byRequest.has(requestId) ?? false;
  }

  /** Records a response status on the sightings of a request; resolves with the changed tokens. */
  status(tabId: number, requestId: string, status: number): Promise<CapturedToken[]> {
    return this.response(tabId, requestId, status).then((o) => o.changed);
  }

  /**
   * Records a response: its status on the sightings of its request, and in the request log the
   * status, the server's `Date`, the `WWW-Authenticate` challenge and the headers of `response`
   * (the listener's event, a reference: it is read in the batch). A 401/403 is logged even for a
   * request that carried no token. Resolves with what changed.
   */
  response(tabId: number, requestId: string, status: number, response?: RawEvent): Promise<AddOutcome> {
    const authFailure = isAuthFailure(status) && response !== undefined;
    if (!this.mayHaveSightings(tabId, requestId) && !authFailure)
      return Promise.resolve({ changed: [], evicted: [], dropped: this.tabs.get(tabId)?.capture.dropped ?? 0 });
    // A status for a request still waiting in the batch (or, when batches wait, compacted by one of
    // the last two) lands in the batch's next write, and rides on the tab's next record meanwhile (a
    // burst has one within milliseconds): logging it on its own would double the log's writes for
    // the common case. A later one is logged — by a store that has read storage, at once; by one
    // that has not (a worker the browser keeps restarting, which cannot tell which requests carried
    // tokens), with the next record this tab logs, so that statuses never add writes to the ones
    // that carry the sightings themselves.
    let wal: string | undefined;
    let riding: LoggedStatus | undefined;
    const recent =
      this.pendingRequests.has(requestId) || this.compacted.has(requestId) || this.compactedBefore.has(requestId);
    if (!recent && this.loadedOnce)
      // The log keeps the response's Date and challenge; its other headers stay in memory for the batch.
      wal = this.log(
        tabId,
        response ? { s: [requestId, status], m: loggedResponse(response) } : { s: [requestId, status] },
      );
    else {
      let backlog = this.statusBacklog.get(tabId);
      if (!backlog) this.statusBacklog.set(tabId, (backlog = []));
      // Only a 401/403 rides with its headers: a worker that has not read storage cannot tell which
      // other responses matter, and the backlog must stay small.
      riding = authFailure ? [requestId, status, loggedResponse(response)] : [requestId, status];
      backlog.push(riding);
    }
    return this.enqueue<AddOutcome>((done) => ({
      kind: 'status',
      tabId,
      requestId,
      status,
      ...(response ? { response } : {}),
      wal,
      ...(riding ? { riding } : {}),
      done,
    }));
  }

  /** The tab's capture as stored. */
  get(tabId: number): Promise<TabCapture> {
    return this.enqueue<TabCapture>((done) => ({ kind: 'get', tabId, done }));
  }

  /** Forgets the tab's capture. */
  clear(tabId: number): Promise<void> {
    return this.enqueue<void>((done) => ({ kind: 'clear', tabId, done }));
  }

  /** Drops the tab entirely (tab closed). */
  remove(tabId: number): Promise<void> {
    return this.enqueue<void>((done) => ({ kind: 'remove', tabId, done }));
  }

  private loadedOnce = false;

  private log(tabId: number, record: WalRecord): string | undefined {
    if (!this.storage.append) return undefined;
    const backlog = this.statusBacklog.get(tabId);
    if (backlog && !('s' in record)) {
      record.st = backlog;
      this.statusBacklog.delete(tabId);
    }
    const key = `${walKeyPrefix(tabId)}${this.boot}.${(this.seq++).toString(36).padStart(8, '0')}`;
    this.ownWal.add(key);
    try {
      const text = encodeItem(record) as string;
      this.logBytes += key.length + text.length;
      // No await before this call: the record leaves for storage within the caller's task.
      void this.storage.append(key, text).catch(() => undefined);
    } catch {
      // A throwing adapter: the data still goes through the batch.
    }
    return key;
  }

  private enqueue<T>(make: (done: Settle<T>) => Op): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const op = make({ resolve, reject } as Settle<T>);
      const at = this.now();
      if (!this.ops.length) this.firstOpAt = at;
      this.lastOpAt = at;
      this.ops.push(op);
      // A panel asking is served at once; other work waits for the batch (and, in a worker that
      // just started, for the start-up delay: see CaptureStoreOptions.startDelayMs).
      if (op.kind === 'get' && this.ready === null && !this.draining) {
        this.scheduled = false;
        this.schedule(() => void this.drain(), 0);
      } else this.kick(this.ready === null ? Math.max(this.batchMs, this.startDelayMs) : this.batchMs);
    });
  }

  private kick(ms: number): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      const wait = this.unwatchedWait();
      if (wait > 0) this.kick(wait);
      else void this.drain();
    }, ms);
  }

  /** How much longer an unwatched batch waits for the traffic to pause (0: it runs now). */
  private unwatchedWait(): number {
    const o = this.options;
    if (!o.unwatched || this.ready === null || !this.ops.length || !o.unwatched()) return 0;
    if (this.ops.length >= (o.maxOps ?? 2000) || this.logBytes >= (o.maxLogBytes ?? 1 << 20)) return 0;
    for (const op of this.ops) if (op.kind !== 'add' && op.kind !== 'status') return 0;
    const now = this.now();
    const left = Math.min(this.lastOpAt + (o.quietMs ?? 250) - now, this.firstOpAt + (o.maxWaitMs ?? 10_000) - now);
    return left > 0 ? left : 0;
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      this.ready ??= this.load();
      await this.ready;
      this.logBytes = 0;
      this.compactedBefore = this.compacted;
      this.compacted = new Set();
      let sliced = false;
      while (this.ops.length) {
        // A slice at a time, each written with its tombstones, with a turn of the event loop between
        // slices: a worker replaying thousands of records (or scanning a few big bodies) still runs
        // each listener's synchronous log write within a slice's time, so a stop mid-fold loses only
        // what the browser had not yet handed over — as it would for a worker doing nothing else.
        if (sliced) await new Promise<void>((r) => this.schedule(r, 0));
        sliced = true;
        const { batch, results } = this.applySlice();
        const outcome = await this.write();
        batch.forEach((op, i) => this.settle(op, results[i], outcome));
      }
    } finally {
      this.draining = false;
      if (this.ops.length) this.kick(this.batchMs);
    }
  }

  /**
   * Applies the next operations to memory: at most {@link SLICE_OPS}, and fewer once they have
   * taken {@link SLICE_MS} (raw events are scanned here, and a request body may be large).
   */
  private applySlice(): { batch: Op[]; results: unknown[] } {
    const started = this.now();
    const results: unknown[] = [];
    let n = 0;
    while (n < this.ops.length && n < SLICE_OPS) {
      results.push(this.apply(this.ops[n++]!));
      if (this.now() - started >= SLICE_MS) break;
    }
    return { batch: this.ops.splice(0, n), results };
  }

  private settle(op: Op, result: unknown, outcome: Map<number, string[]>): void {
    const state = this.tabs.get(op.tabId);
    switch (op.kind) {
      case 'add': {
        const r = result as { changed: Set<CapturedToken>; evicted: string[] };
        const alive = state ? [...r.changed].filter((t) => state.index.get(t.token) === t) : [];
        op.done.resolve({
          changed: alive,
          evicted: [...r.evicted, ...(outcome.get(op.tabId) ?? [])],
          dropped: state?.capture.dropped ?? 0,
          ...(state?.capture.notices ? { notices: state.capture.notices } : {}),
          ...state?.requests.takeNews(),
        });
        break;
      }
      case 'status': {
        const changed = result as CapturedToken[];
        op.done.resolve({
          changed: state ? changed.filter((t) => state.index.get(t.token) === t) : [],
          evicted: outcome.get(op.tabId) ?? [],
          dropped: state?.capture.dropped ?? 0,
          ...(state?.capture.notices ? { notices: state.capture.notices } : {}),
          ...state?.requests.takeNews(),
        });
        break;
      }
      case 'get':
        op.done.resolve(
          state ? { ...state.capture, requests: state.requests.list() } : { ...emptyCapture(op.tabId), requests: [] },
        );
        break;
      default:
        op.done.resolve();
    }
  }

  private async load(): Promise<void> {
    let items: Record<string, unknown>;
    try {
      items = await this.storage.getAll();
    } catch {
      items = {};
    }
    // A copy: the adapter's object is not ours to change.
    items = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, isCaptureKey(k) ? decodeItem(v) : v]));
    const wal: [string, WalRecord][] = [];
    // A tab is known by its summary or by any token item (a worker stopped before its first
    // summary write, or data written by another version): neither is left unread.
    const tabs = new Set<number>();
    for (const k of Object.keys(items)) {
      const m = /^(?:tab|tok|req):(-?\d+)(?::|$)/.exec(k);
      if (m) tabs.add(Number(m[1]));
    }
    for (const tabId of tabs) {
      const meta = items[tabKey(tabId)];
      this.loadTab(tabId, isMeta(meta) ? meta : { tabId, kept: 0, dropped: 0, next: 0 }, items);
    }
    for (const [k, v] of Object.entries(items)) {
      if (k.startsWith('wal:')) {
        if (this.ownWal.has(k)) continue;
        if (v === TOMBSTONE || typeof v !== 'object' || v === null) this.tombstones.push(k);
        else wal.push([k, v as WalRecord]);
      }
    }
    // Records a stopped worker logged but never compacted: replayed in the order they were logged,
    // ahead of everything this worker was asked since.
    wal.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const replay: Op[] = [];
    const riding: Op[] = [];
    const ignore: Settle<unknown> = { resolve: () => undefined, reject: () => undefined };
    for (const [k, rec] of wal) {
      const tabId = Number(k.split(':')[1]);
      if (!Number.isInteger(tabId)) {
        this.tombstones.push(k);
        continue;
      }
      if ('f' in rec && Array.isArray(rec.f)) replay.push({ kind: 'add', tabId, found: rec.f, wal: k, done: ignore });
      else if ('r' in rec && typeof rec.r === 'object' && rec.r !== null)
        replay.push({ kind: 'add', tabId, raw: rec.r, wal: k, done: ignore });
      else if ('s' in rec && isStatus(rec.s))
        replay.push({
          kind: 'status',
          tabId,
          requestId: rec.s[0],
          status: rec.s[1],
          ...('m' in rec && isRawResponse(rec.m) ? { response: rec.m } : {}),
          wal: k,
          done: ignore,
        });
      else {
        this.tombstones.push(k);
        continue;
      }
      // Statuses that rode on this record (the record's tombstone covers them too), applied after
      // every replayed record: their requests' events may sit in any earlier worker's records.
      if ('st' in rec && Array.isArray(rec.st))
        for (const st of rec.st)
          if (isStatus(st))
            riding.push({
              kind: 'status',
              tabId,
              requestId: st[0],
              status: st[1],
              ...(isRawResponse(st[2]) ? { response: st[2] } : {}),
              done: ignore,
            });
    }
    this.ops = [...replay, ...riding, ...this.ops];
    this.loadedOnce = true;
  }

  private loadTab(tabId: number, meta: TabMeta, items: Record<string, unknown>): void {
    const state = this.state(tabId);
    const capture = state.capture;
    capture.dropped = meta.dropped;
    state.next = Number.isInteger(meta.next) ? meta.next : 0;
    state.notKept = typeof meta.notKept === 'number' ? meta.notKept : 0;
    const notices = Array.isArray(meta.notices) ? meta.notices.filter(isCaptureNotice) : [];
    let migrated = 0;
    let unreadable = 0;
    const prefix = tokenKeyPrefix(tabId);
    for (const [k, v] of Object.entries(items)) {
      if (!k.startsWith(prefix)) continue;
      const read = readStoredToken(v);
      if (!read) {
        // Neither this version's shape nor v3's: dropped, and said (never silently lost).
        unreadable++;
        state.removed.add(k);
        continue;
      }
      capture.tokens.push(read.entry);
      state.keys.set(read.entry, k);
      // New keys never reuse a stored one.
      const n = Number(k.slice(prefix.length));
      if (Number.isInteger(n) && n >= state.next) state.next = n + 1;
      const bytes = itemBytes(k, v);
      state.bytes.set(read.entry, bytes);
      state.total += bytes;
      if (read.migrated) migrated++;
      unreadable += read.droppedSightings;
      // Rewritten in the current shape with the next write.
      if (read.migrated || read.droppedSightings) state.dirty.add(read.entry);
    }
    if (migrated)
      notices.push({
        code: 'migrated',
        count: migrated,
        message: `${plural(migrated, 'token')} stored by an earlier version of JWT Lens converted; where ${migrated === 1 ? 'it' : 'they'} travelled is partly inferred.`,
      });
    if (unreadable)
      notices.push({
        code: 'unreadable',
        count: unreadable,
        message: `${plural(unreadable, 'stored token or sighting', 'stored tokens or sightings')} could not be read and ${unreadable === 1 ? 'was' : 'were'} dropped.`,
      });
    state.loaded = notices.filter((n) => n.code === 'migrated' || n.code === 'unreadable');
    // A too-large notice outlives the worker that held those tokens in memory: they are gone now.
    const tooLarge = notices.find((n) => n.code === 'too-large');
    if (tooLarge) state.loaded.push(tooLarge);
    state.metaDirty = migrated > 0 || unreadable > 0;
    capture.tokens.sort((a, b) => a.firstSeen - b.firstSeen);
    capture.kept = capture.tokens.reduce((n, t) => n + t.sightings.length, 0);
    const holderTime = new Map<string, number>();
    for (const t of capture.tokens) {
      state.index.set(t.token, t);
      for (const s of t.sightings) {
        if (s.requestId) indexRequest(state.byRequest, s.requestId, t.token);
        const name = cookieName(s);
        if (name !== undefined && !s.removed && s.time >= (holderTime.get(name) ?? -Infinity)) {
          holderTime.set(name, s.time);
          state.cookieHolder.set(name, t.token);
        }
      }
    }
    const reqPrefix = requestKeyPrefix(tabId);
    for (const [k, v] of Object.entries(items)) {
      if (!k.startsWith(reqPrefix)) continue;
      // A record that does not read back is dropped (the log is evidence, not the tokens themselves).
      if (isRequestRecord(v)) state.requests.load(k, v, itemBytes(k, v));
      else state.requests.removed.add(k);
    }
    // Records of tokens no longer kept (too large to store, or evicted before a stop) go too.
    state.requests.settleLoaded((token) => state.index.has(token));
    this.refreshNotices(state);
  }

  private state(tabId: number): TabState {
    let s = this.tabs.get(tabId);
    if (!s) {
      s = {
        tabId,
        capture: emptyCapture(tabId),
        index: new Map(),
        keys: new Map(),
        bytes: new Map(),
        total: 0,
        next: 0,
        byRequest: new Map(),
        dirty: new Set(),
        removed: new Set(),
        metaDirty: false,
        notKept: 0,
        tooLarge: new Set(),
        evictedTooLarge: [],
        loaded: [],
        requests: new RequestLog(tabId, {
          maxRequests: this.limits.maxRequests,
          maxRequestBytes: this.limits.maxRequestBytes,
        }),
        cookieHolder: new Map(),
      };
      this.tabs.set(tabId, s);
    }
    return s;
  }

  /** Applies one operation to memory; what storage must learn is marked dirty. */
  private apply(op: Op): unknown {
    if ((op.kind === 'add' || op.kind === 'status') && op.wal) this.tombstones.push(op.wal);
    switch (op.kind) {
      case 'add': {
        const state = this.state(op.tabId);
        const changed = new Set<CapturedToken>();
        const evicted: string[] = [];
        let found = op.found ?? [];
        const raw = op.raw;
        if (raw) {
          this.pendingRequests.delete(raw.requestId);
          if (this.batchMs > 0) this.compacted.add(raw.requestId);
          found = scanRawEvent(raw);
          // A logout: cookies this response deletes, each sighted on the token it held (read before
          // this response's own cookies change who holds what).
          if (raw.phase === 'response') found = [...found, ...this.cookieRemovals(state, raw)];
        }
        for (const f of found) {
          if (typeof f?.token !== 'string' || typeof f.sighting !== 'object' || f.sighting === null) continue;
          // One request seen by webRequest and by the panel's DevTools log (recovered after a worker stop) counts once.
          if (hasTwin(state.index.get(f.token), f.sighting)) continue;
          const {
            entry,
            evicted: gone,
            trimmed,
          } = addSighting(state.capture, state.index, f.token, f.sighting, this.limits);
          changed.add(entry);
          state.dirty.add(entry);
          for (const t of trimmed) state.dirty.add(t);
          for (const t of gone) {
            this.forget(state, t);
            changed.delete(t);
            evicted.push(t.token);
          }
          if (f.sighting.requestId) indexRequest(state.byRequest, f.sighting.requestId, f.token);
          const name = cookieName(f.sighting);
          if (name !== undefined && !f.sighting.removed) state.cookieHolder.set(name, f.token);
        }
        if (found.length) state.metaDirty = true;
        if (!raw)
          for (const f of found)
            if (f?.sighting?.via === 'devtools-network' && state.index.has(f.token))
              state.requests.noteReported(f.sighting, f.token);
        if (raw) {
          try {
            const tokens = [...new Set(found.map((f) => f.token))].filter((t) => state.index.has(t));
            if (raw.phase === 'response') state.requests.noteResponse(raw, tokens);
            else state.requests.noteRequest(raw, tokens, op.extra);
          } catch {
            // A malformed event read back from an older log: its sightings are kept, its record is not.
          }
        }
        return { changed, evicted };
      }
      case 'status': {
        if (op.riding) this.appliedRiding.add(op.riding);
        const known = this.tabs.get(op.tabId);
        const state =
          known ?? (isAuthFailure(op.status) && op.response !== undefined ? this.state(op.tabId) : undefined);
        const changed: CapturedToken[] = [];
        if (!state) return changed;
        try {
          if (state.requests.noteStatus(op.requestId, op.status, op.response)) state.metaDirty = true;
        } catch {
          // A malformed response event read back from an older log: the sightings still get the status.
        }
        const tokens = state.byRequest.get(op.requestId);
        if (!tokens) return changed;
        state.byRequest.delete(op.requestId);
        for (const token of tokens) {
          const t = state.index.get(token);
          if (!t) continue;
          for (const s of t.sightings) if (s.requestId === op.requestId && s.status === undefined) s.status = op.status;
          changed.push(t);
          state.dirty.add(t);
        }
        return changed;
      }
      case 'clear': {
        const state = this.tabs.get(op.tabId);
        if (!state) return undefined;
        for (const k of state.keys.values()) state.removed.add(k);
        state.capture = emptyCapture(op.tabId);
        state.index.clear();
        state.keys.clear();
        state.bytes.clear();
        state.total = 0;
        state.byRequest.clear();
        state.dirty.clear();
        state.notKept = 0;
        state.tooLarge.clear();
        state.loaded = [];
        state.requests.clear();
        state.cookieHolder.clear();
        state.metaDirty = true;
        return undefined;
      }
      case 'remove': {
        const state = this.tabs.get(op.tabId);
        this.tabs.delete(op.tabId);
        const keys = [
          tabKey(op.tabId),
          ...(state ? [...state.keys.values(), ...state.removed, ...state.requests.allKeys()] : []),
        ];
        void this.storage.remove(keys).catch(() => undefined);
        return undefined;
      }
      case 'get':
        return undefined;
    }
  }

  /** Removed sightings for the cookies a response deletes that held a token of this tab. */
  private cookieRemovals(state: TabState, raw: RawEvent): FoundSighting[] {
    const out: FoundSighting[] = [];
    if (!raw.headers) return out;
    for (const name of cookieDeletions(raw.headers, raw.timeStamp)) {
      const token = state.cookieHolder.get(name);
      if (token === undefined || !state.index.has(token)) continue;
      const sighting: Sighting = {
        direction: 'response',
        via: 'webrequest',
        location: { kind: 'set-cookie', name },
        removed: true,
        method: raw.method,
        url: raw.url,
        resourceType: raw.type,
        requestId: raw.requestId,
        frameId: raw.frameId,
        time: Math.round(raw.timeStamp),
      };
      if (raw.initiator !== undefined) sighting.initiator = raw.initiator;
      if (raw.statusCode !== undefined) sighting.status = raw.statusCode;
      out.push({ token, sighting });
    }
    return out;
  }

  private forget(state: TabState, t: CapturedToken): void {
    // The request log keeps a record while any token it carried is kept.
    state.requests.tokensGone([t.token], (token) => state.index.has(token));
    const k = state.keys.get(t);
    if (k) state.removed.add(k);
    state.keys.delete(t);
    state.total -= state.bytes.get(t) ?? 0;
    state.bytes.delete(t);
    state.dirty.delete(t);
    state.tooLarge.delete(t.token);
  }

  private keyOf(state: TabState, t: CapturedToken): string {
    let k = state.keys.get(t);
    if (!k) state.keys.set(t, (k = `${tokenKeyPrefix(state.tabId)}${state.next++}`));
    return k;
  }

  /**
   * Writes what changed, keeping the byte budget; on a failed write, shrinks the budget below what
   * was being written, evicts to fit (counting the loss) and tries again. Resolves with the tokens
   * the byte budget evicted, per tab.
   */
  private async write(): Promise<Map<number, string[]>> {
    const evictedBy = new Map<number, string[]>();
    let transient = 0;
    let full = false;
    for (let attempt = 0; ; attempt++) {
      this.measure();
      const requestItems = new Map<TabState, Record<string, RequestRecord>>();
      for (const state of this.tabs.values()) requestItems.set(state, state.requests.measure(this.texts));
      for (const state of this.tabs.values()) {
        if (!state.evictedTooLarge.length) continue;
        let list = evictedBy.get(state.tabId);
        if (!list) evictedBy.set(state.tabId, (list = []));
        list.push(...state.evictedTooLarge.splice(0));
      }
      this.fit(evictedBy, full);
      const items: Record<string, unknown> = {};
      const removed: string[] = [];
      const touched: TabState[] = [];
      for (const state of this.tabs.values()) {
        for (const t of state.dirty) {
          if (state.index.get(t.token) !== t || t.tooLarge) continue;
          items[this.keyOf(state, t)] = t;
        }
        // Records the byte budget dropped since they were measured are not written.
        for (const [k, r] of Object.entries(requestItems.get(state) ?? {}))
          if (state.requests.records.get(r.requestId) === r) items[k] = r;
        const log = state.requests;
        if (state.dirty.size || state.removed.size || state.metaDirty || log.dirty.size || log.removed.size) {
          touched.push(state);
          items[tabKey(state.tabId)] = this.meta(state);
        }
        removed.push(...state.removed, ...log.removed);
      }
      const tombstones = this.tombstones;
      for (const k of tombstones) items[k] = TOMBSTONE;
      for (const k of Object.keys(items)) items[k] = encodeItem(items[k], this.texts.get(items[k] as object));
      this.texts.clear();
      if (!Object.keys(items).length && !removed.length) {
        this.dropWrittenRiders();
        return evictedBy;
      }
      try {
        // Removals first: they free room, and an evicted token must not come back on a restart.
        if (removed.length) await this.storage.remove(removed);
        for (const state of touched) {
          for (const k of removed) state.removed.delete(k);
          state.requests.written(removed);
        }
        if (Object.keys(items).length) await this.storage.set(items);
      } catch (e) {
        if (attempt + 1 >= MAX_ATTEMPTS) return evictedBy;
        transient++;
        // Storage holds less than it was asked to (quota, or failing again and again): budget
        // below what it held, evict, and retry. Another failure is first retried as it is.
        if (/quota/i.test(String(e)) || transient > 3) {
          const held = [...this.tabs.values()].reduce((n, s) => n + s.total, 0);
          this.cap = Math.max(0, Math.min(this.cap, Math.floor(held * 0.85)));
          full = true;
        }
        await new Promise<void>((r) => this.schedule(r, Math.min(200, 10 * attempt)));
        continue;
      }
      for (const state of touched) {
        state.dirty.clear();
        state.requests.dirty.clear();
        state.metaDirty = false;
      }
      this.tombstones = this.tombstones.slice(tombstones.length);
      this.dropWrittenRiders();
      this.swept.push(...tombstones);
      this.sweep();
      return evictedBy;
    }
  }

  // Statuses that waited to ride on a record and are now in the items just written.
  private dropWrittenRiders(): void {
    if (!this.appliedRiding.size) return;
    for (const [tabId, list] of this.statusBacklog) {
      const rest = list.filter((s) => !this.appliedRiding.has(s));
      if (rest.length) this.statusBacklog.set(tabId, rest);
      else this.statusBacklog.delete(tabId);
    }
    this.appliedRiding.clear();
  }

  /** Tombstoned records not yet removed. */
  private swept: string[] = [];

  // The records are compacted (tombstoned in the write that compacted them): removing them can wait
  // and be gathered into one call (a tombstone is a few bytes); a failed removal is retried on load.
  private sweep(): void {
    if (this.sweeping || !this.swept.length) return;
    this.sweeping = true;
    this.schedule(() => {
      const keys = this.swept;
      this.swept = [];
      void this.storage
        .remove(keys)
        .catch(() => undefined)
        .finally(() => {
          this.sweeping = false;
          this.sweep();
        });
    }, this.batchMs * 20);
  }

  /** Sizes the changed tokens; marks those too large for an item (kept in memory only). */
  private measure(): void {
    for (const state of this.tabs.values()) {
      for (const t of state.dirty) {
        if (state.index.get(t.token) !== t) continue;
        const text = JSON.stringify(t);
        this.texts.set(t, text);
        const bytes = utf8Length(this.keyOf(state, t)) + utf8Length(text);
        state.total += bytes - (state.bytes.get(t) ?? 0);
        state.bytes.set(t, bytes);
        if (bytes > this.limits.maxTokenBytes) {
          // Listed from memory, labelled; never written, and not counted against the budget.
          t.tooLarge = { bytes };
          state.total -= bytes;
          state.bytes.delete(t);
          const k = state.keys.get(t);
          if (k) state.removed.add(k);
          state.tooLarge.add(t.token);
          state.metaDirty = true;
          // Memory is bounded too: beyond a few, the oldest of them goes (counted as dropped).
          while (state.tooLarge.size > MAX_TOO_LARGE) {
            const oldest = state.tooLarge.values().next().value!;
            const gone = state.index.get(oldest);
            state.tooLarge.delete(oldest);
            if (!gone) continue;
            state.capture.tokens.splice(state.capture.tokens.indexOf(gone), 1);
            state.index.delete(oldest);
            state.capture.kept -= gone.sightings.length;
            state.capture.dropped += gone.sightings.length;
            this.forget(state, gone);
            state.evictedTooLarge.push(oldest);
          }
          this.refreshNotices(state);
        }
      }
    }
  }

  /** Evicts until every tab's items fit the byte budget: the tab holding most pays, oldest first. */
  private fit(evictedBy: Map<number, string[]>, storageFull: boolean): void {
    // A tab's bytes: its token items and its request-log items.
    const held = (s: TabState) => s.total + s.requests.total;
    const sum = () => [...this.tabs.values()].reduce((n, s) => n + held(s), 0);
    let total = sum();
    const full = storageFull || this.cap < this.limits.maxTotalBytes;
    while (total > this.cap) {
      let heaviest: TabState | undefined;
      for (const s of this.tabs.values()) if (held(s) > 0 && (!heaviest || held(s) > held(heaviest))) heaviest = s;
      if (!heaviest) break;
      // The request log is evidence around the tokens: its oldest records go before any token.
      if (heaviest.requests.dropOldest()) {
        heaviest.metaDirty = true;
        total = sum();
        continue;
      }
      let oldest: CapturedToken | undefined;
      for (const t of heaviest.capture.tokens)
        if (heaviest.bytes.has(t) && (!oldest || t.lastSeen < oldest.lastSeen)) oldest = t;
      if (!oldest) break;
      const i = heaviest.capture.tokens.indexOf(oldest);
      heaviest.capture.tokens.splice(i, 1);
      heaviest.index.delete(oldest.token);
      heaviest.capture.kept -= oldest.sightings.length;
      heaviest.capture.dropped += oldest.sightings.length;
      if (full) heaviest.notKept += oldest.sightings.length;
      this.forget(heaviest, oldest);
      heaviest.metaDirty = true;
      total = sum();
      let list = evictedBy.get(heaviest.tabId);
      if (!list) evictedBy.set(heaviest.tabId, (list = []));
      list.push(oldest.token);
      if (full) this.refreshNotices(heaviest);
    }
    if (!this.options.onChange) return;
    for (const s of this.tabs.values()) {
      const tokens = evictedBy.get(s.tabId) ?? [];
      // Only tabs no queued call will report on; the adding tab hears it through its own result.
      if (this.ops.some((op) => op.tabId === s.tabId)) continue;
      const news: RequestNews | undefined =
        tokens.length || s.requests.hasEvictions() ? s.requests.takeNews() : undefined;
      if (!tokens.length && !news) continue;
      const change: AddOutcome = { changed: [], evicted: tokens, dropped: s.capture.dropped, ...news };
      if (s.capture.notices) change.notices = s.capture.notices;
      this.options.onChange(s.tabId, change);
    }
  }

  private refreshNotices(state: TabState): void {
    const notices = [...state.loaded.filter((n) => n.code !== 'too-large')];
    if (state.notKept)
      notices.push({
        code: 'storage-full',
        count: state.notKept,
        message: `storage full: ${plural(state.notKept, 'sighting')} not kept — oldest tokens are being dropped`,
      });
    const tooLarge = state.tooLarge.size || state.loaded.find((n) => n.code === 'too-large')?.count || 0;
    if (tooLarge)
      notices.push({
        code: 'too-large',
        count: tooLarge,
        message: `${plural(tooLarge, 'token')} too large to keep (over ${Math.round(this.limits.maxTokenBytes / 1024)} KiB): listed from memory only, gone after a worker restart`,
      });
    if (notices.length) state.capture.notices = notices;
    else delete state.capture.notices;
  }

  private meta(state: TabState): TabMeta {
    return {
      tabId: state.tabId,
      kept:
        state.capture.kept - [...state.tooLarge].reduce((n, t) => n + (state.index.get(t)?.sightings.length ?? 0), 0),
      dropped: state.capture.dropped,
      next: state.next,
      ...(state.capture.notices ? { notices: state.capture.notices } : {}),
      ...(state.notKept ? { notKept: state.notKept } : {}),
    };
  }
}

/** The cookie a sighting's location names (Cookie header, Set-Cookie, cookie jar), if any. */
function cookieName(s: Sighting): string | undefined {
  return s.location.kind === 'cookie' || s.location.kind === 'set-cookie' ? s.location.name : undefined;
}

function isStatus(v: unknown): v is [string, number, unknown?] {
  return Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'number';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function indexRequest(index: Map<string, Set<string>>, requestId: string, token: string): void {
  let set = index.get(requestId);
  if (!set) index.set(requestId, (set = new Set()));
  set.add(token);
}
