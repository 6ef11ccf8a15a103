import { describe, expect, it } from 'vitest';
import {
  hasTwin,
  isTwin,
  MAX_RECOVERED_CHARS,
  MissedRequests,
  RECOVER_AFTER_MS,
  requestSightings,
  RESEND_MS,
  SETTLED_MS,
  TWIN_MS,
} from '../../../lib/capture/missed-requests.ts';
import type { CapturedToken, Sighting } from '../../../lib/capture/model.ts';
import { CaptureStore, type KeyValueStorage } from '../../../lib/capture/store.ts';

const b64u = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (sub: string) => `${b64u('{"alg":"HS256"}')}.${b64u(JSON.stringify({ sub }))}.c2ln`;
const T0 = Date.parse('2026-12-01T10:00:00.000Z');

const har = (token: string, url = 'https://api.test/me', started = T0) => ({
  request: { method: 'GET', url, headers: [{ name: 'Authorization', value: `Bearer ${token}` }] },
  response: { status: 200 },
  startedDateTime: new Date(started).toISOString(),
});

const webRequest = (time: number, url = 'https://api.test/me', name = 'authorization'): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location: { kind: 'header', name, scheme: 'Bearer' },
  method: 'GET',
  url,
  requestId: 'r1',
  time,
});

const entry = (token: string, sightings: Sighting[]): CapturedToken => ({
  token,
  firstSeen: sightings[0]?.time ?? 0,
  lastSeen: sightings.at(-1)?.time ?? 0,
  count: sightings.length,
  sightings,
});

describe('requestSightings (what DevTools saw a request carry)', () => {
  it('finds the Authorization token and one in the URL, as devtools-network request sightings at the start time', () => {
    const a = jwt('header');
    const b = jwt('query');
    const found = requestSightings(
      {
        request: {
          method: 'POST',
          url: `https://api.test/cb?id_token=${b}`,
          headers: [
            { name: 'Authorization', value: `Bearer ${a}` },
            { name: 'Accept', value: 'application/json' },
          ],
        },
        response: { status: 201 },
        startedDateTime: '2026-12-01T10:00:00.250Z',
      },
      0,
    );
    expect(found.map((f) => [f.token, f.sighting.location.kind])).toEqual([
      [b, 'query'],
      [a, 'header'],
    ]);
    expect(found[1]!.sighting).toMatchObject({
      direction: 'request',
      via: 'devtools-network',
      method: 'POST',
      status: 201,
      time: T0 + 250,
      location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
    });
  });

  it('leaves a header value over MAX_RECOVERED_CHARS to the worker (the scan runs on the panel thread)', () => {
    const big = jwt('x'.repeat(MAX_RECOVERED_CHARS));
    expect(requestSightings(har(big), 0)).toEqual([]);
    expect(requestSightings(har(jwt('small')), 0)).toHaveLength(1);
  });

  it('never throws on a malformed entry and falls back to the given time', () => {
    expect(requestSightings({ request: { method: 'GET', url: 'x', headers: null as never } }, 5)).toEqual([]);
    const [f] = requestSightings(
      { request: { method: 'GET', url: 'https://a.test/', headers: har(jwt('x')).request.headers } },
      77,
    );
    expect(f!.sighting.time).toBe(77);
  });
});

describe('isTwin / hasTwin', () => {
  const [recovered] = requestSightings(har(jwt('t')), 0);
  it('pairs a DevTools sighting with the webRequest one of the same request (URL, header, time within TWIN_MS)', () => {
    expect(isTwin(recovered!.sighting, webRequest(T0 + TWIN_MS))).toBe(true);
    expect(isTwin(webRequest(T0 - 20), recovered!.sighting)).toBe(true);
    expect(isTwin(recovered!.sighting, webRequest(T0 + TWIN_MS + 1))).toBe(false);
    expect(isTwin(recovered!.sighting, webRequest(T0, 'https://api.test/other'))).toBe(false);
    expect(
      isTwin(recovered!.sighting, { ...webRequest(T0), location: { kind: 'cookie', name: 'authorization' } }),
    ).toBe(false);
  });
  it('never pairs two webRequest sightings (two requests), and two DevTools ones only at the same time', () => {
    expect(isTwin(webRequest(T0), webRequest(T0))).toBe(false);
    expect(isTwin(recovered!.sighting, { ...recovered!.sighting })).toBe(true);
    expect(isTwin(recovered!.sighting, { ...recovered!.sighting, time: T0 + 1 })).toBe(false);
    expect(hasTwin(entry('t', [webRequest(T0 + 3)]), recovered!.sighting)).toBe(true);
    expect(hasTwin(undefined, recovered!.sighting)).toBe(false);
  });
});

