import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../lib/capture/model.ts';
import type { RawEvent, RequestExtra } from '../../../lib/capture/raw-event.ts';
import { requestKeyPrefix } from '../../../lib/capture/request-log.ts';
import { CaptureStore, decodeItem, itemBytes, type KeyValueStorage } from '../../../lib/capture/store.ts';

// The README's default bounds (capture: 2,000 tokens and 20,000 sightings per tab, 7 MiB over all
// tabs, over 1 MiB is too large to keep; request log: 2,000 records and 1 MiB per tab, 64 KiB of
// request body and of request headers, 16 KiB of response headers), proven through a store built
// with no limits passed — so a change of any default fails here.

const MiB = 1_048_576;

function memStorage() {
  const data = new Map<string, unknown>();
  const set = async (items: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
  };
  const storage: KeyValueStorage = {
    getAll: async () => structuredClone(Object.fromEntries(data)),
    set,
    remove: async (keys) => keys.forEach((k) => data.delete(k)),
    append: (key, value) => set({ [key]: value }),
  };
  const bytes = (prefix: RegExp) =>
    [...data].filter(([k]) => prefix.test(k)).reduce((n, [k, v]) => n + itemBytes(k, decodeItem(v)), 0);
  return { storage, data, bytes };
}

const sighting = (i: number): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
  method: 'GET',
  url: `https://api.test/${i}`,
  requestId: `r${i}`,
  time: 1000 + i,
});

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (i: number) => `${b64('{"alg":"HS256"}')}.${b64(JSON.stringify({ sub: `u${i}` }))}.c2ln`;

describe('capture defaults (README: 2,000 tokens, 20,000 sightings per tab; 7 MiB over all tabs; over 1 MiB too large)', () => {
  it('keeps at most 2,000 distinct tokens per tab: the 2,001st pushes out the least recently seen', async () => {
    const store = new CaptureStore(memStorage().storage);
    const found = Array.from({ length: 2000 }, (_, i) => ({ token: `T${i}`, sighting: sighting(i) }));
    await store.add(1, found);
    expect((await store.get(1)).tokens).toHaveLength(2000);
    const r = await store.add(1, [{ token: 'T2000', sighting: sighting(2000) }]);
    expect(r.evicted).toEqual(['T0']);
    const cap = await store.get(1);
    expect(cap.tokens).toHaveLength(2000);
    expect(cap.tokens[0]!.token).toBe('T1');
    expect(cap.tokens.at(-1)!.token).toBe('T2000');
  });

  it('keeps at most 20,000 sightings per tab: the 20,001st drops the oldest', async () => {
    const store = new CaptureStore(memStorage().storage);
    // 50 tokens × 400 sightings (under the 500 per token), in one add each.
    for (let t = 0; t < 50; t++)
      await store.add(
        1,
        Array.from({ length: 400 }, (_, j) => ({ token: `T${t}`, sighting: sighting(t * 400 + j) })),
      );
    let cap = await store.get(1);
    expect(cap.kept).toBe(20_000);
    expect(cap.dropped).toBe(0);
    await store.add(1, [{ token: 'T49', sighting: sighting(20_000) }]);
    cap = await store.get(1);
    expect(cap.kept).toBe(20_000);
    expect(cap.dropped).toBe(1);
    const times = cap.tokens.flatMap((t) => t.sightings.map((s) => s.time));
    expect(Math.min(...times)).toBe(1001);
  });

  it('stores at most 7 MiB of tokens over all tabs; the heaviest tab’s oldest token goes', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage);
    // Eight tokens of ~0.95 MiB (each under the 1 MiB item bound), one per tab: 7.6 MiB in all.
    const big = (i: number) => `T${i}.${'x'.repeat(1_000_000)}`;
    for (let tab = 1; tab <= 7; tab++) await store.add(tab, [{ token: big(tab), sighting: sighting(tab) }]);
    expect(mem.bytes(/^tok:/)).toBeGreaterThan(7 * 1_000_000);
    for (let tab = 1; tab <= 7; tab++) expect((await store.get(tab)).tokens).toHaveLength(1);
    await store.add(8, [{ token: big(8), sighting: sighting(8) }]);
    expect(mem.bytes(/^tok:/)).toBeLessThanOrEqual(7 * MiB);
    const held = [];
    for (let tab = 1; tab <= 8; tab++) held.push((await store.get(tab)).tokens.length);
    expect(held.reduce((a, b) => a + b, 0)).toBe(7);
    expect(held[7]).toBe(1); // the newest stays
  });

  it('a token whose item is over 1 MiB is too large to keep; one just under is stored', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage);
    const under = `U.${'x'.repeat(MiB - 1000)}`;
    const over = `O.${'x'.repeat(MiB)}`;
    await store.add(1, [{ token: under, sighting: sighting(1) }]);
    await store.add(1, [{ token: over, sighting: sighting(2) }]);
    const cap = await store.get(1);
    expect(cap.tokens.find((t) => t.token === under)!.tooLarge).toBeUndefined();
    expect(cap.tokens.find((t) => t.token === over)!.tooLarge!.bytes).toBeGreaterThan(MiB);
    expect(cap.notices?.find((n) => n.code === 'too-large')?.message).toMatch(/over 1024 KiB/);
    expect(mem.bytes(/^tok:/)).toBeGreaterThan(MiB - 1000);
    expect(mem.bytes(/^tok:/)).toBeLessThan(MiB);
  });
});

