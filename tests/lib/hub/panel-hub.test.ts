import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../lib/capture/model.ts';
import { CaptureStore, type KeyValueStorage } from '../../../lib/capture/store.ts';
import { BATCH_MS, PanelHub, readSettings, type PanelSettings, type PortLike } from '../../../lib/hub/panel-hub.ts';
import { PORT_NAME, PROTOCOL_VERSION, type WorkerMessage } from '../../../lib/protocol/messages.ts';

const v = PROTOCOL_VERSION;

function memoryStorage(): KeyValueStorage {
  const data = new Map<string, unknown>();
  return {
    getAll: async () => structuredClone(Object.fromEntries(data)),
    set: async (items) => {
      for (const [k, val] of Object.entries(structuredClone(items))) data.set(k, val);
    },
    remove: async (keys) => {
      for (const k of keys) data.delete(k);
    },
  };
}

/** A port as the hub sees it: the test plays the panel. */
function fakePort(name = PORT_NAME) {
  const received: WorkerMessage[] = [];
  let onMessage: ((m: unknown) => void) | undefined;
  let onDisconnect: (() => void) | undefined;
  const port: PortLike = {
    name,
    postMessage: (m) => received.push(structuredClone(m) as WorkerMessage),
    onMessage: { addListener: (l) => void (onMessage = l) },
    onDisconnect: { addListener: (l) => void (onDisconnect = l) },
  };
  return {
    port,
    received,
    kinds: () => received.map((m) => m.kind),
    send: (m: unknown) => onMessage?.(m),
    disconnect: () => onDisconnect?.(),
  };
}

/** A timer the test fires by hand. */
function manualTimer() {
  const pending: { run: () => void; ms: number }[] = [];
  return {
    pending,
    schedule: (run: () => void, ms: number) => void pending.push({ run, ms }),
    fire: () => {
      for (const t of pending.splice(0)) t.run();
    },
  };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

const sighting = (i: number, requestId = `r${i}`): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location: { kind: 'header', name: 'Authorization' },
  method: 'GET',
  url: `https://api.test/${i}`,
  requestId,
  time: 1000 + i,
});

function setup(opts: { stored?: unknown; limits?: ConstructorParameters<typeof CaptureStore>[1] } = {}) {
  const store = new CaptureStore(memoryStorage(), opts.limits);
  const timer = manualTimer();
  const saved: PanelSettings[] = [];
  const warnings: string[] = [];
  const hellos: number[] = [];
  const hub = new PanelHub({
    store,
    settings: { load: async () => opts.stored, save: async (s) => void saved.push(s) },
    schedule: timer.schedule,
    log: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    onHello: (tab) => hellos.push(tab),
  });
  const open = async (tabId: number) => {
    const p = fakePort();
    hub.connect(p.port);
    p.send({ v, kind: 'hello', tabId });
    await settle();
    return p;
  };
  return { hub, store, timer, saved, warnings, hellos, open };
}

