import { describe, expect, it } from 'vitest';
import type { CapturedToken, Sighting } from '../../../lib/capture/model.ts';
import { requestSighting, rowOf, rowValidity, sortRows } from '../../../components/state/token-rows.ts';
import { timeStatus } from '../../../lib/time-claims.ts';
import { b64 } from '../../lib/capture/mint.ts';

let serial = 0;
const token = (header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) =>
  `${b64(header)}.${b64({ sub: `user-${++serial}` })}.${b64('sig')}`;

const request = (over: Partial<Sighting> = {}): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
  method: 'GET',
  url: 'https://api.example.com/api/me',
  status: 200,
  time: 1,
  ...over,
});
const stored = (over: Partial<Sighting> = {}): Sighting => ({
  direction: 'stored',
  via: 'page-storage',
  location: { kind: 'storage', area: 'local', name: 'auth.token' },
  url: 'https://app.example.com/dashboard',
  time: 5,
  ...over,
});
const entry = (sightings: Sighting[], t = token()): CapturedToken => ({
  token: t,
  firstSeen: sightings[0]!.time,
  lastSeen: sightings[sightings.length - 1]!.time,
  count: sightings.length,
  sightings,
});

describe('the token-list row', () => {
  it('the Request column is the latest request, not a later storage read or paste', () => {
    const c = entry([
      request({ url: 'https://api.example.com/api/old', time: 1 }),
      request({ method: 'POST', url: 'https://api.example.com/api/orders?id=7', status: 401, time: 2 }),
      stored({ time: 3 }),
      { direction: 'input', via: 'paste', location: { kind: 'paste', name: 'paste' }, url: 'https://x.test/', time: 4 },
    ]);
    const r = rowOf(c, undefined);
    expect(r.request).toBe('POST api.example.com/api/orders');
    expect(r.requestUrl).toBe('https://api.example.com/api/orders?id=7');
    expect(r.requestStatus).toBe(401);
    expect(r.requestHost).toBe('api.example.com');
  });

  it('falls back to the latest response; a token only ever stored has no request', () => {
    const response = request({
      direction: 'response',
      via: 'devtools-network',
      location: { kind: 'json-body', name: 'access_token', jsonPath: 'access_token' },
      method: 'POST',
      url: 'https://idp.example.com/token',
    });
    expect(requestSighting([response, stored()])).toBe(response);
    const only = rowOf(entry([stored()]), undefined);
    expect(only.request).toBe('');
    expect(only.requestUrl).toBeUndefined();
  });

  it('shows where it travelled (names, newest first) and what it is (typ)', () => {
    const r = rowOf(
      entry(
        [
          request({ location: { kind: 'cookie', name: 'sid' } }),
          request(),
          stored(),
          request({ location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' } }),
        ],
        token({ alg: 'ES256', typ: 'at+jwt' }),
      ),
      undefined,
    );
    expect(r.names).toEqual(['Authorization', 'auth.token', 'sid']);
    expect(r.typ).toBe('at+jwt');
    expect(rowOf(entry([request()], token({ alg: 'HS256' })), undefined).typ).toBe('');
  });

  it('the filter subject carries the URLs, methods, statuses and names of the sightings', () => {
    const r = rowOf(entry([request({ method: 'POST', status: 401 }), stored()]), undefined);
    expect(r.subject).toMatchObject({
      urls: ['https://api.example.com/api/me', 'https://app.example.com/dashboard'],
      paths: ['/api/me', '/dashboard'],
      methods: ['post'],
      statuses: [401],
      names: ['authorization', 'auth.token'],
      captured: true,
      pasted: false,
    });
    expect(r.subject.text).toContain('https://api.example.com/api/me');
  });

  it('sorts by request host and path (tokens that never travelled last), by name and by typ', () => {
    const a = rowOf(entry([request({ url: 'https://b.example/z' })], token({ alg: 'RS256', typ: 'JWT' })), undefined);
    const b = rowOf(
      entry(
        [request({ url: 'https://a.example/y', location: { kind: 'cookie', name: 'zz' } })],
        token({ alg: 'RS256' }),
      ),
      undefined,
    );
    const c = rowOf(entry([stored()], token({ alg: 'RS256', typ: 'at+jwt' })), undefined);
    const order = (column: Parameters<typeof sortRows>[1]['column']) =>
      sortRows([a, b, c], { column, descending: false }, 0).map((r) => [a, b, c].indexOf(r));
    expect(order('request')).toEqual([1, 0, 2]);
    expect(order('name')).toEqual([2, 0, 1]);
    expect(order('typ')).toEqual([1, 2, 0]);
  });

  it('a token whose cookie a response deleted says "deleted by the server at …"; one still sent does not', () => {
    const time = Date.UTC(2026, 11, 1, 12, 4, 31);
    const clock = new Date(time).toTimeString().slice(0, 8);
    const set = request({
      direction: 'response',
      location: { kind: 'set-cookie', name: 'session' },
      time: time - 60_000,
    });
    const sent = request({ location: { kind: 'cookie', name: 'session' }, time: time - 30_000 });
    const deleted = { ...set, removed: true, time };
    const row = rowOf(entry([set, sent, deleted]), undefined);
    expect(row.unstored).toBe(true);
    expect(row.unstoredNote).toBe(`deleted by the server at ${clock}`);
    const alive = rowOf(entry([set, sent]), undefined);
    expect(alive.unstored).toBe(false);
    expect(alive.unstoredNote).toBeUndefined();
    const removedFromStorage = rowOf(entry([stored(), stored({ removed: true, time: 9 })]), undefined);
    expect(removedFromStorage.unstoredNote).toBe('no longer stored');
  });
});

describe("a row's validity", () => {
  // Claim values a token may carry: sound seconds around the instant judged, milliseconds, negative,
  // out of range, non-numbers, absent.
  const NOW = 1_800_000_000_000;
  const values: unknown[] = [
    undefined,
    1_800_000_000,
    1_799_999_999,
    1_800_000_001,
    1_799_999_940,
    1_800_000_060,
    1_800_000_000_000,
    -5,
    0,
    1e20,
    Infinity,
    '1800000000',
    null,
    [1_800_000_000],
    { n: 1 },
    1_800_000_000.5,
  ];
  it('is what timeStatus says of its payload, for every exp × nbf × skew', () => {
    let judged = 0;
    for (const exp of values)
      for (const nbf of values) {
        // JSON cannot carry Infinity: a number beyond a double (1e400) reads as it.
        const json = (v: unknown) => (v === Infinity ? '1e400' : JSON.stringify(v));
        const body = `{"sub":"u"${exp === undefined ? '' : `,"exp":${json(exp)}`}${nbf === undefined ? '' : `,"nbf":${json(nbf)}`}}`;
        const t = `${b64({ alg: 'RS256' })}.${Buffer.from(body).toString('base64url')}.${b64('sig')}`;
        const row = rowOf(entry([request()], t), undefined);
        for (const skew of [0, 30, 120])
          for (const now of [NOW, NOW - 61_000, NOW + 61_000, NOW + 500]) {
            expect(rowValidity(row, now, skew), `${body} at ${now} skew ${skew}`).toBe(
              timeStatus(row.subject.payload, now / 1000, skew).state,
            );
            judged++;
          }
      }
    expect(judged).toBe(values.length ** 2 * 12);
  });
});
