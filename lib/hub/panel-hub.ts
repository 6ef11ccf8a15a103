import type { CaptureNotice, CapturedToken, RequestRecord, Sighting } from '../capture/model.ts';
import type { RawEvent, RequestExtra } from '../capture/raw-event.ts';
import { isAuthFailure } from '../capture/request-log.ts';
import type { AddOutcome, CaptureStore } from '../capture/store.ts';
import type { OverridePlan } from '../override/override-rule.ts';
import { PORT_NAME, PROTOCOL_VERSION, type WorkerMessage } from '../protocol/messages.ts';
import { validatePanelMessage } from '../protocol/validate.ts';

/** The slice of a `runtime.Port` the hub uses (the worker passes the real one; tests a fake). */
export interface PortLike {
  readonly name: string;
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** The capture store operations the hub needs (see {@link CaptureStore}). */
export type HubStore = Pick<CaptureStore, 'add' | 'status' | 'get' | 'clear' | 'remove'> &
  Partial<Pick<CaptureStore, 'addRaw' | 'response' | 'mayHaveSightings'>>;

/** Settings shared by every panel (kept in the worker's session storage). */
export interface PanelSettings {
  /**
   * Keep tokens when the page navigates (like the Network panel's "Preserve log"). On by default:
   * a login redirects through the identity provider and back, and clearing on each top-frame
   * navigation would lose the tokens it is about.
   */
  preserveLog: boolean;
}

/** Where settings are kept: the stored value is read back untrusted and validated. */
export interface SettingsStorage {
  load(): Promise<unknown>;
  save(settings: PanelSettings): Promise<void>;
}

/** The hub's clock: a one-shot timer (the worker passes `setTimeout`). */
export type Schedule = (run: () => void, ms: number) => void;

/** Where the hub reports what it ignored or failed at. */
export interface HubLog {
  warn(message: string): void;
  error(message: string, error: unknown): void;
}

/** What the hub is built from. */
export interface PanelHubOptions {
  store: HubStore;
  settings: SettingsStorage;
  schedule: Schedule;
  log: HubLog;
  /** A panel said hello for a tab (the worker reads the tab's cookie jar then). */
  onHello?(tabId: number): void;
  /** "Use this token in the app": where the tab's override requests go (see lib/override/override-manager.ts). */
  overrides?: HubOverrides;
}

/** The override operations the hub routes panel messages and disconnects to. */
export interface HubOverrides {
  use(tabId: number, plan: OverridePlan): void;
  stop(tabId: number): void;
  hello(tabId: number): void;
  /** The tab's last panel disconnected (closed, or its page died). */
  panelGone(tabId: number): void;
}

/** A token and where it was seen. */
type Found = { token: string; sighting: Sighting };

/** At most one `tokens` message per tab per this many milliseconds. */
export const BATCH_MS = 100;

/**
 * How the worker's CaptureStore batches (see CaptureStoreOptions). The log holds each event at
 * once, so batches can gather for a while: every storage call costs the browser a fixed price
 * (tenths of a millisecond), so a flood becomes few writes (a batch every 200 ms, and a status
 * rides on the next record instead of being logged on its own); and a worker the browser keeps
 * restarting does not read all of storage before it handles each event (1 s, unless a panel asks).
 * With no panel open (the worker passes `unwatched`), a batch waits for a 250 ms pause in the
 * traffic (at most 10 s): during a burst the browser handles only the records.
 */
export const WORKER_STORE_OPTIONS = { batchMs: 200, startDelayMs: 1000, quietMs: 250, maxWaitMs: 10_000 } as const;

/** Reads stored settings, defaulting what is missing or malformed ("Preserve log" on unless saved off). */
export function readSettings(raw: unknown): PanelSettings {
  const v = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return { preserveLog: v.preserveLog !== false };
}

interface Outbox {
  tokens: Map<string, CapturedToken>;
  evicted: Set<string>;
  dropped: number;
  /** The tab's notices as of the latest change (e.g. storage full), when the store said. */
  notices?: CaptureNotice[];
  /** Request-log records changed, by request id, and ids no longer logged. */
  requests: Map<string, RequestRecord>;
  requestsEvicted: Set<string>;
}

/**
 * The worker's side of the panel protocol, without browser APIs: routes each panel port by the
 * tab it said hello for (hello → snapshot, clear, report, preserve-log), applies the navigation
 * policy, keeps the settings, and sends capture changes to open panels in batches — at most one
 * message per tab every {@link BATCH_MS}, so a request flood does not become a message (and a panel
 * re-render) per request. The store already holds every change; a batch only carries news.
 */
export class PanelHub {
  private readonly ports = new Map<number, Set<PortLike>>();
  private readonly outbox = new Map<number, Outbox>();
  private readonly loggedBadShapes = new Set<string>();
  private loadedSettings?: Promise<PanelSettings>;