describe('PanelHub', () => {
  it('answers hello with a snapshot of the tab and the stored setting, and asks for a cookie-jar scan', async () => {
    // The default is on: a stored "off" must win.
    const { hub, open, hellos } = setup({ stored: { preserveLog: false } });
    hub.record(7, [{ token: 'A', sighting: sighting(1) }]);
    await settle();
    const panel = await open(7);
    expect(panel.received).toHaveLength(1);
    const snap = panel.received[0]!;
    expect(snap).toMatchObject({ v, kind: 'snapshot', tabId: 7, dropped: 0, preserveLog: false });
    expect(snap.kind === 'snapshot' && snap.tokens.map((t) => t.token)).toEqual(['A']);
    expect(hellos).toEqual([7]);
  });

  it('sends a flood as one tokens message per tab per batch, scheduled BATCH_MS ahead', async () => {
    const { hub, open, timer } = setup();
    const one = await open(1);
    const two = await open(2);
    for (let i = 0; i < 50; i++) hub.record(1, [{ token: `T${i % 5}`, sighting: sighting(i) }]);
    hub.record(2, [{ token: 'B', sighting: sighting(99) }]);
    await settle();
    // One timer per tab with news, none fired yet: nothing sent beyond the snapshots.
    expect(timer.pending.map((t) => t.ms)).toEqual([BATCH_MS, BATCH_MS]);
    expect(BATCH_MS).toBe(100);
    expect(one.kinds()).toEqual(['snapshot']);
    timer.fire();
    expect(one.kinds()).toEqual(['snapshot', 'tokens']);
    expect(two.kinds()).toEqual(['snapshot', 'tokens']);
    const batch = one.received[1]!;
    expect(batch.kind === 'tokens' && batch.tokens.map((t) => t.token).sort()).toEqual(['T0', 'T1', 'T2', 'T3', 'T4']);
    expect(batch.kind === 'tokens' && batch.tokens.find((t) => t.token === 'T0')!.count).toBe(10);
    const other = two.received[1]!;
    expect(other.kind === 'tokens' && other.tokens.map((t) => t.token)).toEqual(['B']);
    // The next change after a flush starts a new batch.
    hub.record(1, [{ token: 'T0', sighting: sighting(100) }]);
    await settle();
    expect(timer.pending).toHaveLength(1);
    timer.fire();
    expect(one.kinds()).toEqual(['snapshot', 'tokens', 'tokens']);
  });

  it('routes changes only to the panels of their tab, and stops after a disconnect', async () => {
    const { hub, open, timer } = setup();
    const a = await open(1);
    const b = await open(1);
    const other = await open(2);
    hub.record(1, [{ token: 'A', sighting: sighting(1) }]);
    await settle();
    timer.fire();
    expect(a.kinds()).toEqual(['snapshot', 'tokens']);
    expect(b.kinds()).toEqual(['snapshot', 'tokens']);
    expect(other.kinds()).toEqual(['snapshot']);
    b.disconnect();
    hub.record(1, [{ token: 'A', sighting: sighting(2) }]);
    await settle();
    timer.fire();
    expect(a.kinds()).toEqual(['snapshot', 'tokens', 'tokens']);
    expect(b.kinds()).toEqual(['snapshot', 'tokens']);
  });

  it('batches nothing for a tab no panel watches (the store still keeps it)', async () => {
    const { hub, store, timer } = setup();
    hub.record(3, [{ token: 'A', sighting: sighting(1) }]);
    await settle();
    expect(timer.pending).toHaveLength(0);
    expect((await store.get(3)).tokens.map((t) => t.token)).toEqual(['A']);
  });

  it('reports evictions in the batch; a token evicted and seen again in one batch is not evicted', async () => {
    const { hub, open, timer } = setup({ limits: { maxTokens: 2, maxSightings: 100, maxSightingsPerToken: 10 } });
    const panel = await open(1);
    hub.record(1, [{ token: 'A', sighting: sighting(1) }]);
    hub.record(1, [{ token: 'B', sighting: sighting(2) }]);
    hub.record(1, [{ token: 'C', sighting: sighting(3) }]);
    await settle();
    timer.fire();
    const batch = panel.received[1]!;
    expect(batch.kind).toBe('tokens');
    if (batch.kind !== 'tokens') return;
    expect(batch.evicted).toEqual(['A']);
    expect(batch.tokens.map((t) => t.token).sort()).toEqual(['B', 'C']);
    hub.record(1, [{ token: 'D', sighting: sighting(4) }]);
    hub.record(1, [{ token: 'B', sighting: sighting(5) }]);
    await settle();
    timer.fire();
    const next = panel.received[2]!;
    if (next.kind !== 'tokens') throw new Error('expected a tokens batch');
    expect(next.evicted).toEqual(['C']);
    expect(next.tokens.map((t) => t.token).sort()).toEqual(['B', 'D']);
  });

  it('records a response status on its request and sends the changed token', async () => {
    const { hub, open, timer } = setup();
    const panel = await open(1);
    hub.record(1, [{ token: 'A', sighting: sighting(1, 'req-1') }]);
    await settle();
    timer.fire();
    hub.recordStatus(1, 'req-1', 401);
    await settle();
    timer.fire();
    const last = panel.received.at(-1)!;
    expect(last.kind === 'tokens' && last.tokens[0]!.sightings[0]!.status).toBe(401);
  });

  it('clear: empties the tab, tells its panels, and drops the batch the clear superseded', async () => {
    const { hub, store, open, timer } = setup();
    const a = await open(1);
    const b = await open(1);
    const other = await open(2);
    hub.record(1, [{ token: 'A', sighting: sighting(1) }]);
    hub.record(2, [{ token: 'Z', sighting: sighting(2) }]);
    await settle();
    a.send({ v, kind: 'clear' });
    await settle();
    timer.fire();
    expect(a.kinds()).toEqual(['snapshot', 'cleared']);
    expect(a.received[1]).toEqual({ v, kind: 'cleared', tabId: 1, reason: 'user' });
    expect(b.kinds()).toEqual(['snapshot', 'cleared']);
    expect(other.kinds()).toEqual(['snapshot', 'tokens']);
    expect((await store.get(1)).tokens).toEqual([]);
    expect((await store.get(2)).tokens).toHaveLength(1);
  });

  it('a navigation keeps the tab by default (a login redirect loses nothing), then records its own tokens', async () => {
    const { hub, store, open, timer } = setup();
    const panel = await open(1);
    expect(panel.received[0]).toMatchObject({ kind: 'snapshot', preserveLog: true });
    hub.record(1, [{ token: 'BEFORE-LOGIN', sighting: sighting(1) }]);
    await settle();
    hub.navigate(1, 'https://idp.test/authorize', [{ token: 'AT-IDP', sighting: sighting(2) }]);
    hub.navigate(1, 'https://app.test/callback', undefined);
    await settle();
    timer.fire();
    expect(panel.kinds()).not.toContain('cleared');
    expect((await store.get(1)).tokens.map((t) => t.token).sort()).toEqual(['AT-IDP', 'BEFORE-LOGIN']);
  });

  it('a navigation clears the tab when "Preserve log" is turned off, then records its own tokens', async () => {
    const { hub, store, open, timer } = setup({ stored: { preserveLog: false } });
    const panel = await open(1);
    hub.record(1, [{ token: 'OLD', sighting: sighting(1) }]);
    await settle();
    hub.navigate(1, 'https://app.test/next', [{ token: 'NAV', sighting: sighting(2) }]);
    await settle();
    timer.fire();
    expect(panel.kinds()).toEqual(['snapshot', 'cleared', 'tokens']);
    expect(panel.received[1]).toEqual({
      v,
      kind: 'cleared',
      tabId: 1,
      reason: 'navigation',
      url: 'https://app.test/next',
    });
    const batch = panel.received[2]!;
    expect(batch.kind === 'tokens' && batch.tokens.map((t) => t.token)).toEqual(['NAV']);
    expect((await store.get(1)).tokens.map((t) => t.token)).toEqual(['NAV']);

    panel.send({ v, kind: 'preserve-log', enabled: true });
    await settle();
    hub.navigate(1, 'https://app.test/again', [{ token: 'NAV2', sighting: sighting(3) }]);
    await settle();
    expect((await store.get(1)).tokens.map((t) => t.token).sort()).toEqual(['NAV', 'NAV2']);
  });

  it('preserve-log is saved and broadcast to the panels of every tab', async () => {
    const { open, saved } = setup();
    const a = await open(1);
    const b = await open(2);
    a.send({ v, kind: 'preserve-log', enabled: false });
    await settle();
    expect(saved).toEqual([{ preserveLog: false }]);
    for (const p of [a, b]) expect(p.received.at(-1)).toEqual({ v, kind: 'settings', preserveLog: false });
    // A panel opened later learns it from its snapshot.
    const c = await open(3);
    expect(c.received[0]).toMatchObject({ kind: 'snapshot', preserveLog: false });
  });

  it('answers every bad message with an error and logs each kind of problem once', async () => {
    const { open, warnings } = setup();
    const panel = await open(1);
    panel.send({ v, kind: 'no-such-kind' });
    panel.send({ v, kind: 'no-such-kind' });
    panel.send({ v: v + 1, kind: 'clear' });
    await settle();
    const errors = panel.received.filter((m) => m.kind === 'error');
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(e.kind === 'error' && typeof e.code === 'string' && e.code.length > 0).toBe(true);
    const codes = new Set(errors.map((e) => (e.kind === 'error' ? e.code : '')));
    expect(warnings).toHaveLength(codes.size);
    expect(codes.size).toBeGreaterThanOrEqual(2);
  });

  it('ignores messages before hello and ports of other names', async () => {
    const { hub, store, timer } = setup();
    const early = fakePort();
    hub.connect(early.port);
    early.send({ v, kind: 'report', found: [{ token: 'A', sighting: sighting(1) }] });
    early.send({ v, kind: 'clear' });
    const stranger = fakePort('someone-else');
    hub.connect(stranger.port);
    stranger.send({ v, kind: 'hello', tabId: 1 });
    await settle();
    expect(early.received).toEqual([]);
    expect(stranger.received).toEqual([]);
    expect(timer.pending).toHaveLength(0);
    expect((await store.get(1)).tokens).toEqual([]);
  });

  it('report: tokens the panel found are stored under the tab it said hello for', async () => {
    const { store, open, timer } = setup();
    const panel = await open(4);
    panel.send({ v, kind: 'report', found: [{ token: 'FROM-PANEL', sighting: sighting(1) }] });
    await settle();
    timer.fire();
    expect((await store.get(4)).tokens.map((t) => t.token)).toEqual(['FROM-PANEL']);
    expect(panel.kinds()).toEqual(['snapshot', 'tokens']);
  });

  it('passes the store’s notices about the tab’s stored data on in the snapshot', async () => {
    const store = new CaptureStore(memoryStorage());
    const notice = { code: 'migrated' as const, count: 2, message: 'converted' };
    const get = store.get.bind(store);
    store.get = async (tabId) => ({ ...(await get(tabId)), notices: [notice] });
    const hub = new PanelHub({
      store,
      settings: { load: async () => undefined, save: async () => {} },
      schedule: () => {},
      log: { warn: () => {}, error: () => {} },
    });
    const panel = fakePort();
    hub.connect(panel.port);
    panel.send({ v, kind: 'hello', tabId: 1 });
    await settle();
    expect(panel.received[0]).toMatchObject({ kind: 'snapshot', notices: [notice] });
  });

  it('reads settings defensively', () => {
    expect(readSettings(undefined)).toEqual({ preserveLog: true });
    expect(readSettings('yes')).toEqual({ preserveLog: true });
    expect(readSettings({ preserveLog: 'false' })).toEqual({ preserveLog: true });
    expect(readSettings({ preserveLog: true })).toEqual({ preserveLog: true });
    expect(readSettings({ preserveLog: false })).toEqual({ preserveLog: false });
  });
});
