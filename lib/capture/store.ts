import { readStoredToken } from './legacy.ts';
import {
  addSighting,
  DEFAULT_LIMITS,
  emptyCapture,
  type CaptureLimits,
  type CaptureNotice,
  type CapturedToken,
  type Sighting,
  type TabCapture,
} from './model.ts';
import { isCaptureNotice } from './validate-capture.ts';

/** The slice of a key-value storage area the store needs (the extension passes its session storage area). */
export interface KeyValueStorage {
  /** Every stored item (read once per tab when a worker starts). */
  getAll(): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

/** Storage key of a tab's summary (bounds counters). */
export const tabKey = (tabId: number): string => `tab:${tabId}`;
/** Storage key prefix of a tab's tokens: one item per token, so a write touches only what changed. */
export const tokenKeyPrefix = (tabId: number): string => `tok:${tabId}:`;

interface TabMeta {
  tabId: number;
  kept: number;
  dropped: number;
  next: number;
  /** Notices about this tab's stored data, so they outlive the load that raised them. */
  notices?: CaptureNotice[];
}

interface TabState {
  capture: TabCapture;
  index: Map<string, CapturedToken>;
  /** Storage key of each token's item. */
  keys: Map<CapturedToken, string>;
  next: number;
  /** requestId → tokens it carried, so a response status finds its sightings without a scan. */
  byRequest: Map<string, Set<string>>;
  /** Changed tokens and removed keys not yet written. */
  dirty: Set<CapturedToken>;
  removed: Set<string>;
  metaDirty: boolean;
  writing: Promise<void> | null;
  /** Counts changes; `stored` is the count that storage holds. */
  version: number;
  stored: number;
}

function isMeta(v: unknown): v is TabMeta {
  const m = v as TabMeta;
  return typeof v === 'object' && v !== null && typeof m.kept === 'number' && typeof m.dropped === 'number';
}

/**
 * Per-tab captured tokens, authoritative in a storage area so that a service-worker stop loses
 * nothing. Operations on one tab run one after another. Each token is its own storage item and
 * writes are coalesced: while one write is in flight, later changes gather into the next single
 * write, which carries only the tokens that changed.
 */
export class CaptureStore {
  private readonly tabs = new Map<number, Promise<TabState>>();
  private readonly queues = new Map<number, Promise<unknown>>();
  private all: Promise<Record<string, unknown>> | null = null;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly limits: CaptureLimits = DEFAULT_LIMITS,
  ) {}

