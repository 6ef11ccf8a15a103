import { describe, expect, it } from 'vitest';
import type { CaptureLimits, Sighting } from '../../../lib/capture/model.ts';
import type { RawEvent } from '../../../lib/capture/raw-event.ts';
import {
  CaptureStore,
  decodeItem,
  encodeItem,
  itemBytes,
  SLICE_OPS,
  tabKey,
  tokenKeyPrefix,
  walKeyPrefix,
  type KeyValueStorage,
} from '../../../lib/capture/store.ts';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/**
 * An in-memory storage area that counts bytes as Chromium does (key + JSON value) and rejects a
 * write that would go past `quota`, all or nothing, like storage.session. `cutAfter` simulates a
 * worker stop: from that call on, nothing is applied and nothing answers.
 */
function quotaStorage(quota = Infinity) {
  const data = new Map<string, unknown>();
  const calls: { kind: string; keys: string[] }[] = [];
  let cutAfter = Infinity;
  const bytes = () => [...data].reduce((n, [k, v]) => n + itemBytes(k, decodeItem(v)), 0);
  const gate = <T>(kind: string, keys: string[], run: () => T): Promise<T> => {
    const n = calls.push({ kind, keys });
    if (n > cutAfter) return new Promise<T>(() => undefined);
    try {
      return Promise.resolve(run());
    } catch (e) {
      return Promise.reject(e);
    }
  };
  const set = (items: Record<string, unknown>) =>
    gate('set', Object.keys(items), () => {
      const copy = structuredClone(items);
      let after = bytes();
      for (const [k, v] of Object.entries(copy))
        after += itemBytes(k, decodeItem(v)) - (data.has(k) ? itemBytes(k, decodeItem(data.get(k))) : 0);
      if (after > quota) throw new Error('Session storage quota bytes exceeded');
      for (const [k, v] of Object.entries(copy)) data.set(k, v);
    });
  const storage: KeyValueStorage = {
    getAll: () => gate('getAll', [], () => structuredClone(Object.fromEntries(data))),
    set,
    remove: (keys) =>
      gate('remove', keys, () => {
        for (const k of keys) data.delete(k);
      }),
    append: (key, value) => set({ [key]: value }),
  };
  /** The same data, seen by a worker that starts afresh (no cut). */
  const restarted = (): KeyValueStorage => ({
    getAll: async () => structuredClone(Object.fromEntries(data)),
    set: async (items) => void Object.entries(structuredClone(items)).forEach(([k, v]) => data.set(k, v)),
    remove: async (keys) => keys.forEach((k) => data.delete(k)),
    append: async (k, v) => void data.set(k, structuredClone(v)),
  });
  return {
    storage,
    data,
    calls,
    bytes,
    restarted,
    cut: (n: number) => (cutAfter = n),
  };
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
/** A distinct token of about `size` characters. */
const token = (i: number, size = 1000) => `T${i}.${'x'.repeat(size)}`;
const limits = (o: Partial<CaptureLimits>): CaptureLimits => ({
  maxTokens: 2000,
  maxSightings: 20_000,
  maxSightingsPerToken: 500,
  ...o,
});
const tokensOf = async (store: CaptureStore, tab: number) => (await store.get(tab)).tokens.map((t) => t.token);

describe('CaptureStore: byte budgets', () => {
  it('counts an item as its key plus its JSON text, in UTF-8 (what the store writes)', () => {
    expect(itemBytes('k', 'é')).toBe(1 + 4); // "é" is 2 bytes plus the quotes
    expect(itemBytes('tok:1:0', { a: 1 })).toBe(7 + 7);
    expect(encodeItem({ a: 'é' })).toBe('{"a":"é"}');
    expect(encodeItem(0)).toBe(0);
    expect(decodeItem('{"a":"é"}')).toEqual({ a: 'é' });
    expect(decodeItem({ a: 1 })).toEqual({ a: 1 });
    expect(decodeItem('not json')).toBeUndefined();
  });

  it('writes every item and log record as JSON text, counted as written, and reads back what an earlier version wrote as objects', async () => {
    const mem = quotaStorage();
    const store = new CaptureStore(mem.storage, limits({}));
    await store.add(1, [{ token: token(1, 50), sighting: sighting(1) }]);
    const written = [...mem.data].filter(([k]) => /^(tab|tok|wal):/.test(k));
    expect(written.map(([k]) => k.split(':')[0]).sort()).toEqual(['tab', 'tok', 'wal']);
    for (const [k, v] of written) {
      if (k.startsWith('wal:'))
        expect(v).toBe(0); // compacted: a tombstone
      else expect(typeof v, k).toBe('string');
    }
    const item = [...mem.data].find(([k]) => k.startsWith('tok:'))!;
    expect(mem.bytes()).toBe(
      written.reduce((n, [k, v]) => n + (v === 0 ? k.length + 1 : k.length + String(v).length), 0),
    );
    // The same token as an earlier version stored it (an object), with a second token beside it.
    mem.data.set(item[0], decodeItem(item[1]));
    mem.data.set(`${tokenKeyPrefix(1)}7`, { ...(decodeItem(item[1]) as object), token: token(2, 50) });
    mem.data.set(`${tokenKeyPrefix(1)}8`, '{"token": broken');
    const again = new CaptureStore(mem.restarted(), limits({}));
    const read = await again.get(1);
    expect(read.tokens.map((t) => t.token).sort()).toEqual([token(1, 50), token(2, 50)].sort());
    expect(read.notices?.map((n) => n.code)).toEqual(['unreadable']);
  });

  it('keeps all tabs inside the byte budget; the heavy tab evicts its own oldest tokens, never a light tab’s', async () => {
    const mem = quotaStorage();
    const changes: [number, string[]][] = [];
    const store = new CaptureStore(mem.storage, limits({ maxTotalBytes: 60_000, maxTokenBytes: 10_000 }), {
      onChange: (tab, c) => changes.push([tab, c.evicted]),
    });
    // Tab 2 (light) first, then tab 1 floods; then tab 2 adds more while tab 1 is at the budget.
    for (let i = 0; i < 10; i++) await store.add(2, [{ token: token(1000 + i), sighting: sighting(i) }]);
    for (let i = 0; i < 200; i++) await store.add(1, [{ token: token(i), sighting: sighting(100 + i) }]);
    for (let i = 10; i < 20; i++) await store.add(2, [{ token: token(1000 + i), sighting: sighting(400 + i) }]);

    const light = await tokensOf(store, 2);
    expect(light).toHaveLength(20);
    const heavy = await store.get(1);
    expect(heavy.tokens.length).toBeLessThan(60);
    // What the heavy tab kept is its newest data.
    expect(heavy.tokens.at(-1)!.token).toBe(token(199));
    expect(heavy.tokens[0]!.token).not.toBe(token(0));
    expect(heavy.dropped).toBe(200 - heavy.tokens.length);
    const stored = [...mem.data]
      .filter(([k]) => k.startsWith('tok:'))
      .reduce((n, [k, v]) => n + itemBytes(k, decodeItem(v)), 0);
    expect(stored).toBeLessThanOrEqual(60_000);
    // Tab 2's later adds pushed tab 1's oldest out: tab 1's panel is told.
    expect(changes.some(([tab, ev]) => tab === 1 && ev.length > 0)).toBe(true);
    expect(changes.every(([tab]) => tab === 1)).toBe(true);
    // Storage agrees with memory.
    const again = new CaptureStore(mem.restarted());
    expect(await tokensOf(again, 1)).toEqual(heavy.tokens.map((t) => t.token));
    expect(await tokensOf(again, 2)).toEqual(light);
  });

  it('lists a token too large for a storage item from memory, labelled, and keeps the small tokens sent with it', async () => {
    const mem = quotaStorage();
    const store = new CaptureStore(mem.storage, limits({ maxTokenBytes: 10_000 }));
    const big = token(999, 50_000);
    const found = [{ token: big, sighting: sighting(0) }];
    for (let i = 0; i < 15; i++) found.push({ token: token(i, 100), sighting: sighting(1, 'r0') });
    const r = await store.add(3, found);
    expect(r.changed).toHaveLength(16);
    const cap = await store.get(3);
    expect(cap.tokens).toHaveLength(16);
    expect(cap.tokens.find((t) => t.token === big)!.tooLarge!.bytes).toBeGreaterThan(50_000);
    const notice = cap.notices?.find((n) => n.code === 'too-large');
    expect(notice).toMatchObject({ count: 1 });
    expect(notice!.message).toMatch(/^1 token too large to keep \(over 10 KiB\)/);
    expect(r.notices).toEqual(cap.notices);
    // Storage holds the 15 and says what it could not hold.
    const again = await new CaptureStore(mem.restarted()).get(3);
    expect(again.tokens.map((t) => t.token).sort()).toEqual(
      cap.tokens
        .filter((t) => !t.tooLarge)
        .map((t) => t.token)
        .sort(),
    );
    expect(again.kept).toBe(15);
    expect(again.notices?.find((n) => n.code === 'too-large')).toMatchObject({ count: 1 });
  });
});

describe('CaptureStore: tokens too large to store', () => {
  it('keeps at most four in memory; older ones are dropped and counted', async () => {
    const mem = quotaStorage();
    const store = new CaptureStore(mem.storage, limits({ maxTokenBytes: 5_000 }));
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push(await store.add(1, [{ token: token(i, 8_000), sighting: sighting(i) }]));
    const cap = await store.get(1);
    expect(cap.tokens.map((t) => t.token)).toEqual([2, 3, 4, 5].map((i) => token(i, 8_000)));
    expect(cap.dropped).toBe(2);
    expect(outcomes[4]!.evicted).toEqual([token(0, 8_000)]);
  });
});

describe('CaptureStore: durable writes', () => {
  it('a write past the quota is retried after evicting the oldest; the loss is said; storage and memory agree', async () => {
    // The budget believes in 1 MiB, the storage holds 40 kB (e.g. something else fills the quota).
    const mem = quotaStorage(40_000);
    const store = new CaptureStore(mem.storage, limits({ maxTotalBytes: 1_048_576 }));
    const results = [];
    for (let i = 0; i < 100; i++) results.push(await store.add(1, [{ token: token(i), sighting: sighting(i) }]));
    const cap = await store.get(1);
    const notice = cap.notices?.find((n) => n.code === 'storage-full');
    expect(notice).toBeDefined();
    expect(notice!.count).toBeGreaterThan(50);
    expect(notice!.message).toBe(`storage full: ${notice!.count} sightings not kept — oldest tokens are being dropped`);
    // Every add told its caller (the panel) the state, and the newest tokens are the ones kept.
    expect(results.at(-1)!.notices).toEqual(cap.notices);
    expect(cap.tokens.at(-1)!.token).toBe(token(99));
    expect(cap.tokens.length + notice!.count).toBe(100);
    expect(mem.bytes()).toBeLessThanOrEqual(40_000);
    // A restarted worker (or a reopened panel) sees exactly what the panel showed, notice included.
    const again = await new CaptureStore(mem.restarted()).get(1);
    expect(again.tokens.map((t) => t.token)).toEqual(cap.tokens.map((t) => t.token));
    expect(again.notices).toEqual(cap.notices);
    expect(again.kept).toBe(cap.kept);
  });

  it('a write that fails once is retried, and nothing is lost', async () => {
    const mem = quotaStorage();
    let failures = 1;
    const flaky: KeyValueStorage = {
      ...mem.storage,
      set: (items) =>
        Object.keys(items).some((k) => k.startsWith('tok:')) && failures-- > 0
          ? Promise.reject(new Error('transient'))
          : mem.storage.set(items),
    };
    const store = new CaptureStore(flaky, limits({}));
    await store.add(1, [{ token: token(1), sighting: sighting(1) }]);
    await store.add(1, [{ token: token(2), sighting: sighting(2) }]);
    const again = await new CaptureStore(mem.restarted()).get(1);
    expect(again.tokens.map((t) => t.token)).toEqual([token(1), token(2)]);
  });

  it('clearing a tab forgets the storage-full notice', async () => {
    const mem = quotaStorage(20_000);
    const store = new CaptureStore(mem.storage, limits({}));
    for (let i = 0; i < 40; i++) await store.add(1, [{ token: token(i), sighting: sighting(i) }]);
    expect((await store.get(1)).notices?.[0]?.code).toBe('storage-full');
    await store.clear(1);
    expect((await store.get(1)).notices).toBeUndefined();
    expect((await new CaptureStore(mem.restarted()).get(1)).notices).toBeUndefined();
  });
});

describe('CaptureStore: a worker stop loses nothing the storage was handed', () => {
  const raw = (i: number): RawEvent => ({
    phase: 'request',
    requestId: `q${i}`,
    url: `https://api.test/${i}`,
    method: 'GET',
    frameId: 0,
    type: 'xmlhttprequest',
    timeStamp: 5000 + i,
    headers: [{ name: 'Authorization', value: `Bearer ${jwt(i)}` }],
  });
  const jwt = (i: number) => `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify({ sub: `u${i}` })).replace(/=+$/, '')}.c2ln`;

  /** Sightings sent, calls interleaved with the store's own batches; returns the log key of each. */
  async function scenario(store: CaptureStore, mem: ReturnType<typeof quotaStorage>) {
    const sent: { token: string; call: number }[] = [];
    const send = (i: number) => {
      const before = mem.calls.length;
      if (i % 3 === 0) void store.addRaw(1, raw(i));
      else void store.add(1, [{ token: jwt(i), sighting: sighting(i, `q${i}`) }]);
      // The log record is written within the call: the storage call it made is its number.
      expect(mem.calls.length).toBe(before + 1);
      sent.push({ token: jwt(i), call: before + 1 });
    };
    for (let i = 0; i < 12; i++) {
      send(i);
      if (i % 4 === 1) void store.status(1, `q${i - 1}`, 200);
      if (i % 2) await tick();
      if (i === 6) void store.add(1, [{ token: jwt(0), sighting: sighting(50, 'q50') }]); // a second sighting
    }
    await tick(5);
    return sent;
  }

  it('at every cut point, a restarted store has every sighting whose log record reached storage, once', async () => {
    // An uncut run gives the number of storage calls.
    const full = quotaStorage();
    await scenario(new CaptureStore(full.storage, limits({})), full);
    await tick(20);
    const total = full.calls.length;
    expect(total).toBeGreaterThan(12);
    for (let cut = 0; cut <= total; cut++) {
      const mem = quotaStorage();
      mem.cut(cut);
      const sent = await scenario(new CaptureStore(mem.storage, limits({})), mem);
      const reached = new Set(sent.filter((s) => s.call <= cut).map((s) => s.token));
      // First restart: replays the log; second: reads what the first compacted. Both agree.
      for (let life = 0; life < 2; life++) {
        const cap = await new CaptureStore(mem.restarted(), limits({})).get(1);
        const kept = new Set(cap.tokens.map((t) => t.token));
        for (const t of reached) expect(kept.has(t), `cut ${cut}, life ${life}: ${t.slice(0, 40)}`).toBe(true);
        // Nothing counted twice: each sighting once, counts consistent.
        for (const t of cap.tokens) {
          expect(t.count).toBe(t.sightings.length);
          const ids = t.sightings.map((s) => s.requestId);
          expect(new Set(ids).size).toBe(ids.length);
        }
        expect(cap.kept).toBe(cap.tokens.reduce((n, t) => n + t.sightings.length, 0));
      }
      // The log is compacted away once a worker has run.
      await tick(10);
      expect([...mem.data.keys()].filter((k) => k.startsWith(walKeyPrefix(1)) && mem.data.get(k) !== 0)).toEqual([]);
    }
  });

  it('replays a raw event a stopped worker logged but never scanned', async () => {
    const mem = quotaStorage();
    mem.cut(1); // the log record is written, then the worker stops
    void new CaptureStore(mem.storage).addRaw(4, raw(7));
    expect([...mem.data.keys()]).toEqual([expect.stringMatching(/^wal:4:/)]);
    const cap = await new CaptureStore(mem.restarted()).get(4);
    expect(cap.tokens.map((t) => t.token)).toEqual([jwt(7)]);
    expect(cap.tokens[0]!.sightings[0]).toMatchObject({
      location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
      requestId: 'q7',
      url: 'https://api.test/7',
    });
    expect(decodeItem(mem.data.get(tabKey(4)))).toMatchObject({ kept: 1 });
    expect([...mem.data.keys()].filter((k) => k.startsWith(tokenKeyPrefix(4)))).toHaveLength(1);
  });

  it('reads token items a stopped worker left without a tab summary, and never reuses their keys', async () => {
    const mem = quotaStorage();
    mem.data.set(`${tokenKeyPrefix(6)}9000`, {
      token: 'OLD',
      firstSeen: 1,
      lastSeen: 1,
      count: 1,
      sightings: [sighting(1)],
    });
    const store = new CaptureStore(mem.storage);
    expect(await tokensOf(store, 6)).toEqual(['OLD']);
    await store.add(6, [{ token: 'NEW', sighting: sighting(2) }]);
    expect(await tokensOf(new CaptureStore(mem.restarted()), 6)).toEqual(['OLD', 'NEW']);
    expect(decodeItem(mem.data.get(`${tokenKeyPrefix(6)}9000`))).toMatchObject({ token: 'OLD' });
  });

  it('a status logged after its sightings were written survives a stop', async () => {
    const mem = quotaStorage();
    const store = new CaptureStore(mem.storage);
    await store.add(1, [{ token: 'A', sighting: sighting(1, 'req') }]);
    mem.cut(mem.calls.length + 1);
    void store.status(1, 'req', 401);
    const cap = await new CaptureStore(mem.restarted()).get(1);
    expect(cap.tokens[0]!.sightings[0]!.status).toBe(401);
  });

  it('a worker that has not read storage adds no write for a status: it rides on the next record, and a replay applies it', async () => {
    const mem = quotaStorage();
    // A worker logged a request's raw event, then was stopped.
    void new CaptureStore(mem.storage, limits({}), { schedule: () => undefined }).addRaw(1, raw(1));
    // The next worker never gets to read storage (the browser keeps restarting it).
    const next = new CaptureStore(mem.storage, limits({}), { schedule: () => undefined });
    const before = mem.calls.length;
    void next.status(1, 'q1', 401);
    expect(mem.calls.length).toBe(before);
    void next.addRaw(1, raw(2));
    expect(mem.calls.length).toBe(before + 1);
    const record = decodeItem(mem.data.get(mem.calls.at(-1)!.keys[0]!)) as { r: RawEvent; st?: unknown };
    expect(record.st).toEqual([['q1', 401]]);
    // A later worker replays both records: the first request's sighting has its status, whichever
    // record sorts first (two workers started in the same millisecond order by a random suffix).
    for (const [k, v] of [...mem.data]) {
      const swapped = k.replace(/^wal:1:[^.]+\./, 'wal:1:0000000000000.');
      if (v && typeof v === 'object' && 'st' in v && swapped !== k) {
        mem.data.delete(k);
        mem.data.set(swapped, v);
      }
    }
    const cap = await new CaptureStore(mem.restarted(), limits({})).get(1);
    const byRequest = new Map(cap.tokens.map((t) => [t.sightings[0]!.requestId, t.sightings[0]!]));
    expect(byRequest.get('q1')!.status).toBe(401);
    expect(byRequest.get('q2')!.status).toBeUndefined();
    expect(cap.tokens).toHaveLength(2);
  });

  describe('a long replay leaves the listeners their turn', () => {
    const logged = (mem: ReturnType<typeof quotaStorage>, n: number) => {
      for (let i = 0; i < n; i++)
        mem.data.set(`${walKeyPrefix(1)}000000old.${String(i).padStart(8, '0')}`, { r: raw(i) });
    };
    const foldWrites = (mem: ReturnType<typeof quotaStorage>) =>
      mem.calls
        .map((c, i) => ({ ...c, i }))
        .filter((c) => c.kind === 'set' && c.keys.some((k) => k.startsWith(tokenKeyPrefix(1))));

    it('replays 2,000 logged events in slices, with a turn of the event loop between them', async () => {
      const mem = quotaStorage();
      logged(mem, 2000);
      const store = new CaptureStore(mem.storage, limits({ maxTokens: 5000 }));
      const done = store.get(1);
      // A listener that fires on every turn of the event loop while the replay runs: each event's
      // log write is the storage call it makes at once.
      const arrivals: number[] = [];
      const adds: Promise<unknown>[] = [];
      let next = 2000;
      let replayed = false;
      const fire = () => {
        if (next >= 2020 || replayed) return;
        arrivals.push(mem.calls.length);
        adds.push(store.addRaw(1, raw(next++)));
        setTimeout(fire, 0);
      };
      setTimeout(fire, 0);
      await done;
      replayed = true;
      // Every event the listener handed over is written before it is counted (a loaded machine may
      // still be writing the last one when the replay ends).
      await Promise.all(adds);
      const writes = foldWrites(mem);
      // No slice compacts more than SLICE_OPS records: bounded work between two turns.
      for (const w of writes) expect(w.keys.filter((k) => k.startsWith('wal:')).length).toBeLessThanOrEqual(SLICE_OPS);
      expect(writes.length).toBeGreaterThanOrEqual(2000 / SLICE_OPS);
      // Events were logged while the replay was still going (before its last slice was written),
      // not queued behind all of it.
      expect(arrivals.length).toBeGreaterThan(0);
      expect(arrivals[0]!).toBeLessThan(writes.at(-1)!.i);
      await tick(20);
      const cap = await new CaptureStore(mem.restarted(), limits({ maxTokens: 5000 })).get(1);
      expect(cap.tokens).toHaveLength(2000 + arrivals.length);
      expect(new Set(cap.tokens.map((t) => t.token)).size).toBe(cap.tokens.length);
      for (const t of cap.tokens) expect(t.sightings).toHaveLength(1);
    });

    it('a slice ends early once its time is spent (big bodies, a slow worker)', async () => {
      const mem = quotaStorage();
      logged(mem, 10);
      let t = 0;
      // Every reading of the clock is 5 ms later: a slice stops after two operations (8 ms).
      const store = new CaptureStore(mem.storage, limits({}), { now: () => (t += 5) });
      expect((await store.get(1)).tokens).toHaveLength(10);
      expect(foldWrites(mem).map((w) => w.keys.filter((k) => k.startsWith('wal:')).length)).toEqual([2, 2, 2, 2, 2]);
    });
  });
});