  // Read on first use, not at construction: a worker the browser keeps restarting makes no storage
  // read before it handles the event that woke it.
  constructor(private readonly o: PanelHubOptions) {}

  private get settings(): Promise<PanelSettings> {
    return (this.loadedSettings ??= this.known(
      this.o.settings.load().then(readSettings, () => readSettings(undefined)),
    ));
  }

  private set settings(next: Promise<PanelSettings>) {
    this.knownSettings = undefined;
    this.loadedSettings = this.known(next);
  }

  /** The settings once read (and not being changed), for what must not wait for a promise. */
  private knownSettings?: PanelSettings;

  private known(next: Promise<PanelSettings>): Promise<PanelSettings> {
    void next.then((s) => {
      if (this.loadedSettings === next) this.knownSettings = s;
    });
    return next;
  }

  /** Accepts a panel's port (ports of other names are left alone). */
  connect(port: PortLike): void {
    if (port.name !== PORT_NAME) return;
    let tabId: number | null = null;
    port.onMessage.addListener((raw) => {
      const checked = validatePanelMessage(raw);
      if (!checked.ok) {
        if (!this.loggedBadShapes.has(checked.error.code)) {
          this.loggedBadShapes.add(checked.error.code);
          this.o.log.warn(`JWT Lens: ignored a panel message: ${checked.error.message}`);
        }
        this.post(port, { v: PROTOCOL_VERSION, kind: 'error', ...checked.error });
        return;
      }
      const message = checked.message;
      switch (message.kind) {
        case 'hello': {
          const tab = message.tabId;
          if (tabId !== null && tabId !== tab) this.ports.get(tabId)?.delete(port);
          tabId = tab;
          let set = this.ports.get(tab);
          if (!set) this.ports.set(tab, (set = new Set()));
          set.add(port);
          void Promise.all([this.o.store.get(tab), this.settings]).then(([capture, settings]) =>
            this.post(port, {
              v: PROTOCOL_VERSION,
              kind: 'snapshot',
              tabId: tab,
              tokens: capture.tokens,
              dropped: capture.dropped,
              preserveLog: settings.preserveLog,
              ...(capture.notices?.length ? { notices: capture.notices } : {}),
              ...(capture.requests?.length ? { requests: capture.requests } : {}),
            }),
          );
          this.o.onHello?.(tab);
          this.o.overrides?.hello(tab);
          break;
        }
        case 'clear':
          if (tabId !== null) {
            const tab = tabId;
            void this.o.store.clear(tab).then(() => this.cleared(tab, 'user'));
          }
          break;
        case 'report':
          if (tabId !== null) this.record(tabId, message.found);
          break;
        case 'preserve-log':
          this.setPreserveLog(message.enabled);
          break;
        case 'use-in-app':
          if (tabId !== null) this.o.overrides?.use(tabId, message.plan);
          break;
        case 'stop-use-in-app':
          if (tabId !== null) this.o.overrides?.stop(tabId);
          break;
      }
    });
    port.onDisconnect.addListener(() => {
      if (tabId === null) return;
      const set = this.ports.get(tabId);
      set?.delete(port);
      if (!set?.size) this.o.overrides?.panelGone(tabId);
    });
  }