  private load(tabId: number): Promise<TabState> {
    let p = this.tabs.get(tabId);
    if (!p) {
      // One read of the whole area serves every tab a restarted worker touches first.
      this.all ??= this.storage.getAll();
      p = this.all.then((items) => {
        const meta = items[tabKey(tabId)];
        const capture = emptyCapture(tabId);
        const keys = new Map<CapturedToken, string>();
        let next = 0;
        const dirty = new Set<CapturedToken>();
        const removed = new Set<string>();
        let metaDirty = false;
        if (isMeta(meta)) {
          capture.dropped = meta.dropped;
          next = meta.next;
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
              removed.add(k);
              continue;
            }
            capture.tokens.push(read.entry);
            keys.set(read.entry, k);
            if (read.migrated) migrated++;
            unreadable += read.droppedSightings;
            // Rewritten in the current shape with the next write.
            if (read.migrated || read.droppedSightings) dirty.add(read.entry);
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
          if (notices.length) capture.notices = notices;
          metaDirty = migrated > 0 || unreadable > 0;
          capture.tokens.sort((a, b) => a.firstSeen - b.firstSeen);
          capture.kept = capture.tokens.reduce((n, t) => n + t.sightings.length, 0);
        }
        const index = new Map(capture.tokens.map((t) => [t.token, t]));
        const byRequest = new Map<string, Set<string>>();
        for (const t of capture.tokens)
          for (const s of t.sightings) if (s.requestId) indexRequest(byRequest, s.requestId, t.token);
        const state: TabState = {
          capture,
          index,
          keys,
          next,
          byRequest,
          dirty,
          removed,
          metaDirty,
          writing: null,
          version: metaDirty ? 1 : 0,
          stored: 0,
        };
        // Converted or dropped items are written back at once, so storage never keeps the old shape.
        if (metaDirty) void this.persist(tabId, state).catch(() => undefined);
        return state;
      });
      this.tabs.set(tabId, p);
    }
    return p;
  }

  private run<T>(tabId: number, job: (state: TabState) => T): Promise<T> {
    const prev = this.queues.get(tabId) ?? Promise.resolve();
    const next = prev.then(() => this.load(tabId)).then(job);
    this.queues.set(
      tabId,
      next.catch(() => undefined),
    );
    return next;
  }

  private keyOf(tabId: number, state: TabState, t: CapturedToken): string {
    let k = state.keys.get(t);
    if (!k) state.keys.set(t, (k = `${tokenKeyPrefix(tabId)}${state.next++}`));
    return k;
  }

  /** Resolves once storage holds every change made so far; one write covers all pending changes. */
  private persist(tabId: number, state: TabState, upTo = state.version): Promise<void> {
    if (state.stored >= upTo) return Promise.resolve();
    if (state.writing) return state.writing.then(() => this.persist(tabId, state, upTo));
    const version = state.version;
    const items: Record<string, unknown> = {};
    for (const t of state.dirty) if (state.index.get(t.token) === t) items[this.keyOf(tabId, state, t)] = t;
    const removed = [...state.removed];
    items[tabKey(tabId)] = {
      tabId,
      kept: state.capture.kept,
      dropped: state.capture.dropped,
      next: state.next,
      ...(state.capture.notices ? { notices: state.capture.notices } : {}),
    } satisfies TabMeta;
    state.dirty.clear();
    state.removed.clear();
    const write = Promise.all([this.storage.set(items), removed.length ? this.storage.remove(removed) : undefined])
      .then(() => {
        state.stored = Math.max(state.stored, version);
      })
      .finally(() => {
        state.writing = null;
      });
    state.writing = write;
    return write;
  }

  /** Adds sightings; resolves with the changed token entries once they are stored. */
  async add(
    tabId: number,
    found: { token: string; sighting: Sighting }[],
  ): Promise<{ changed: CapturedToken[]; evicted: string[]; dropped: number }> {
    const { state, changed, evicted } = await this.run(tabId, (state) => {
      const changed = new Map<string, CapturedToken>();
      const evicted: string[] = [];
      for (const f of found) {
        const {
          entry,
          evicted: gone,
          trimmed,
        } = addSighting(state.capture, state.index, f.token, f.sighting, this.limits);
        changed.set(entry.token, entry);
        state.dirty.add(entry);
        for (const t of trimmed) state.dirty.add(t);
        for (const t of gone) {
          const k = state.keys.get(t);
          if (k) state.removed.add(k);
          state.keys.delete(t);
          state.dirty.delete(t);
          changed.delete(t.token);
          evicted.push(t.token);
        }
        if (f.sighting.requestId) indexRequest(state.byRequest, f.sighting.requestId, f.token);
      }
      state.version++;
      return { state, changed: [...changed.values()], evicted };
    });
    await this.persist(tabId, state);
    return { changed, evicted, dropped: state.capture.dropped };
  }

  /** Records a response status on the sightings of a request; resolves with the changed tokens. */
  async status(tabId: number, requestId: string, status: number): Promise<CapturedToken[]> {
    const { state, changed } = await this.run(tabId, (state) => {
      const tokens = state.byRequest.get(requestId);
      const changed: CapturedToken[] = [];
      if (!tokens) return { state, changed };
      state.byRequest.delete(requestId);
      for (const token of tokens) {
        const t = state.index.get(token);
        if (!t) continue;
        for (const s of t.sightings) if (s.requestId === requestId && s.status === undefined) s.status = status;
        changed.push(t);
        state.dirty.add(t);
      }
      if (changed.length) state.version++;
      return { state, changed };
    });
    if (changed.length) await this.persist(tabId, state);
    return changed;
  }

  /** The tab's capture as stored. */
  get(tabId: number): Promise<TabCapture> {
    return this.run(tabId, (state) => state.capture);
  }

  /** Forgets the tab's capture. */
  async clear(tabId: number): Promise<void> {
    const state = await this.run(tabId, (state) => {
      for (const k of state.keys.values()) state.removed.add(k);
      state.keys.clear();
      state.dirty.clear();
      state.capture = emptyCapture(tabId);
      state.index.clear();
      state.byRequest.clear();
      state.version++;
      return state;
    });
    await this.persist(tabId, state);
  }

  /** Drops the tab entirely (tab closed). */
  async remove(tabId: number): Promise<void> {
    const state = await this.run(tabId, (s) => s);
    await state.writing;
    this.tabs.delete(tabId);
    this.queues.delete(tabId);
    // The start-up snapshot still holds this tab: read afresh if it is ever seen again.
    this.all = null;
    await this.storage.remove([tabKey(tabId), ...state.keys.values(), ...state.removed]);
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function indexRequest(index: Map<string, Set<string>>, requestId: string, token: string): void {
  let set = index.get(requestId);
  if (!set) index.set(requestId, (set = new Set()));
  set.add(token);
}
