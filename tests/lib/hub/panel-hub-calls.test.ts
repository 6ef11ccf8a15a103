import { describe, expect, it } from 'vitest';
import { candidateHeaders, type RawEvent } from '../../../lib/capture/raw-event.ts';
import { CaptureStore, type KeyValueStorage } from '../../../lib/capture/store.ts';
import { PanelHub, WORKER_STORE_OPTIONS, type PortLike } from '../../../lib/hub/panel-hub.ts';
import { PORT_NAME, PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';

// What the worker's hot path costs the browser, counted: every storage call is a fixed price the
// browser pays on its main thread (issue 14: capture at its floor), so a token request should cost
// about one call — its own write-ahead record — and a request without a token none.

/** A virtual clock: timers run in time order, with every pending promise settled in between. */
function virtualClock() {
  let now = 0;
  let seq = 0;
  const timers: { at: number; seq: number; run: () => void }[] = [];
  const settle = async () => {
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
  };
  return {
    now: () => now,
    schedule: (run: () => void, ms: number) => void timers.push({ at: now + ms, seq: seq++, run }),
    at: (ms: number, run: () => void) => void timers.push({ at: ms, seq: seq++, run }),
    /** Runs every timer (and what they schedule) until none is left or `until()` holds. */
    async runAll(until: () => boolean = () => false) {
      for (let guard = 0; guard < 100_000; guard++) {
        await settle();
        if (until() || !timers.length) return;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const t = timers.shift()!;
        now = Math.max(now, t.at);
        t.run();
      }
    },
  };
}

function countingStorage() {
  const data = new Map<string, unknown>();
  const calls = { append: 0, set: 0, remove: 0, getAll: 0 };
  const storage: KeyValueStorage = {
    getAll: async () => (calls.getAll++, structuredClone(Object.fromEntries(data))),
    set: async (items) => {
      calls.set++;
      for (const [k, v] of Object.entries(structuredClone(items))) data.set(k, v);
    },
    remove: async (keys) => {
      calls.remove++;
      for (const k of keys) data.delete(k);
    },
    append: async (k, v) => {
      calls.append++;
      data.set(k, structuredClone(v));
    },
  };
  return { storage, data, calls, total: () => calls.append + calls.set + calls.remove + calls.getAll };
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (i: number) => `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify({ sub: `user-${i}` }))}.c2ln`;
const headersOf = (i: number) => [
  { name: 'Authorization', value: `Bearer ${jwt(i)}` },
  { name: 'Accept', value: '*/*' },
  { name: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)' },
  { name: 'Referer', value: 'https://app.test/' },
];
const event = (i: number, phase: RawEvent['phase'], now: number): RawEvent => ({
  phase,
  requestId: String(1000 + i),
  url: `https://app.test/api?i=${i}`,
  method: 'GET',
  frameId: 0,
  type: 'xmlhttprequest',
  timeStamp: now,
});

function worker(settingsReads = { n: 0 }, wired: { unwatched?: boolean } = {}) {
  const clock = virtualClock();
  const mem = countingStorage();
  const late: { hub?: PanelHub } = {};
  const store = new CaptureStore(mem.storage, undefined, {
    ...WORKER_STORE_OPTIONS,
    schedule: clock.schedule,
    now: clock.now,
    onChange: (tab, c) => late.hub!.changed(tab, c),
    // As the worker wires it.
    ...(wired.unwatched ? { unwatched: () => !late.hub!.watched() } : {}),
  });
  const hub = (late.hub = new PanelHub({
    store,
    settings: { load: async () => void settingsReads.n++, save: async () => undefined },
    schedule: clock.schedule,
    log: { warn: () => undefined, error: () => undefined },
  }));
  return { clock, mem, store, hub };
}

/** Tab 1 holds `n` tokens, each sighting with status 200, in memory and in storage (what a restarted worker reads). */
async function expectAllKept(
  store: CaptureStore,
  mem: ReturnType<typeof countingStorage>,
  clock: ReturnType<typeof virtualClock>,
  n: number,
) {
  let done: { tokens: { sightings: { status?: number }[] }[] } | undefined;
  void store.get(1).then((c) => (done = c));
  await clock.runAll(() => done !== undefined);
  expect(done!.tokens).toHaveLength(n);
  expect(done!.tokens.every((t) => t.sightings[0]!.status === 200)).toBe(true);
  const restarted = await new CaptureStore({ ...mem.storage, append: undefined }).get(1);
  expect(restarted.tokens).toHaveLength(n);
  expect(restarted.tokens.every((t) => t.sightings[0]!.status === 200)).toBe(true);
}

describe('the worker hot path: storage calls per request', () => {
  it('a burst of 500 token requests, 6 in flight, costs one log write per request and at most 1.05 storage calls per request, and keeps every token', async () => {
    const { clock, mem, store, hub } = worker();
    // The worker has read storage already (it has been running).
    let loaded = false;
    void store.get(1).then(() => (loaded = true));
    await clock.runAll(() => loaded);
    const before = mem.total();
    const appendsBefore = mem.calls.append;
    const n = 500;
    // A request every 5 ms, each answered 25 ms later (the capture bench's shape on a local server).
    for (let i = 0; i < n; i++) {
      clock.at(2000 + 5 * i, () => {
        const headers = headersOf(i);
        hub.recordRaw(1, { ...event(i, 'request', clock.now()), headers: candidateHeaders(headers) }, { headers });
      });
      clock.at(2000 + 5 * i + 25, () =>
        hub.recordStatus(1, String(1000 + i), 200, () => ({
          ...event(i, 'response', clock.now()),
          statusCode: 200,
          headers: [{ name: 'Date', value: 'Tue, 01 Dec 2026 12:04:31 GMT' }],
        })),
      );
    }
    await clock.runAll();
    const calls = mem.total() - before;
    // Each request's own record, no status logged on its own (each rides on a later record or
    // goes with the next batch, 200 ms apart), and a batch write every 200 ms.
    expect(mem.calls.append - appendsBefore).toBe(n);
    expect(calls / n).toBeLessThanOrEqual(1.05);
    await expectAllKept(store, mem, clock, n);
  });

  it('builds and stores nothing for the response of a request that carried no token (a 401 is still logged)', async () => {
    const { clock, mem, store, hub } = worker();
    let loaded = false;
    void store.get(1).then(() => (loaded = true));
    await clock.runAll(() => loaded);
    const before = mem.total();
    let built = 0;
    for (let i = 0; i < 100; i++)
      hub.recordStatus(1, `plain${i}`, 200, () => (built++, { ...event(i, 'response', 0), statusCode: 200 }));
    hub.recordStatus(1, 'plain-failed', 0);
    await clock.runAll();
    expect(built).toBe(0);
    expect(mem.total()).toBe(before);
    hub.recordStatus(
      1,
      'denied',
      401,
      () => (built++, { ...event(7, 'response', 0), requestId: 'denied', statusCode: 401 }),
    );
    let requests: { requestId: string }[] | undefined;
    void store.get(1).then((c) => (requests = c.requests));
    await clock.runAll(() => requests !== undefined);
    expect(built).toBe(1);
    expect(requests!.map((r) => r.requestId)).toEqual(['denied']);
  });

  it('a started worker reads no settings until something needs them', async () => {
    const reads = { n: 0 };
    const { clock, hub } = worker(reads);
    hub.recordRaw(1, { ...event(1, 'request', 0), headers: candidateHeaders(headersOf(1)) });
    await clock.runAll();
    expect(reads.n).toBe(0);
    hub.navigate(1, 'https://app.test/', undefined);
    await clock.runAll();
    expect(reads.n).toBe(1);
  });

  it('once the settings are read, a navigation’s record is logged within the call (no await before it)', async () => {
    const { clock, mem, hub } = worker();
    hub.navigate(1, 'https://app.test/', undefined);
    await clock.runAll();
    const before = mem.calls.append;
    hub.navigate(1, 'https://app.test/?t=1', {
      ...event(2, 'request', 0),
      type: 'main_frame',
      scanUrl: true,
      url: `https://app.test/?token=${jwt(2)}`,
    });
    expect(mem.calls.append).toBe(before + 1);
  });
});

/** A panel's port as the hub sees it, saying hello for `tabId`; the messages it receives. */
function panelPort(hub: PanelHub, tabId: number) {
  const received: { kind: string; tokens?: unknown[] }[] = [];
  let onMessage: ((m: unknown) => void) | undefined;
  const port: PortLike = {
    name: PORT_NAME,
    postMessage: (m) => received.push(structuredClone(m) as { kind: string }),
    onMessage: { addListener: (l) => void (onMessage = l) },
    onDisconnect: { addListener: () => undefined },
  };
  hub.connect(port);
  onMessage?.({ v: PROTOCOL_VERSION, kind: 'hello', tabId });
  return received;
}

describe('with no panel open, a burst is compacted after it', () => {
  /** 500 token requests, one every 5 ms from t = 2 s, each answered 25 ms later; item writes logged with their time. */
  async function burst(wired: { unwatched?: boolean }, panel: boolean) {
    const w = worker(undefined, wired);
    const { clock, mem, store, hub } = w;
    let loaded = false;
    void store.get(1).then(() => (loaded = true));
    await clock.runAll(() => loaded);
    const received = panel ? panelPort(hub, 1) : [];
    const writes: number[] = [];
    const set = mem.storage.set;
    mem.storage.set = (items) => (writes.push(clock.now()), set(items));
    const n = 500;
    for (let i = 0; i < n; i++) {
      clock.at(2000 + 5 * i, () => {
        const headers = headersOf(i);
        hub.recordRaw(1, { ...event(i, 'request', clock.now()), headers: candidateHeaders(headers) }, { headers });
      });
      clock.at(2000 + 5 * i + 25, () => hub.recordStatus(1, String(1000 + i), 200));
    }
    await clock.runAll();
    return { ...w, writes, received, n, end: 2000 + 5 * (n - 1) + 25 };
  }

  it('unwatched: during the burst the only writes are its records; one compaction after a 250 ms pause; nothing lost, statuses kept', async () => {
    const { mem, writes, n, end, store, clock } = await burst({ unwatched: true }, false);
    expect(mem.calls.append).toBeGreaterThanOrEqual(n);
    expect(writes.filter((t) => t <= end)).toEqual([]);
    expect(writes.length).toBeGreaterThan(0);
    expect(Math.min(...writes)).toBeGreaterThanOrEqual(end + 250);
    await expectAllKept(store, mem, clock, n);
  });

  it('with a panel open the batches run every 200 ms during the burst, and the panel hears of tokens while it lasts', async () => {
    const { writes, end, received } = await burst({ unwatched: true }, true);
    const during = writes.filter((t) => t <= end);
    expect(during.length).toBeGreaterThanOrEqual(10);
    expect(received.filter((m) => m.kind === 'tokens').length).toBeGreaterThanOrEqual(10);
  });

  it('a burst that never pauses is still compacted: at most 10 s after its first event, and before 2,000 events wait', async () => {
    const { clock, mem, store, hub } = worker(undefined, { unwatched: true });
    let loaded = false;
    void store.get(1).then(() => (loaded = true));
    await clock.runAll(() => loaded);
    const writes: { at: number; items: number }[] = [];
    const set = mem.storage.set;
    mem.storage.set = (items) => (writes.push({ at: clock.now(), items: Object.keys(items).length }), set(items));
    // One request every 20 ms for 30 s (never a 250 ms pause): compactions by the 10 s bound.
    for (let i = 0; i < 1500; i++)
      clock.at(1000 + 20 * i, () =>
        hub.recordRaw(1, { ...event(i, 'request', clock.now()), headers: candidateHeaders(headersOf(i)) }),
      );
    await clock.runAll();
    const during = writes.filter((w) => w.at < 1000 + 20 * 1500);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during[0]!.at).toBeLessThanOrEqual(1000 + 10_000 + 250);
    // 3,000 events arriving at once: a batch runs once 2,000 wait, not 10 s later.
    writes.length = 0;
    const t0 = clock.now();
    for (let i = 0; i < 3000; i++)
      hub.recordRaw(1, { ...event(5000 + i, 'request', t0), headers: candidateHeaders(headersOf(5000 + i)) });
    await clock.runAll(() => writes.length > 0);
    expect(writes[0]!.at - t0).toBeLessThanOrEqual(WORKER_STORE_OPTIONS.batchMs);
  });
});