  /** Whether any panel is connected (for any tab). */
  watched(): boolean {
    for (const set of this.ports.values()) if (set.size) return true;
    return false;
  }

  /** Whether a panel is connected for the tab. */
  hasPanel(tabId: number): boolean {
    return (this.ports.get(tabId)?.size ?? 0) > 0;
  }

  /** Sends a message to every panel of the tab. */
  send(tabId: number, message: WorkerMessage): void {
    this.toPanels(tabId, message);
  }

  /** Stores sightings of a tab and sends the changes to its panels. */
  record(tabId: number, found: readonly Found[]): void {
    if (tabId < 0 || !found.length) return;
    void this.o.store
      .add(tabId, [...found])
      .then((outcome) => this.changed(tabId, outcome))
      .catch((e: unknown) => this.o.log.error('JWT Lens: could not store a sighting', e));
  }

  /**
   * Stores what a raw webRequest event may hold (logged at once, scanned later by the store), with
   * what the request log reads of the request beyond it (`extra`: references, read in the batch).
   */
  recordRaw(tabId: number, raw: RawEvent, extra?: RequestExtra): void {
    if (tabId < 0 || !this.o.store.addRaw) return;
    void this.o.store
      .addRaw(tabId, raw, extra)
      .then((outcome) => this.changed(tabId, outcome))
      .catch((e: unknown) => this.o.log.error('JWT Lens: could not store a sighting', e));
  }

  /** Sends a change of a tab's capture to its panels (also one the store reports on its own). */
  changed(tabId: number, { changed, evicted, dropped, notices, requests, requestsEvicted }: AddOutcome): void {
    this.queue(tabId, changed, evicted, dropped, notices, requests, requestsEvicted);
  }

  /**
   * A response's status lands on the sightings of its request (status 0: it failed without one);
   * with `response` (the listener's event with every response header, a reference) the request log
   * also gets the server's Date, the challenge and the headers, and a 401/403 is logged even when
   * the request carried no token. A status the store cannot use (its request carried no token) is
   * dropped here, before anything is built for it.
   */
  recordStatus(tabId: number, requestId: string, status: number, response?: RawEvent | (() => RawEvent)): void {
    if (tabId < 0) return;
    const store = this.o.store;
    // Most responses answer requests that carried no token: nothing is built or queued for them
    // (`response` may be a function, called only when the response matters).
    const authFailure = isAuthFailure(status) && response !== undefined;
    if (!authFailure && store.mayHaveSightings && !store.mayHaveSightings(tabId, requestId)) return;
    if (store.response) {
      void store
        .response(tabId, requestId, status, typeof response === 'function' ? response() : response)
        .then((outcome) => {
          if (
            outcome.changed.length ||
            outcome.evicted.length ||
            outcome.requests?.length ||
            outcome.requestsEvicted?.length
          )
            this.changed(tabId, outcome);
        })
        .catch((e: unknown) => this.o.log.error('JWT Lens: could not record a status', e));
      return;
    }
    void store
      .status(tabId, requestId, status)
      .then(async (changed) => {
        if (!changed.length) return;
        const capture = await store.get(tabId);
        this.queue(tabId, changed, [], capture.dropped, capture.notices);
      })
      .catch((e: unknown) => this.o.log.error('JWT Lens: could not record a status', e));
  }

