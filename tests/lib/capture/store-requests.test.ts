import { describe, expect, it } from 'vitest';
import type { CaptureLimits, RequestRecord } from '../../../lib/capture/model.ts';
import type { RawEvent, RequestExtra } from '../../../lib/capture/raw-event.ts';
import { requestKeyPrefix } from '../../../lib/capture/request-log.ts';
import { CaptureStore, decodeItem, itemBytes, walKeyPrefix, type KeyValueStorage } from '../../../lib/capture/store.ts';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** storage.session in memory: all-or-nothing writes, a byte count, and a cut that simulates a worker stop. */
function memStorage() {
  const data = new Map<string, unknown>();
  let calls = 0;
  let cutAfter = Infinity;
  const gate = <T>(run: () => T): Promise<T> => {
    if (++calls > cutAfter) return new Promise<T>(() => undefined);
    return Promise.resolve(run());
  };
  const set = (items: Record<string, unknown>) =>
    gate(() => {
      for (const [k, v] of Object.entries(structuredClone(items))) data.set(k, v);
    });
  const storage: KeyValueStorage = {
    getAll: () => gate(() => structuredClone(Object.fromEntries(data))),
    set,
    remove: (keys) => gate(() => keys.forEach((k) => data.delete(k))),
    append: (key, value) => set({ [key]: value }),
  };
  const restarted = (): KeyValueStorage => ({
    getAll: async () => structuredClone(Object.fromEntries(data)),
    set: async (items) => void Object.entries(structuredClone(items)).forEach(([k, v]) => data.set(k, v)),
    remove: async (keys) => keys.forEach((k) => data.delete(k)),
    append: async (k, v) => void data.set(k, structuredClone(v)),
  });
  const recordItems = (tab: number) =>
    [...data].filter(([k]) => k.startsWith(requestKeyPrefix(tab))).map(([, v]) => decodeItem(v) as RequestRecord);
  return { storage, data, restarted, recordItems, calls: () => calls, cut: (n: number) => (cutAfter = n) };
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (i: number, pad = 0) =>
  `${b64('{"alg":"HS256"}')}.${b64(JSON.stringify({ sub: `u${i}`, pad: 'p'.repeat(pad) }))}.c2ln`;

const request = (i: number, o: Partial<RawEvent> = {}): RawEvent => ({
  phase: 'request',
  requestId: `q${i}`,
  url: `https://api.test/items/${i}`,
  method: 'POST',
  frameId: 0,
  type: 'xmlhttprequest',
  initiator: 'https://app.test',
  timeStamp: 10_000 + i,
  headers: [{ name: 'Authorization', value: `Bearer ${jwt(i)}` }],
  ...o,
});

/** What the listener passes by reference beside the raw event: every header as sent, the body. */
const extra = (i: number, body = '{"q":1}'): RequestExtra => ({
  headers: [
    { name: 'Authorization', value: `Bearer ${jwt(i)}` },
    { name: 'Content-Type', value: 'application/json' },
    { name: 'X-Trace', value: 'abc' },
  ],
  body: { raw: [{ bytes: new TextEncoder().encode(body).buffer }] },
});

const response = (
  i: number,
  status: number,
  headers: { name: string; value: string }[],
  o: Partial<RawEvent> = {},
): RawEvent => ({
  phase: 'response',
  requestId: `q${i}`,
  url: `https://api.test/items/${i}`,
  method: 'POST',
  frameId: 0,
  type: 'xmlhttprequest',
  timeStamp: 10_050 + i,
  statusCode: status,
  headers,
  ...o,
});

const limits = (o: Partial<CaptureLimits> = {}): CaptureLimits => ({
  maxTokens: 2000,
  maxSightings: 20_000,
  maxSightingsPerToken: 500,
  ...o,
});

const DATE = 'Tue, 01 Dec 2026 12:04:31 GMT';

describe('CaptureStore: the request log', () => {
  it('keeps a token-carrying request with every header as sent, its body, then its status, Date and challenge', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage);
    const added = await store.addRaw(1, request(1), extra(1));
    expect(added.requests?.map((r) => r.requestId)).toEqual(['q1']);
    const answered = await store.response(
      1,
      'q1',
      401,
      response(1, 401, [
        { name: 'Date', value: DATE },
        {
          name: 'WWW-Authenticate',
          value: 'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
        },
        { name: 'Content-Type', value: 'application/json' },
      ]),
    );
    expect(answered.changed.map((t) => t.token)).toEqual([jwt(1)]);
    const [r] = answered.requests!;
    expect(r).toEqual({
      requestId: 'q1',
      time: 10_001,
      method: 'POST',
      url: 'https://api.test/items/1',
      type: 'xmlhttprequest',
      initiator: 'https://app.test',
      headers: [
        { name: 'Authorization', value: `Bearer ${jwt(1)}` },
        { name: 'Content-Type', value: 'application/json' },
        { name: 'X-Trace', value: 'abc' },
      ],
      body: { text: '{"q":1}', size: 7, kept: 7 },
      status: 401,
      responseTime: 10_051,
      serverDate: Date.parse(DATE),
      challenge: {
        raw: 'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
        scheme: 'Bearer',
        error: 'invalid_token',
        description: 'The access token expired',
      },
      responseHeaders: [
        { name: 'Date', value: DATE },
        {
          name: 'WWW-Authenticate',
          value: 'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
        },
        { name: 'Content-Type', value: 'application/json' },
      ],
      tokens: [jwt(1)],
    });
    // The sighting got the status too, and the snapshot and a restarted worker see the record.
    const cap = await store.get(1);
    expect(cap.tokens[0]!.sightings[0]!.status).toBe(401);
    expect(cap.requests).toEqual([r]);
    expect((await new CaptureStore(mem.restarted()).get(1)).requests).toEqual([r]);
  });

  it('logs a 401/403 answer without any token (status, URL, method, Date, challenge; no request headers)', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage);
    const out = await store.response(
      3,
      'q9',
      403,
      response(9, 403, [
        { name: 'date', value: DATE },
        { name: 'www-authenticate', value: 'Bearer error="insufficient_scope", scope="admin"' },
      ]),
    );
    expect(out.requests).toHaveLength(1);
    expect(out.requests![0]).toMatchObject({
      requestId: 'q9',
      method: 'POST',
      url: 'https://api.test/items/9',
      status: 403,
      serverDate: Date.parse(DATE),
      challenge: { scheme: 'Bearer', error: 'insufficient_scope' },
      tokens: [],
    });
    expect(out.requests![0]!.headers).toBeUndefined();
    // A 200 or a 500 without a token is not logged.
    expect((await store.response(3, 'q10', 200, response(10, 200, []))).requests).toBeUndefined();
    expect((await store.response(3, 'q11', 500, response(11, 500, []))).requests).toBeUndefined();
    expect((await store.get(3)).requests!.map((r) => r.requestId)).toEqual(['q9']);
    expect(mem.recordItems(3)).toHaveLength(1);
  });

  it('keeps a response that delivered a token (Set-Cookie), with the token it delivered', async () => {
    const store = new CaptureStore(memStorage().storage);
    const set = response(2, 200, [{ name: 'Set-Cookie', value: `session=${jwt(2)}; Path=/; HttpOnly` }]);
    await store.addRaw(1, set);
    const out = await store.response(1, 'q2', 200, response(2, 200, [{ name: 'Date', value: DATE }]));
    expect(out.requests![0]).toMatchObject({ requestId: 'q2', status: 200, tokens: [jwt(2)] });
    expect(out.requests![0]!.headers).toBeUndefined();
  });

  it('keeps no record for a request in which nothing turned out to be a token', async () => {
    const store = new CaptureStore(memStorage().storage);
    await store.addRaw(1, request(1, { headers: [{ name: 'X-Note', value: 'hey there, everyone' }] }));
    expect((await store.get(1)).requests).toEqual([]);
  });

  it('bounds the log per tab by count, oldest first, and tells the panel which went', async () => {
    const store = new CaptureStore(memStorage().storage, limits({ maxRequests: 3 }));
    const evicted: string[] = [];
    for (let i = 0; i < 5; i++) evicted.push(...((await store.addRaw(1, request(i))).requestsEvicted ?? []));
    expect((await store.get(1)).requests!.map((r) => r.requestId)).toEqual(['q2', 'q3', 'q4']);
    expect(evicted).toEqual(['q0', 'q1']);
    // The tokens stay: only the log is bounded.
    expect((await store.get(1)).tokens).toHaveLength(5);
  });

  it('bounds the log per tab by bytes (stored item bytes), oldest first', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage, limits({ maxRequestBytes: 6000 }));
    for (let i = 0; i < 10; i++) await store.addRaw(1, request(i), extra(i, 'b'.repeat(1500)));
    const items = [...mem.data].filter(([k]) => k.startsWith(requestKeyPrefix(1)));
    const bytes = items.reduce((n, [k, v]) => n + itemBytes(k, decodeItem(v)), 0);
    expect(bytes).toBeLessThanOrEqual(6000);
    expect(items.length).toBeGreaterThanOrEqual(2);
    const kept = (await store.get(1)).requests!.map((r) => r.requestId);
    expect(kept.at(-1)).toBe('q9');
    expect(kept).not.toContain('q0');
  });

  it('stays inside the global byte budget: records go before tokens', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage, limits({ maxTotalBytes: 8000 }));
    for (let i = 0; i < 4; i++)
      await store.addRaw(1, request(i, { headers: [{ name: 'Authorization', value: `Bearer ${jwt(i, 600)}` }] }));
    const total = [...mem.data]
      .filter(([k]) => /^(tok|req):/.test(k))
      .reduce((n, [k, v]) => n + itemBytes(k, decodeItem(v)), 0);
    expect(total).toBeLessThanOrEqual(8000);
    const cap = await store.get(1);
    expect(cap.tokens).toHaveLength(4);
    expect(cap.requests!.length).toBeLessThan(4);
  });

  it('drops a record when the last token it carried is dropped', async () => {
    const store = new CaptureStore(memStorage().storage, limits({ maxTokens: 3 }));
    // q0 carries two tokens: it stays while either is kept.
    await store.addRaw(
      1,
      request(0, {
        headers: [
          { name: 'Authorization', value: `Bearer ${jwt(0)}` },
          { name: 'X-Id-Token', value: jwt(100) },
        ],
      }),
    );
    await store.addRaw(1, request(1));
    expect((await store.get(1)).requests!.map((r) => r.requestId)).toEqual(['q0', 'q1']);
    // A third token evicts the least recently seen (jwt(0) or jwt(100)); q0 still carries the other.
    await store.addRaw(1, request(2));
    expect((await store.get(1)).requests!.map((r) => r.requestId)).toEqual(['q0', 'q1', 'q2']);
    const out = await store.addRaw(1, request(3));
    expect(out.requestsEvicted).toContain('q0');
    const left = await store.get(1);
    expect(left.requests!.map((r) => r.requestId)).not.toContain('q0');
    for (const r of left.requests!) expect(r.tokens.some((t) => left.tokens.some((k) => k.token === t))).toBe(true);
  });

  it('clears the log with the tab (navigation or Clear), and forgets it with a closed tab', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage);
    await store.addRaw(1, request(1), extra(1));
    await store.response(1, 'x', 401, response(5, 401, [], { requestId: 'x' }));
    expect(mem.recordItems(1)).toHaveLength(2);
    await store.clear(1);
    expect((await store.get(1)).requests).toEqual([]);
    expect(mem.recordItems(1)).toHaveLength(0);
    await store.addRaw(2, request(2));
    expect(mem.recordItems(2)).toHaveLength(1);
    await store.remove(2);
    await tick(5);
    expect(mem.recordItems(2)).toHaveLength(0);
    expect((await new CaptureStore(mem.restarted()).get(1)).requests).toEqual([]);
  });

  it('a worker stop between awaits loses no record whose events were logged (request and 401 alike)', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage);
    await store.addRaw(1, request(1), extra(1));
    // Stop right after the next calls' log writes: nothing is folded into records.
    mem.cut(mem.calls() + 2);
    void store.response(
      1,
      'q1',
      401,
      response(1, 401, [{ name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' }]),
    );
    void store.response(1, 'z', 403, response(7, 403, [{ name: 'Date', value: DATE }], { requestId: 'z' }));
    await tick(10);
    expect([...mem.data.keys()].filter((k) => k.startsWith(walKeyPrefix(1)) && mem.data.get(k) !== 0)).toHaveLength(2);
    const cap = await new CaptureStore(mem.restarted()).get(1);
    const byId = new Map(cap.requests!.map((r) => [r.requestId, r]));
    expect(byId.get('q1')).toMatchObject({ status: 401, challenge: { error: 'invalid_token' }, tokens: [jwt(1)] });
    // Written before the stop: every header as sent; the answer came from the log (its Date and challenge).
    expect(byId.get('q1')!.headers).toHaveLength(3);
    expect(byId.get('q1')!.body?.text).toBe('{"q":1}');
    expect(byId.get('z')).toMatchObject({ status: 403, serverDate: Date.parse(DATE), tokens: [] });
  });

  it('a raw event logged but never scanned becomes its record after a restart (with the headers that may hold a token)', async () => {
    const mem = memStorage();
    mem.cut(1);
    void new CaptureStore(mem.storage).addRaw(4, request(7), extra(7));
    const cap = await new CaptureStore(mem.restarted()).get(4);
    expect(cap.requests).toHaveLength(1);
    expect(cap.requests![0]).toMatchObject({ requestId: 'q7', method: 'POST', tokens: [jwt(7)] });
    // What the listener passed by reference was never logged: only the candidate header survives.
    expect(cap.requests![0]!.headers).toEqual([{ name: 'Authorization', value: `Bearer ${jwt(7)}` }]);
    expect(cap.requests![0]!.body).toBeUndefined();
  });

  it('logs a late status with only the Date and WWW-Authenticate headers (the rest stays in memory)', async () => {
    const mem = memStorage();
    const appended: unknown[] = [];
    const storage: KeyValueStorage = {
      ...mem.storage,
      append: (k, v) => {
        appended.push(decodeItem(v));
        return mem.storage.append!(k, v);
      },
    };
    const store = new CaptureStore(storage);
    await store.addRaw(1, request(1));
    const headers = [
      { name: 'Date', value: DATE },
      { name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' },
      { name: 'Content-Type', value: 'application/json' },
      { name: 'X-Big', value: 'x'.repeat(5000) },
    ];
    const out = await store.response(1, 'q1', 401, response(1, 401, headers));
    expect(appended.at(-1)).toEqual({ s: ['q1', 401], m: { ...response(1, 401, headers.slice(0, 2)) } });
    expect(out.requests![0]!.responseHeaders!.map((h) => h.name)).toEqual([
      'Date',
      'WWW-Authenticate',
      'Content-Type',
      'X-Big',
    ]);
  });

  it('drops stored records that do not read back, and records whose tokens are gone', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage);
    await store.addRaw(1, request(1));
    mem.data.set(`${requestKeyPrefix(1)}900`, { requestId: 5 });
    mem.data.set(`${requestKeyPrefix(1)}901`, {
      requestId: 'orphan',
      time: 1,
      method: 'GET',
      url: 'https://x/',
      tokens: ['gone'],
    });
    const cap = await new CaptureStore(mem.restarted()).get(1);
    expect(cap.requests!.map((r) => r.requestId)).toEqual(['q1']);
  });
});