describe('request-log defaults (README: 2,000 records and 1 MiB per tab; body 64 KiB; headers 64 KiB sent, 16 KiB answered)', () => {
  const TOKEN = jwt(0);
  const request = (i: number, o: Partial<RawEvent> = {}): RawEvent => ({
    phase: 'request',
    requestId: `q${i}`,
    url: `https://a.test/${i}`,
    method: 'GET',
    frameId: 0,
    type: 'xmlhttprequest',
    timeStamp: 10_000 + i,
    headers: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }],
    ...o,
  });
  const withBody = (text: string): RequestExtra => ({
    headers: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }],
    body: { raw: [{ bytes: new TextEncoder().encode(text).buffer }] },
  });

  it('keeps at most 2,000 records per tab: the 2,001st evicts the oldest', async () => {
    const store = new CaptureStore(memStorage().storage);
    for (let i = 0; i < 2000; i++) void store.addRaw(1, request(i));
    expect((await store.get(1)).requests).toHaveLength(2000);
    const r = await store.addRaw(1, request(2000));
    expect(r.requestsEvicted).toEqual(['q0']);
    const kept = (await store.get(1)).requests!;
    expect(kept).toHaveLength(2000);
    expect(kept[0]!.requestId).toBe('q1');
    expect(kept.at(-1)!.requestId).toBe('q2000');
  });

  it('keeps at most 1 MiB of records per tab, oldest first', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage);
    // 20 records with 60,000-byte bodies: 1.2 MB.
    for (let i = 0; i < 20; i++) await store.addRaw(1, request(i, { method: 'POST' }), withBody('b'.repeat(60_000)));
    const bytes = mem.bytes(new RegExp(`^${requestKeyPrefix(1)}`));
    expect(bytes).toBeLessThanOrEqual(MiB);
    expect(bytes).toBeGreaterThan(MiB - 70_000);
    const kept = (await store.get(1)).requests!.map((r) => r.requestId);
    expect(kept.length).toBeLessThan(20);
    expect(kept.at(-1)).toBe('q19');
    expect(kept).not.toContain('q0');
  });

  it('keeps the first 64 KiB (65,536 bytes) of a request body and says how large it was', async () => {
    const store = new CaptureStore(memStorage().storage);
    await store.addRaw(1, request(1, { method: 'POST' }), withBody('a'.repeat(70 * 1024)));
    await store.addRaw(1, request(2, { method: 'POST' }), withBody('c'.repeat(65_536)));
    const [big, exact] = (await store.get(1)).requests!;
    expect(big!.body).toEqual({ text: 'a'.repeat(65_536), size: 71_680, kept: 65_536 });
    expect(exact!.body).toMatchObject({ size: 65_536, kept: 65_536 });
  });

  it('keeps sent request headers up to 64 KiB and response headers up to 16 KiB; the rest are counted', async () => {
    const store = new CaptureStore(memStorage().storage);
    const sent = [
      { name: 'Authorization', value: `Bearer ${TOKEN}` },
      ...Array.from({ length: 8 }, (_, i) => ({ name: `X-Big-${i}`, value: 'h'.repeat(10_000) })),
    ];
    await store.addRaw(1, request(1), { headers: sent });
    const answered = Array.from({ length: 5 }, (_, i) => ({ name: `X-Ans-${i}`, value: 'r'.repeat(5_000) }));
    await store.response(1, 'q1', 200, {
      phase: 'response',
      requestId: 'q1',
      url: 'https://a.test/1',
      method: 'GET',
      frameId: 0,
      type: 'xmlhttprequest',
      timeStamp: 10_100,
      statusCode: 200,
      headers: answered,
    });
    const [r] = (await store.get(1)).requests!;
    // 6 × 10,000-byte headers fit 64 KiB with the Authorization header; the 7th and 8th do not.
    expect(r!.headers).toHaveLength(7);
    expect(r!.headersOmitted).toBe(2);
    // 3 × 5,000 bytes fit 16 KiB (16,384); the 4th and 5th do not.
    expect(r!.responseHeaders!.map((h) => h.name)).toEqual(['X-Ans-0', 'X-Ans-1', 'X-Ans-2']);
    expect(r!.responseHeadersOmitted).toBe(2);
  });
});
