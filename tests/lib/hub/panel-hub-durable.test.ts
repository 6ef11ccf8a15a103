import { describe, expect, it, vi } from 'vitest';
import type { RawEvent } from '../../../lib/capture/raw-event.ts';
import { CaptureStore, itemBytes, type KeyValueStorage } from '../../../lib/capture/store.ts';
import { PanelHub, type PortLike } from '../../../lib/hub/panel-hub.ts';
import { PORT_NAME, PROTOCOL_VERSION, type TokensMessage, type WorkerMessage } from '../../../lib/protocol/messages.ts';

// The hub with the store's durability features: raw events, notices on tokens messages, and
// evictions the store makes in a tab that did not ask.

/** A storage area that rejects writes past `quota` bytes (key + JSON), all or nothing. */
function quotaStorage(quota: number): KeyValueStorage {
  const data = new Map<string, unknown>();
  const set = async (items: Record<string, unknown>) => {
    const next = new Map(data);
    for (const [k, v] of Object.entries(structuredClone(items))) next.set(k, v);
    if ([...next].reduce((n, [k, v]) => n + itemBytes(k, v), 0) > quota) throw new Error('quota bytes exceeded');
    for (const [k, v] of next) data.set(k, v);
  };
  return {
    getAll: async () => structuredClone(Object.fromEntries(data)),
    set,
    remove: async (keys) => keys.forEach((k) => data.delete(k)),
    append: (k, v) => set({ [k]: v }),
  };
}

function panel(hub: PanelHub, tabId: number) {
  const received: WorkerMessage[] = [];
  let onMessage: ((m: unknown) => void) | undefined;
  const port: PortLike = {
    name: PORT_NAME,
    postMessage: (m) => received.push(structuredClone(m) as WorkerMessage),
    onMessage: { addListener: (l) => void (onMessage = l) },
    onDisconnect: { addListener: () => undefined },
  };
  hub.connect(port);
  onMessage?.({ v: PROTOCOL_VERSION, kind: 'hello', tabId });
  return received;
}

const waitLong = { timeout: 10_000, interval: 20 };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const b64 = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (i: number, pad = 0) =>
  `${b64('{"alg":"HS256"}')}.${b64(JSON.stringify({ sub: `u${i}`, pad: 'p'.repeat(pad) }))}.c2ln`;
const raw = (i: number, pad = 0): RawEvent => ({
  phase: 'request',
  requestId: `q${i}`,
  url: 'https://api.test/',
  method: 'GET',
  frameId: 0,
  type: 'xmlhttprequest',
  timeStamp: 1000 + i,
  headers: [{ name: 'Authorization', value: `Bearer ${jwt(i, pad)}` }],
});

function setup(storage: KeyValueStorage, limits?: ConstructorParameters<typeof CaptureStore>[1]) {
  const late: { hub?: PanelHub } = {};
  const store = new CaptureStore(storage, limits, { onChange: (tab, c) => late.hub!.changed(tab, c) });
  const hub = (late.hub = new PanelHub({
    store,
    settings: { load: async () => undefined, save: async () => undefined },
    schedule: (run, ms) => void setTimeout(run, ms),
    log: { warn: () => undefined, error: () => undefined },
  }));
  return hub;
}

const tokensMessages = (m: WorkerMessage[]) => m.filter((x): x is TokensMessage => x.kind === 'tokens');