describe('CaptureStore: logout (a Set-Cookie deleting a token cookie)', () => {
  const setCookie = (i: number, value: string, status = 200) =>
    response(i, status, [{ name: 'Set-Cookie', value }], { url: 'https://app.test/logout', method: 'POST' });

  it('adds a removed set-cookie sighting, with status, URL and time, to the token the cookie held', async () => {
    const store = new CaptureStore(memStorage().storage);
    await store.addRaw(1, setCookie(1, `session=${jwt(1)}; Path=/; HttpOnly`));
    const out = await store.addRaw(1, setCookie(2, 'session=; Max-Age=0; Path=/'));
    const t = out.changed.find((c) => c.token === jwt(1))!;
    expect(t.sightings.at(-1)).toMatchObject({
      direction: 'response',
      via: 'webrequest',
      location: { kind: 'set-cookie', name: 'session' },
      removed: true,
      status: 200,
      url: 'https://app.test/logout',
      method: 'POST',
      time: 10_052,
    });
    // The logout response is in the request log too, with the token its cookie held.
    expect(out.requests!.find((r) => r.requestId === 'q2')).toMatchObject({ tokens: [jwt(1)] });
  });

  it('follows the token a request’s Cookie header carried, and the latest one', async () => {
    const store = new CaptureStore(memStorage().storage);
    await store.addRaw(1, request(1, { headers: [{ name: 'Cookie', value: `theme=dark; sid=${jwt(1)}` }] }));
    await store.addRaw(1, request(2, { headers: [{ name: 'Cookie', value: `sid=${jwt(2)}` }] }));
    await store.addRaw(1, setCookie(3, 'sid=deleted; Expires=Thu, 01 Jan 1970 00:00:00 GMT'));
    const cap = await store.get(1);
    const removed = (tok: string) => cap.tokens.find((t) => t.token === tok)!.sightings.filter((s) => s.removed);
    expect(removed(jwt(2))).toHaveLength(1);
    expect(removed(jwt(1))).toHaveLength(0);
  });

  it('detects Max-Age=-1, and not a cookie set for later or a name that held no token', async () => {
    const store = new CaptureStore(memStorage().storage);
    await store.addRaw(1, setCookie(1, `a=${jwt(1)}`));
    await store.addRaw(1, setCookie(2, `b=${jwt(2)}`));
    await store.addRaw(1, setCookie(3, 'a=x; Max-Age=3600; Expires=Thu, 01 Jan 1970 00:00:00 GMT'));
    await store.addRaw(1, setCookie(4, 'other=; Max-Age=0'));
    let cap = await store.get(1);
    expect(cap.tokens.flatMap((t) => t.sightings).filter((s) => s.removed)).toHaveLength(0);
    await store.addRaw(1, setCookie(5, 'b=; Max-Age=-1'));
    cap = await store.get(1);
    expect(cap.tokens.find((t) => t.token === jwt(2))!.sightings.filter((s) => s.removed)).toHaveLength(1);
  });

  it('still knows which token a cookie held after a worker restart', async () => {
    const mem = memStorage();
    await new CaptureStore(mem.storage).addRaw(1, setCookie(1, `session=${jwt(1)}`));
    const next = new CaptureStore(mem.restarted());
    await next.addRaw(1, setCookie(2, 'session=; Max-Age=0'));
    const cap = await next.get(1);
    expect(cap.tokens[0]!.sightings.at(-1)).toMatchObject({
      removed: true,
      location: { kind: 'set-cookie', name: 'session' },
    });
  });
});

