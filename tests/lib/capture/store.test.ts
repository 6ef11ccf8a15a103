import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../lib/capture/model.ts';
import { CaptureStore, decodeItem, tabKey, tokenKeyPrefix, type KeyValueStorage } from '../../../lib/capture/store.ts';

/** An in-memory storage area that counts writes and can be slowed down. */
function memoryStorage(delayMs = 0) {
  const data = new Map<string, unknown>();
  let writes = 0;
  let itemsWritten = 0;
  const wait = () => new Promise((r) => setTimeout(r, delayMs));
  const storage: KeyValueStorage = {
    getAll: async () => structuredClone(Object.fromEntries(data)),
    set: async (items) => {
      writes++;
      itemsWritten += Object.keys(items).length;
      const copy = structuredClone(items);
      await wait();
      for (const [k, v] of Object.entries(copy)) data.set(k, v);
    },
    remove: async (keys) => {
      for (const k of keys) data.delete(k);
    },
  };
  return { storage, data, writes: () => writes, itemsWritten: () => itemsWritten };
}

const sighting = (i: number, requestId = `r${i}`): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
  method: 'GET',
  url: `https://api.test/${i}`,
  requestId,
  time: 1000 + i,
});

describe('CaptureStore', () => {
  it('deduplicates by token value and counts sightings', async () => {
    const { storage } = memoryStorage();
    const store = new CaptureStore(storage);
    await store.add(1, [{ token: 'A', sighting: sighting(1) }]);
    await store.add(1, [
      { token: 'A', sighting: sighting(2) },
      { token: 'B', sighting: sighting(2) },
    ]);
    const cap = await store.get(1);
    expect(cap.tokens.map((t) => [t.token, t.count, t.sightings.length])).toEqual([
      ['A', 2, 2],
      ['B', 1, 1],
    ]);
    expect(cap.tokens[0]!.lastSeen).toBe(1002);
  });

  it('survives a restart: a new store over the same storage sees everything', async () => {
    const mem = memoryStorage();
    const first = new CaptureStore(mem.storage);
    await first.add(5, [{ token: 'A', sighting: sighting(1) }]);
    await first.add(5, [{ token: 'B', sighting: sighting(2) }]);
    const restarted = new CaptureStore(mem.storage);
    expect((await restarted.get(5)).tokens.map((t) => t.token)).toEqual(['A', 'B']);
    await restarted.add(5, [{ token: 'C', sighting: sighting(3) }]);
    expect((await new CaptureStore(mem.storage).get(5)).tokens.map((t) => t.token)).toEqual(['A', 'B', 'C']);
  });

  it('coalesces writes under a flood and loses no sighting', async () => {
    const mem = memoryStorage(5);
    const store = new CaptureStore(mem.storage);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.add(2, [{ token: `T${i % 20}`, sighting: sighting(i) }])),
    );
    const stored = (await new CaptureStore(mem.storage).get(2)).tokens;
    expect(stored).toHaveLength(20);
    expect(stored.reduce((n, t) => n + t.count, 0)).toBe(200);
    expect(mem.writes()).toBeLessThan(50);
  });

  it('records the response status on the request’s sightings only', async () => {
    const { storage } = memoryStorage();
    const store = new CaptureStore(storage);
    await store.add(1, [
      { token: 'A', sighting: sighting(1, 'req-1') },
      { token: 'B', sighting: sighting(1, 'req-1') },
    ]);
    await store.add(1, [{ token: 'A', sighting: sighting(2, 'req-2') }]);
    const changed = await store.status(1, 'req-1', 401);
    expect(changed.map((t) => t.token).sort()).toEqual(['A', 'B']);
    const a = (await store.get(1)).tokens.find((t) => t.token === 'A')!;
    expect(a.sightings.map((s) => s.status)).toEqual([401, undefined]);
    expect(await store.status(1, 'unknown', 200)).toEqual([]);
    expect(await store.status(99, 'req-1', 200)).toEqual([]);
  });

  it('writes only the tokens that changed, and removes evicted ones from storage', async () => {
    const mem = memoryStorage();
    const store = new CaptureStore(mem.storage, { maxTokens: 3, maxSightings: 100, maxSightingsPerToken: 10 });
    for (let i = 0; i < 3; i++) await store.add(1, [{ token: `T${i}`, sighting: sighting(i) }]);
    const before = mem.itemsWritten();
    await store.add(1, [{ token: 'T1', sighting: sighting(10) }]);
    expect(mem.itemsWritten() - before).toBe(2); // T1 and the tab summary
    const r = await store.add(1, [{ token: 'T9', sighting: sighting(11) }]); // evicts T0 (least recently seen)
    expect(r.evicted).toEqual(['T0']);
    expect(r.changed.map((t) => t.token)).toEqual(['T9']);
    const restored = await new CaptureStore(mem.storage).get(1);
    expect(restored.tokens.map((t) => t.token)).toEqual(['T1', 'T2', 'T9']);
    expect([...mem.data.keys()].filter((k) => k.startsWith(tokenKeyPrefix(1)))).toHaveLength(3);
  });

  it('keeps bounds and counts what it dropped', async () => {
    const { storage } = memoryStorage();
    const store = new CaptureStore(storage, { maxTokens: 3, maxSightings: 100, maxSightingsPerToken: 2 });
    for (let i = 0; i < 5; i++) await store.add(1, [{ token: `T${i}`, sighting: sighting(i) }]);
    for (let i = 10; i < 13; i++) await store.add(1, [{ token: 'T4', sighting: sighting(i) }]);
    const cap = await store.get(1);
    expect(cap.tokens.map((t) => t.token)).toEqual(['T2', 'T3', 'T4']);
    expect(cap.tokens.find((t) => t.token === 'T4')!.sightings).toHaveLength(2);
    expect(cap.tokens.find((t) => t.token === 'T4')!.count).toBe(4);
    expect(cap.dropped).toBe(2 + 2);
  });

  it('bounds the sightings of a tab over all tokens, oldest first', async () => {
    const { storage } = memoryStorage();
    const store = new CaptureStore(storage, { maxTokens: 10, maxSightings: 5, maxSightingsPerToken: 5 });
    for (let i = 0; i < 8; i++) await store.add(1, [{ token: `T${i % 2}`, sighting: sighting(i) }]);
    const cap = await store.get(1);
    expect(cap.kept).toBe(5);
    expect(cap.dropped).toBe(3);
    expect(cap.tokens.flatMap((t) => t.sightings.map((s) => s.time)).sort()).toEqual([1003, 1004, 1005, 1006, 1007]);
    expect(cap.tokens.map((t) => t.count)).toEqual([4, 4]);
  });

  it('cuts very long URLs in sightings but keeps the token whole', async () => {
    const { storage } = memoryStorage();
    const store = new CaptureStore(storage);
    const url = `https://x.test/?q=${'a'.repeat(10_000)}`;
    await store.add(1, [{ token: 'A'.repeat(5000), sighting: { ...sighting(1), url } }]);
    const t = (await store.get(1)).tokens[0]!;
    expect(t.token).toHaveLength(5000);
    expect(t.sightings[0]!.url!.length).toBeLessThan(4100);
  });

  it('clears and removes a tab', async () => {
    const mem = memoryStorage();
    const store = new CaptureStore(mem.storage);
    await store.add(3, [{ token: 'A', sighting: sighting(1) }]);
    await store.clear(3);
    expect((await store.get(3)).tokens).toEqual([]);
    await store.add(3, [{ token: 'B', sighting: sighting(2) }]);
    await store.remove(3);
    expect(mem.data.has(tabKey(3))).toBe(false);
    expect([...mem.data.keys()].filter((k) => k.startsWith(tokenKeyPrefix(3)))).toEqual([]);
  });

  it('ignores corrupt stored data instead of crashing', async () => {
    const mem = memoryStorage();
    mem.data.set(tabKey(4), { tabId: 4, kept: 1, dropped: 0, next: 1 });
    mem.data.set(`${tokenKeyPrefix(4)}0`, { token: 'A', sightings: 'oops' });
    const store = new CaptureStore(mem.storage);
    expect((await store.get(4)).tokens).toEqual([]);
  });

  it('ignores corrupt stored data and says so in a notice', async () => {
    const mem = memoryStorage();
    mem.data.set(tabKey(4), { tabId: 4, kept: 1, dropped: 0, next: 1 });
    mem.data.set(`${tokenKeyPrefix(4)}0`, { token: 'A', sightings: 'oops' });
    const cap = await new CaptureStore(mem.storage).get(4);
    expect(cap.notices).toEqual([expect.objectContaining({ code: 'unreadable', count: 1 })]);
  });
});

