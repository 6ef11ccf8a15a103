import {
  addSighting,
  DEFAULT_LIMITS,
  emptyCapture,
  type CaptureLimits,
  type CapturedToken,
  type Sighting,
  type TabCapture,
} from './model.ts';

/** The slice of a key-value storage area the store needs (e.g. chrome.storage.session). */
export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Storage key of a tab's capture. */
export const tabKey = (tabId: number): string => `tab:${tabId}`;

interface TabState {
  capture: TabCapture;
  /** requestId → tokens it carried, so a response status finds its sightings without a scan. */
  byRequest: Map<string, Set<string>>;
  /** A write is in flight. */
  writing: Promise<void> | null;
  /** Counts changes; `stored` is the count that storage holds. */
  version: number;
  stored: number;
}

function isTabCapture(v: unknown): v is TabCapture {
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as TabCapture).tokens) &&
    typeof (v as TabCapture).dropped === 'number'
  );
}

/**
 * Per-tab captured tokens, authoritative in a storage area so that a service-worker stop loses
 * nothing. Operations on one tab run one after another; writes are coalesced: while one write is
 * in flight, later changes are gathered into the next single write.
 */
export class CaptureStore {
  private readonly tabs = new Map<number, Promise<TabState>>();
  private readonly queues = new Map<number, Promise<unknown>>();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly limits: CaptureLimits = DEFAULT_LIMITS,
  ) {}

  private load(tabId: number): Promise<TabState> {
    let p = this.tabs.get(tabId);
    if (!p) {
      p = this.storage.get(tabKey(tabId)).then((stored) => {
        const capture = isTabCapture(stored) ? stored : emptyCapture(tabId);
        const byRequest = new Map<string, Set<string>>();
        for (const t of capture.tokens)
          for (const s of t.sightings) if (s.requestId) indexRequest(byRequest, s.requestId, t.token);
        return { capture, byRequest, writing: null, version: 0, stored: 0 };
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

  /** Resolves once storage holds every change made so far; one write covers all pending changes. */
  private persist(tabId: number, state: TabState, upTo = state.version): Promise<void> {
    if (state.stored >= upTo) return Promise.resolve();
    if (state.writing) return state.writing.then(() => this.persist(tabId, state, upTo));
    const version = state.version;
    const write = this.storage
      .set(tabKey(tabId), state.capture)
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
  ): Promise<{ changed: CapturedToken[]; dropped: number }> {
    const { state, changed } = await this.run(tabId, (state) => {
      const changed = new Map<string, CapturedToken>();
      for (const f of found) {
        const entry = addSighting(state.capture, f.token, f.sighting, this.limits);
        changed.set(entry.token, entry);
        if (f.sighting.requestId) indexRequest(state.byRequest, f.sighting.requestId, f.token);
      }
      state.version++;
      return { state, changed: [...changed.values()] };
    });
    await this.persist(tabId, state);
    return { changed, dropped: state.capture.dropped };
  }

  /** Records a response status on the sightings of a request; resolves with the changed tokens. */
  async status(tabId: number, requestId: string, status: number): Promise<CapturedToken[]> {
    if (!this.tabs.has(tabId) && !(await this.storage.get(tabKey(tabId)))) return [];
    const { state, changed } = await this.run(tabId, (state) => {
      const tokens = state.byRequest.get(requestId);
      const changed: CapturedToken[] = [];
      if (!tokens) return { state, changed };
      state.byRequest.delete(requestId);
      for (const t of state.capture.tokens) {
        if (!tokens.has(t.token)) continue;
        for (const s of t.sightings) if (s.requestId === requestId && s.status === undefined) s.status = status;
        changed.push(t);
      }
      state.version++;
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
      state.capture = emptyCapture(tabId);
      state.byRequest.clear();
      state.version++;
      return state;
    });
    await this.persist(tabId, state);
  }

  /** Drops the tab entirely (tab closed). */
  async remove(tabId: number): Promise<void> {
    await this.run(tabId, () => undefined);
    this.tabs.delete(tabId);
    this.queues.delete(tabId);
    await this.storage.remove(tabKey(tabId));
  }
}

function indexRequest(index: Map<string, Set<string>>, requestId: string, token: string): void {
  let set = index.get(requestId);
  if (!set) index.set(requestId, (set = new Set()));
  set.add(token);
}