describe('PanelHub with a durable store', () => {
  it('records raw events (scanned by the store) and sends them to the panel', async () => {
    const hub = setup(quotaStorage(Infinity));
    const got = panel(hub, 1);
    hub.recordRaw(1, raw(1));
    hub.recordRaw(1, raw(2));
    // Waits for the batches (25 ms, then 100 ms per tab) however loaded the machine is.
    await vi.waitFor(() => {
      const tokens = tokensMessages(got).flatMap((m) => m.tokens.map((t) => t.token));
      expect(tokens.sort()).toEqual([jwt(1), jwt(2)].sort());
    }, waitLong);
  });

  it('tells the panel when storage is full, on the tokens message', async () => {
    const hub = setup(quotaStorage(30_000));
    const got = panel(hub, 1);
    for (let i = 0; i < 40; i++) hub.recordRaw(1, raw(i, 1000));
    await vi.waitFor(() => {
      expect(
        tokensMessages(got)
          .at(-1)
          ?.notices?.map((n) => n.code),
      ).toEqual(['storage-full']);
    }, waitLong);
    const last = tokensMessages(got).at(-1)!;
    expect(last.notices![0]!.message).toMatch(
      /^storage full: \d+ sightings not kept — oldest tokens are being dropped$/,
    );
  });

  it('tells a tab’s panel about the tokens another tab’s data pushed out of the byte budget', async () => {
    const hub = setup(quotaStorage(Infinity), {
      maxTokens: 2000,
      maxSightings: 20_000,
      maxSightingsPerToken: 500,
      maxTotalBytes: 20_000,
    });
    const heavy = panel(hub, 1);
    for (let i = 0; i < 15; i++) hub.recordRaw(1, raw(i, 1000));
    // The heavy tab's last event has reached its panel (earlier ones may already be evicted).
    await vi.waitFor(
      () => expect(tokensMessages(heavy).flatMap((m) => m.tokens.map((t) => t.token))).toContain(jwt(14, 1000)),
      waitLong,
    );
    await wait(150);
    const before = heavy.length;
    const light = panel(hub, 2);
    for (let i = 100; i < 105; i++) hub.recordRaw(2, raw(i, 1000));
    await vi.waitFor(() => {
      expect(tokensMessages(heavy.slice(before)).flatMap((m) => m.evicted).length).toBeGreaterThan(0);
      expect(tokensMessages(light).flatMap((m) => m.tokens)).toHaveLength(5);
    }, waitLong);
  });

  it('sends request-log records in tokens batches (a 401 without a token too) and in the snapshot', async () => {
    const hub = setup(quotaStorage(Infinity), {
      maxTokens: 2,
      maxSightings: 20_000,
      maxSightingsPerToken: 500,
    });
    const got = panel(hub, 1);
    hub.recordRaw(1, raw(1), { headers: [...raw(1).headers!, { name: 'Accept', value: '*/*' }] });
    const answer = (id: string, status: number): RawEvent => ({
      ...raw(1),
      phase: 'response',
      requestId: id,
      statusCode: status,
      headers: [{ name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' }],
    });
    hub.recordStatus(1, 'q1', 401, answer('q1', 401));
    hub.recordStatus(1, 'plain', 403, answer('plain', 403));
    hub.recordStatus(1, 'ok', 200, answer('ok', 200));
    await vi.waitFor(() => {
      const records = tokensMessages(got).flatMap((m) => m.requests ?? []);
      const last = new Map(records.map((r) => [r.requestId, r]));
      expect([...last.keys()].sort()).toEqual(['plain', 'q1']);
      expect(last.get('q1')).toMatchObject({ status: 401, challenge: { error: 'invalid_token' }, tokens: [jwt(1)] });
      expect(last.get('q1')!.headers).toEqual([
        { name: 'Authorization', value: `Bearer ${jwt(1)}` },
        { name: 'Accept', value: '*/*' },
      ]);
      expect(last.get('plain')).toMatchObject({ status: 403, tokens: [] });
    }, waitLong);
    // Its token evicted (two newer ones), the record goes, and the panel is told.
    hub.recordRaw(1, raw(2));
    hub.recordRaw(1, raw(3));
    await vi.waitFor(
      () => expect(tokensMessages(got).flatMap((m) => m.requestsEvicted ?? [])).toContain('q1'),
      waitLong,
    );
    const again = panel(hub, 1);
    await vi.waitFor(() => {
      const snapshot = again.find((m) => m.kind === 'snapshot');
      expect(snapshot?.kind === 'snapshot' && snapshot.requests?.map((r) => r.requestId)).toEqual([
        'plain',
        'q2',
        'q3',
      ]);
    }, waitLong);
  });
});