describe('CaptureStore: data stored by protocol v3', () => {
  const T = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln';
  const v3Token = (sightings: unknown[]) => ({
    token: T,
    firstSeen: 1,
    lastSeen: 9,
    count: sightings.length,
    sightings,
  });
  /** A storage image as v3 wrote it: one tab summary and one item per token. */
  function v3Image(tokens: Record<string, unknown>) {
    const mem = memoryStorage();
    mem.data.set(tabKey(7), { tabId: 7, kept: 9, dropped: 2, next: Object.keys(tokens).length });
    for (const [n, t] of Object.entries(tokens)) mem.data.set(`${tokenKeyPrefix(7)}${n}`, t);
    return mem;
  }

  it('migrates every v3 source to direction, way and location, and rewrites storage in the v4 shape', async () => {
    const api = 'https://api.test/me';
    const mem = v3Image({
      0: v3Token([
        {
          source: 'header',
          name: 'Authorization',
          method: 'GET',
          url: api,
          type: 'xmlhttprequest',
          requestId: '1',
          frameId: 0,
          time: 1,
          status: 200,
        },
        { source: 'cookie', name: 'sid', url: api, type: 'xmlhttprequest', time: 2 },
        {
          source: 'cookie',
          name: 'sid',
          url: 'https://app.test/',
          type: 'cookie-jar',
          time: 3,
          cookieAttributes: { httpOnly: true, secure: true },
        },
        {
          source: 'set-cookie',
          name: 'sid',
          url: api,
          type: 'xmlhttprequest',
          time: 4,
          status: 200,
          cookieAttributes: { httpOnly: false, secure: true, sameSite: 'Lax' },
        },
        {
          source: 'url',
          name: 'access_token',
          url: `https://app.test/cb#access_token=${T}`,
          type: 'main_frame',
          time: 5,
        },
        {
          source: 'url',
          name: 'Location › id_token',
          url: `https://rp.test/cb?id_token=${T}`,
          type: 'main_frame',
          time: 6,
          status: 302,
        },
        { source: 'body', name: 'response › data.token', method: 'POST', url: api, time: 7, status: 200 },
        { source: 'body', name: 'assertion', method: 'POST', url: api, type: 'xmlhttprequest', time: 8 },
        { source: 'session-storage', name: 'oidc.user › id_token', url: 'https://app.test/', time: 9 },
        { source: 'local-storage', name: 'at', url: 'https://app.test/', time: 9 },
        { source: 'pasted', name: 'paste', time: 9 },
      ]),
    });
    const cap = await new CaptureStore(mem.storage).get(7);
    const s = cap.tokens[0]!.sightings;
    expect(s.map((x) => [x.direction, x.via, x.location])).toEqual([
      ['request', 'webrequest', { kind: 'header', name: 'Authorization' }],
      ['request', 'webrequest', { kind: 'cookie', name: 'sid' }],
      ['stored', 'cookie-jar', { kind: 'cookie', name: 'sid' }],
      ['response', 'webrequest', { kind: 'set-cookie', name: 'sid' }],
      ['request', 'webrequest', { kind: 'fragment', name: 'access_token' }],
      ['response', 'webrequest', { kind: 'header', name: 'Location', url: { kind: 'query', name: 'id_token' } }],
      ['response', 'devtools-network', { kind: 'json-body', name: 'token', jsonPath: 'data.token' }],
      ['request', 'webrequest', { kind: 'form-body', name: 'assertion' }],
      ['stored', 'page-storage', { kind: 'storage', area: 'session', name: 'oidc.user', jsonPath: 'id_token' }],
      ['stored', 'page-storage', { kind: 'storage', area: 'local', name: 'at' }],
      ['input', 'paste', { kind: 'paste', name: 'paste' }],
    ]);
    // Everything else of a sighting survives; the resource type keeps its own field (never "cookie-jar").
    expect(s[0]).toMatchObject({
      method: 'GET',
      url: api,
      resourceType: 'xmlhttprequest',
      requestId: '1',
      frameId: 0,
      time: 1,
      status: 200,
    });
    expect(s[2]).not.toHaveProperty('resourceType');
    expect(s[3]!.cookieAttributes).toEqual({ httpOnly: false, secure: true, sameSite: 'Lax' });
    expect(cap.tokens[0]).toMatchObject({ token: T, firstSeen: 1, lastSeen: 9, count: 11 });
    expect(cap.dropped).toBe(2);
    expect(cap.notices).toEqual([expect.objectContaining({ code: 'migrated', count: 1 })]);

    // Storage now holds the v4 shape, and the notice outlives the worker.
    await new Promise((r) => setTimeout(r, 0));
    const item = decodeItem(mem.data.get(`${tokenKeyPrefix(7)}0`)) as { sightings: Record<string, unknown>[] };
    expect(item.sightings.every((x) => 'direction' in x && !('source' in x))).toBe(true);
    const again = await new CaptureStore(mem.storage).get(7);
    expect(again.tokens[0]!.sightings).toEqual(s);
    expect(again.notices).toEqual(cap.notices);
  });

  it('drops what is neither v4 nor v3, counts it, and keeps the rest', async () => {
    const good = { source: 'header', name: 'Authorization', url: 'https://api.test/', time: 1 };
    const mem = v3Image({
      0: v3Token([good, { source: 'telepathy', name: 'x', time: 2 }, 'garbage']),
      1: 'not a token',
      2: { token: '', sightings: [] },
    });
    const cap = await new CaptureStore(mem.storage).get(7);
    expect(cap.tokens.map((t) => t.sightings.length)).toEqual([1]);
    expect(cap.kept).toBe(1);
    const unreadable = cap.notices?.find((n) => n.code === 'unreadable');
    expect(unreadable).toMatchObject({ count: 4 });
    expect(unreadable?.message).toMatch(/^4 stored tokens or sightings could not be read and were dropped/);
    await new Promise((r) => setTimeout(r, 0));
    expect(mem.data.has(`${tokenKeyPrefix(7)}1`)).toBe(false);
    expect(mem.data.has(`${tokenKeyPrefix(7)}2`)).toBe(false);
  });

  it('forgets the notices when the tab is cleared', async () => {
    const mem = v3Image({ 0: 'garbage' });
    const store = new CaptureStore(mem.storage);
    expect((await store.get(7)).notices).toHaveLength(1);
    await store.clear(7);
    expect((await store.get(7)).notices).toBeUndefined();
    expect((await new CaptureStore(mem.storage).get(7)).notices).toBeUndefined();
  });
});