describe('MissedRequests (the panel recovers what a stopped worker never stored)', () => {
  it('reports only what the worker lacks, once the request is old enough and the connection has settled', () => {
    const m = new MissedRequests();
    const kept = jwt('kept');
    const lost = jwt('lost');
    const now = T0 + 100;
    m.seen(requestSightings(har(kept), 0), now);
    m.seen(requestSightings(har(lost), 0), now);
    // Not connected yet: nothing.
    expect(m.due(now + RECOVER_AFTER_MS)).toEqual([]);
    m.snapshot([entry(kept, [webRequest(T0 + 2)])], now + RECOVER_AFTER_MS);
    // Connected, not settled.
    expect(m.due(now + RECOVER_AFTER_MS + SETTLED_MS - 1)).toEqual([]);
    const due = m.due(now + RECOVER_AFTER_MS + SETTLED_MS);
    expect(due.map((f) => f.token)).toEqual([lost]);
    expect(m.recovered).toBe(1);
    // Not sent again on the same connection before RESEND_MS…
    expect(m.due(now + RECOVER_AFTER_MS + SETTLED_MS + 10)).toEqual([]);
    // …and once the report comes back in the worker's capture, it is done.
    m.update([entry(lost, [due[0]!.sighting])], []);
    expect(m.due(now + RECOVER_AFTER_MS + SETTLED_MS + RESEND_MS)).toEqual([]);
    expect(m.waiting).toBe(0);
  });

  it('waits for a disconnected worker, reports again on a new connection, gives up after three reports', () => {
    const m = new MissedRequests();
    const lost = jwt('lost');
    m.seen(requestSightings(har(lost), 0), T0);
    let t = T0 + 10_000;
    m.snapshot([], t);
    expect(m.due(t + SETTLED_MS)).toHaveLength(1);
    m.disconnected();
    expect(m.due(t + 5 * SETTLED_MS)).toEqual([]);
    t += 20_000;
    m.snapshot([], t);
    expect(m.due(t + SETTLED_MS)).toHaveLength(1);
    expect(m.due(t + SETTLED_MS + RESEND_MS)).toHaveLength(1);
    expect(m.due(t + SETTLED_MS + 2 * RESEND_MS)).toEqual([]);
    expect(m.waiting).toBe(0);
    expect(m.recovered).toBe(1);
  });

  it('recovers nothing the worker may have stored and evicted (its dropped count moved since)', () => {
    const m = new MissedRequests();
    m.snapshot([], T0, 5);
    m.seen(requestSightings(har(jwt('evicted')), 0), T0 + 100);
    m.seen(requestSightings(har(jwt('later')), 0), T0 + 200);
    m.update([], [jwt('evicted')], 6);
    m.seen(requestSightings(har(jwt('after')), 0), T0 + 300);
    expect(m.due(T0 + 10_000).map((f) => f.token)).toEqual([jwt('after')]);
  });

  it('forgets what was pending when the capture is cleared', () => {
    const m = new MissedRequests();
    m.seen(requestSightings(har(jwt('a')), 0), T0);
    m.cleared();
    m.snapshot([], T0 + 10_000);
    expect(m.due(T0 + 20_000)).toEqual([]);
  });
});

describe('CaptureStore counts a request once when webRequest and DevTools both saw it', () => {
  const memory = (): KeyValueStorage => {
    const data = new Map<string, unknown>();
    return {
      getAll: async () => Object.fromEntries(data),
      set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
      remove: async (keys) => void keys.forEach((k) => data.delete(k)),
    };
  };
  it('drops a recovered sighting whose webRequest twin is stored, and a webRequest one replayed after a recovered twin', async () => {
    const store = new CaptureStore(memory());
    const a = jwt('a');
    const b = jwt('b');
    const [ra] = requestSightings(har(a), 0);
    const [rb] = requestSightings(har(b), 0);
    await store.add(1, [{ token: a, sighting: webRequest(T0 + 4) }]);
    await store.add(1, [ra!]);
    await store.add(1, [rb!]);
    await store.add(1, [{ token: b, sighting: webRequest(T0 + 9) }]);
    await store.add(1, [rb!]);
    // A second request with the same token and URL, later: its own sighting.
    await store.add(1, [{ token: a, sighting: webRequest(T0 + 60_000) }]);
    const capture = await store.get(1);
    expect(capture.tokens.map((t) => [t.token, t.sightings.map((s) => s.via)])).toEqual([
      [a, ['webrequest', 'webrequest']],
      [b, ['devtools-network']],
    ]);
    expect(capture.kept).toBe(3);
  });
});