  /**
   * A tab's top frame navigates: tokens are kept ("Preserve log", the default); with it turned off, start afresh,
   * then record the navigation request's own tokens. The store runs one tab's operations in call
   * order, so the clear lands before these tokens and before those of every later request.
   */
  navigate(tabId: number, url: string, found: readonly Found[] | RawEvent | undefined): void {
    if (tabId < 0) return;
    const go = (settings: PanelSettings) => {
      if (!settings.preserveLog) void this.o.store.clear(tabId).then(() => this.cleared(tabId, 'navigation', url));
      if (Array.isArray(found)) this.record(tabId, found);
      else if (found) this.recordRaw(tabId, found as RawEvent);
    };
    // Settings already read: the navigation's own record is logged within this call (no await
    // before it), like every other event's.
    if (this.knownSettings) go(this.knownSettings);
    else void this.settings.then(go);
  }

  /** The tab closed: forget its capture. */
  removeTab(tabId: number): void {
    this.outbox.delete(tabId);
    void this.o.store.remove(tabId);
  }

  // Changes gathered before the clear landed are superseded by it: the batch is dropped, not sent after.
  private cleared(tabId: number, reason: 'user' | 'navigation', url?: string): void {
    this.outbox.delete(tabId);
    this.toPanels(tabId, {
      v: PROTOCOL_VERSION,
      kind: 'cleared',
      tabId,
      reason,
      ...(url !== undefined ? { url } : {}),
    });
  }

  private setPreserveLog(enabled: boolean): void {
    const next = this.settings.then((s) => ({ ...s, preserveLog: enabled }));
    this.settings = next.then((s) =>
      this.o.settings.save(s).then(
        () => s,
        (e: unknown) => {
          this.o.log.error('JWT Lens: could not save the settings', e);
          return s;
        },
      ),
    );
    void this.settings.then((s) => {
      for (const tab of this.ports.keys())
        this.toPanels(tab, { v: PROTOCOL_VERSION, kind: 'settings', preserveLog: s.preserveLog });
    });
  }

  private post(port: PortLike, message: WorkerMessage): void {
    try {
      port.postMessage(message);
    } catch {
      // The panel went away between the lookup and the post; onDisconnect cleans up.
    }
  }

  private toPanels(tabId: number, message: WorkerMessage): void {
    for (const port of this.ports.get(tabId) ?? []) this.post(port, message);
  }

  private queue(
    tabId: number,
    tokens: readonly CapturedToken[],
    evicted: readonly string[],
    dropped: number,
    notices?: CaptureNotice[],
    requests: readonly RequestRecord[] = [],
    requestsEvicted: readonly string[] = [],
  ): void {
    if (!this.ports.get(tabId)?.size) return;
    let box = this.outbox.get(tabId);
    if (!box) {
      const fresh: Outbox = {
        tokens: new Map(),
        evicted: new Set(),
        dropped,
        requests: new Map(),
        requestsEvicted: new Set(),
      };
      this.outbox.set(tabId, (box = fresh));
      this.o.schedule(() => this.flush(tabId, fresh), BATCH_MS);
    }
    for (const t of tokens) {
      box.tokens.set(t.token, t);
      box.evicted.delete(t.token);
    }
    for (const e of evicted) {
      box.tokens.delete(e);
      box.evicted.add(e);
    }
    for (const r of requests) {
      box.requests.set(r.requestId, r);
      box.requestsEvicted.delete(r.requestId);
    }
    for (const id of requestsEvicted) {
      box.requests.delete(id);
      box.requestsEvicted.add(id);
    }
    box.dropped = dropped;
    if (notices) box.notices = notices;
  }

  private flush(tabId: number, box: Outbox): void {
    // A clear or navigation since dropped this box (a newer one may be gathering).
    if (this.outbox.get(tabId) !== box) return;
    this.outbox.delete(tabId);
    this.toPanels(tabId, {
      v: PROTOCOL_VERSION,
      kind: 'tokens',
      tabId,
      tokens: [...box.tokens.values()],
      evicted: [...box.evicted],
      dropped: box.dropped,
      ...(box.notices ? { notices: box.notices } : {}),
      ...(box.requests.size ? { requests: [...box.requests.values()] } : {}),
      ...(box.requestsEvicted.size ? { requestsEvicted: [...box.requestsEvicted] } : {}),
    });
  }
}