describe('CaptureStore: a status whose request is still in the batch rides on the next record', () => {
  const walValues = (mem: ReturnType<typeof memStorage>) =>
    [...mem.data].filter(([k]) => k.startsWith(walKeyPrefix(1))).map(([, v]) => decodeItem(v) as { st?: unknown[] });

  it('adds no storage call for the status, and a stop right after the next record keeps it', async () => {
    const mem = memStorage();
    // The worker has read storage (a panel asked); its batches wait (frozen here).
    let release = () => undefined as void;
    const loaded = new CaptureStore(mem.storage, limits(), {
      schedule: (run) => void (release = run),
    });
    const ready = loaded.get(1);
    release();
    await ready;
    void loaded.addRaw(1, request(1));
    const calls = mem.calls();
    void loaded.response(
      1,
      'q1',
      401,
      response(1, 401, [
        { name: 'Date', value: DATE },
        { name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' },
        { name: 'X-Other', value: 'not logged' },
      ]),
    );
    expect(mem.calls()).toBe(calls);
    // The next event's record carries it; then the worker stops before any batch.
    mem.cut(mem.calls() + 1);
    void loaded.addRaw(1, request(2));
    const carried = walValues(mem).find((v) => v.st);
    expect(carried?.st).toEqual([
      [
        'q1',
        401,
        response(1, 401, [
          { name: 'Date', value: DATE },
          { name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' },
        ]),
      ],
    ]);
    const cap = await new CaptureStore(mem.restarted()).get(1);
    const sightingOf = (i: number) => cap.tokens.find((t) => t.token === jwt(i))!.sightings[0]!;
    expect(sightingOf(1).status).toBe(401);
    expect(sightingOf(2).status).toBeUndefined();
    expect(cap.requests!.find((r) => r.requestId === 'q1')).toMatchObject({
      status: 401,
      serverDate: Date.parse(DATE),
      challenge: { error: 'invalid_token' },
    });
  });

  it('a 200 rides without its headers, and once a batch has written it, it rides no more', async () => {
    const mem = memStorage();
    const store = new CaptureStore(mem.storage, limits());
    await store.get(1);
    void store.addRaw(1, request(1));
    void store.response(1, 'q1', 200, response(1, 200, [{ name: 'Date', value: DATE }]));
    const second = store.addRaw(1, request(2));
    expect(walValues(mem).find((v) => v.st)?.st).toEqual([['q1', 200]]);
    await second;
    void store.addRaw(1, request(3));
    void store.response(1, 'q3', 204, response(3, 204, []));
    // The batch writes q3's status into its token item: the next record need not carry it.
    await store.get(1);
    void store.addRaw(1, request(4));
    expect(walValues(mem).filter((v) => v.st)).toHaveLength(0);
    const cap = await new CaptureStore(mem.restarted()).get(1);
    expect(cap.tokens.find((t) => t.token === jwt(1))!.sightings[0]!.status).toBe(200);
  });
});
