import { describe, expect, it } from 'vitest';
import { buildTimeline, isLogoutUrl, tickStatus } from '../../../lib/timeline/build-timeline.ts';
import type { TimelineSession } from '../../../lib/timeline/model.ts';
import { skewOf } from '../../../lib/timeline/skew.ts';
import {
  access,
  API,
  APP,
  at,
  bearer,
  captured,
  cookieDeleted,
  delivered,
  hs256,
  ISS,
  jarRemoved,
  record,
  sec,
  stored,
} from './scenario.ts';

const only = (sessions: TimelineSession[]): TimelineSession => {
  expect(sessions).toHaveLength(1);
  return sessions[0]!;
};

describe('buildTimeline: lanes and ticks', () => {
  it('makes one lane per token from iat to exp, with a tick per sighting coloured by its answer', () => {
    const t = access(0, 60);
    const timeline = buildTimeline({
      tokens: [
        captured(t, [
          delivered('access_token', 0.2),
          bearer(`${API}/a`, 1, 200),
          bearer(`${API}/b`, 2, 401),
          bearer(`${API}/c`, 3, 403),
          bearer(`${API}/d`, 4, 500),
          stored('at', 5),
        ]),
      ],
      now: at(30),
    });
    const s = only(timeline.sessions);
    expect(s.id).toBe(`iss:${ISS}`);
    expect(s.label).toBe(ISS);
    expect(s.origins).toEqual([API, APP, ISS]);
    const [lane] = s.lanes;
    expect(lane).toMatchObject({
      id: 'l0',
      kind: 'access',
      label: 'alice',
      sub: 'alice',
      issuer: ISS,
      start: at(0),
      startFrom: 'iat',
      end: at(60),
      firstSeen: at(0.2),
      firstUse: at(1),
      state: 'valid',
      sentAfterExpiry: 0,
    });
    expect(lane!.ticks.map((k) => k.status)).toEqual(['2xx', '2xx', '401', '403', 'other', 'none']);
    expect(lane!.ticks.map((k) => k.label)).toEqual([
      'response › access_token',
      'Authorization',
      'Authorization',
      'Authorization',
      'Authorization',
      'localStorage › at',
    ]);
    expect(lane!.ticks[5]).toMatchObject({ location: 'storage', place: 'localStorage › at', direction: 'stored' });
    expect(s.start).toBe(at(0));
    expect(s.end).toBe(at(60));
  });

  it('starts a lane at nbf without iat, at the first sighting without either, and says its state at now', () => {
    const nbfOnly = hs256({ iss: ISS, sub: 'bob', nbf: sec(10), exp: sec(20) });
    const bare = hs256({ iss: ISS, sub: 'carol' });
    const timeline = buildTimeline({
      tokens: [captured(nbfOnly, [bearer(`${API}/x`, 12, 200)]), captured(bare, [bearer(`${API}/y`, 15, 200)])],
      now: at(5),
    });
    const lanes = only(timeline.sessions).lanes;
    expect(lanes.map((l) => [l.label, l.startFrom, l.start, l.state])).toEqual([
      ['bob', 'nbf', at(10), 'not-yet-valid'],
      ['carol', 'first-seen', at(15), 'no-expiry'],
    ]);
    expect(lanes[1]!.end).toBeUndefined();
    expect(
      buildTimeline({ tokens: [captured(nbfOnly, [bearer(`${API}/x`, 12)])], now: at(20) }).sessions[0]!.lanes[0]!
        .state,
    ).toBe('expired');
  });

  it('marks requests sent at or after exp (only requests: a stored copy is not "sent")', () => {
    const t = access(0, 10);
    const lane = buildTimeline({
      tokens: [captured(t, [bearer(`${API}/a`, 9.9, 200), bearer(`${API}/b`, 10, 401), stored('at', 11)])],
      now: at(12),
    }).sessions[0]!.lanes[0]!;
    expect(lane.ticks.map((k) => k.afterExpiry)).toEqual([false, true, false]);
    expect(lane.sentAfterExpiry).toBe(1);
  });

  it('groups by issuer, else by origin; a DPoP proof goes with the access token it proves', () => {
    const a = access(0, 60);
    const other = hs256({ iss: 'https://other-idp.example', sub: 'alice', iat: sec(0), exp: sec(60) });
    const session = hs256({ sub: 'alice', sid: 'x', iat: sec(0) });
    const proof = hs256({ htm: 'GET', htu: `${API}/a`, jti: 'j1', iat: sec(1) }, { typ: 'dpop+jwt' });
    const sent = { ...bearer(`${API}/a`, 1, 200), requestId: 'same' };
    const timeline = buildTimeline({
      tokens: [
        captured(a, [{ ...sent, location: { kind: 'header', name: 'Authorization', scheme: 'DPoP' } }]),
        captured(proof, [{ ...sent, location: { kind: 'header', name: 'DPoP' } }]),
        captured(other, [bearer('https://b.example/x', 2, 200)]),
        captured(session, [{ ...bearer(`${APP}/home`, 3, 200), location: { kind: 'cookie', name: 'sid' } }]),
      ],
      now: at(10),
    });
    expect(timeline.sessions.map((s) => s.id)).toEqual([
      `iss:${ISS}`,
      'iss:https://other-idp.example',
      `origin:${APP}`,
    ]);
    expect(timeline.sessions[2]!.origin).toBe(APP);
    expect(timeline.sessions[0]!.lanes.map((l) => l.kind)).toEqual(['access', 'dpop']);
  });

  it('never throws on junk: tokens that do not decode, missing sightings, bad records', () => {
    const timeline = buildTimeline({
      tokens: [
        { token: 'not.a.jwt', firstSeen: at(0), lastSeen: at(0), count: 1, sightings: [] },
        null as never,
        { token: 'eyJhbGciOiJIUzI1NiJ9.e30.x', firstSeen: NaN, lastSeen: NaN, count: 0, sightings: undefined as never },
      ],
      requests: [null as never, { requestId: 'x', time: 'soon' as never, method: 'GET', url: 'u', tokens: [] }],
      now: at(0),
    });
    expect(timeline.sessions).toHaveLength(1);
    expect(timeline.sessions[0]!.id).toBe('unknown');
    expect(timeline.sessions[0]!.lanes).toHaveLength(2);
  });
});

describe('buildTimeline: chains and gaps', () => {
  it('links old → new through lib/oauth refresh chains (same issuer, subject, client) and measures the lead', () => {
    const a1 = access(0, 60, { client_id: 'spa', aud: API });
    const a2 = access(40, 60, { client_id: 'spa', aud: API });
    const s = only(
      buildTimeline({
        tokens: [
          captured(a1, [delivered('access_token', 0), bearer(`${API}/a`, 1, 200)]),
          captured(a2, [delivered('access_token', 40), bearer(`${API}/b`, 41, 200)]),
        ],
        now: at(50),
      }).sessions,
    );
    expect(s.chains).toHaveLength(1);
    expect(s.chains[0]).toMatchObject({
      from: a1,
      to: a2,
      fromLane: 'l0',
      toLane: 'l1',
      source: 'relation',
      successorSeen: at(40),
      successorUsed: at(41),
      leadMs: 20_000,
    });
    expect(s.chains[0]!.after401).toBeUndefined();
    expect(s.gaps).toEqual([]);
  });

  it('falls back to same issuer + sub + kind, first seen later, when the tokens name no client', () => {
    const a1 = access(0, 10);
    const a2 = access(12, 10);
    const s = only(
      buildTimeline({
        tokens: [
          captured(a2, [delivered('access_token', 12.5), bearer(`${API}/a`, 13, 200)]),
          captured(a1, [delivered('access_token', 0), bearer(`${API}/a`, 1, 200), bearer(`${API}/a`, 12, 401)]),
        ],
        now: at(20),
      }).sessions,
    );
    expect(s.chains).toHaveLength(1);
    const c = s.chains[0]!;
    expect(c).toMatchObject({ from: a1, to: a2, source: 'fallback', leadMs: -2500 });
    expect(c.after401).toEqual({ time: at(12), status: 401, url: `${API}/a` });
    // The gap runs from a1's exp to a2's first use.
    expect(s.gaps).toEqual([{ from: a1, to: a2, start: at(10), end: at(13), ms: 3000 }]);
  });

  it('does not count a 401 against a cookie that rode along on a request whose credential was a header token', () => {
    const id1 = hs256({ iss: ISS, sub: 'alice', nonce: 'a', iat: sec(0), exp: sec(600) });
    const id2 = hs256({ iss: ISS, sub: 'alice', nonce: 'b', iat: sec(20), exp: sec(620) });
    const apiKey = hs256({ iss: ISS, sub: 'svc', iat: sec(0), exp: sec(600) });
    const sent = { ...bearer(`${API}/p`, 10, 401), requestId: 'shared' };
    const s = only(
      buildTimeline({
        tokens: [
          captured(id1, [delivered('id_token', 0), { ...sent, location: { kind: 'cookie', name: 'id_token' } }]),
          captured(apiKey, [{ ...sent, location: { kind: 'header', name: 'X-Access-Token' } }]),
          captured(id2, [delivered('id_token', 20)]),
        ],
        now: at(30),
      }).sessions,
    );
    const chain = s.chains.find((c) => c.from === id1)!;
    expect(chain.to).toBe(id2);
    expect(chain.after401).toBeUndefined();
  });

  it('does not chain different subjects or kinds', () => {
    const a = access(0, 10);
    const b = hs256({ iss: ISS, sub: 'bob', iat: sec(5), exp: sec(15) }, { typ: 'at+jwt' });
    const id = hs256({ iss: ISS, sub: 'alice', nonce: 'n', iat: sec(6), exp: sec(16) });
    const s = only(
      buildTimeline({
        tokens: [
          captured(a, [bearer(`${API}/a`, 1, 200)]),
          captured(b, [bearer(`${API}/a`, 5, 200)]),
          captured(id, [delivered('id_token', 6)]),
        ],
        now: at(20),
      }).sessions,
    );
    expect(s.chains).toEqual([]);
  });
});

describe('buildTimeline: events', () => {
  it('shows cookie deletions, storage removals, logout requests and token-less 401s with their challenge', () => {
    const t = access(0, 600);
    const requests = [
      record(`${API}/me`, 50, {
        status: 401,
        challenge: {
          raw: 'Bearer error="invalid_token"',
          scheme: 'Bearer',
          error: 'invalid_token',
          description: 'gone',
        },
      }),
      record(`${APP}/logout`, 40, { method: 'POST', status: 302, tokens: [t] }),
    ];
    const s = only(
      buildTimeline({
        tokens: [
          captured(t, [
            stored('at', 1),
            bearer(`${API}/a`, 2, 200),
            { ...stored('at', 40.5, true) },
            cookieDeleted('at_cookie', 40.2),
            jarRemoved('at_jar', 40.7),
          ]),
        ],
        requests,
        now: at(60),
      }).sessions,
    );
    expect(s.events.map((e) => [e.kind, e.time, e.label])).toEqual([
      ['logout-request', at(40), 'logout POST /logout'],
      ['cookie-deleted', at(40.2), 'cookie at_cookie deleted'],
      ['storage-removed', at(40.5), 'localStorage › at removed'],
      ['cookie-deleted', at(40.7), 'cookie at_jar deleted'],
      ['auth-failure', at(50), '401 GET /me (invalid_token)'],
    ]);
    expect(s.events[0]).toMatchObject({ token: t, lane: 'l0', status: 302 });
    expect(s.events[4]!.challenge).toMatchObject({ error: 'invalid_token', description: 'gone' });
    expect(s.events[4]!.token).toBeUndefined();
  });

  it('calls a removal followed at once by another token in the same place a replacement', () => {
    const a1 = access(0, 60);
    const a2 = access(30, 60);
    const s = only(
      buildTimeline({
        tokens: [captured(a1, [stored('at', 1), stored('at', 30, true)]), captured(a2, [stored('at', 30.3)])],
        now: at(40),
      }).sessions,
    );
    expect(s.events).toHaveLength(1);
    expect(s.events[0]).toMatchObject({ kind: 'storage-removed', replacedBy: a2, label: 'localStorage › at replaced' });
  });

  it('puts an event of an origin with no token of its own in a session of that origin', () => {
    const timeline = buildTimeline({
      tokens: [],
      requests: [record('https://elsewhere.example/api', 1, { status: 403 })],
      now: at(2),
    });
    const s = only(timeline.sessions);
    expect(s.id).toBe('origin:https://elsewhere.example');
    expect(s.events[0]).toMatchObject({ kind: 'auth-failure', status: 403, label: '403 GET /api' });
  });

  it('recognises logout URLs by their path or RP-initiated logout parameters', () => {
    for (const u of [
      'https://a/logout',
      'https://a/auth/signout?x=1',
      'https://a/oidc/end_session',
      'https://a/log-out/',
      'https://a/oauth/revoke',
      'https://op.example/session/end?client_id=x',
      'https://op.example/oidc/anything?id_token_hint=eyJ&x=1',
      'https://op.example/e?post_logout_redirect_uri=https%3A%2F%2Fapp',
    ])
      expect(isLogoutUrl(u), u).toBe(true);
    for (const u of [
      'https://a/api/orders',
      'https://a/?next=/logout',
      'https://logout.example/',
      'https://a/logouts',
      'https://a/cb#id_token_hint=x',
    ])
      expect(isLogoutUrl(u), u).toBe(false);
  });

  it('classes statuses for ticks', () => {
    expect([200, 204, 299, 401, 403, 302, 500, 0, undefined].map(tickStatus)).toEqual([
      '2xx',
      '2xx',
      '2xx',
      '401',
      '403',
      'other',
      'other',
      'other',
      'none',
    ]);
  });
});

describe('clock skew', () => {
  // A server whose clock is `skew` ms off sends Date = its time cut to the second.
  const answered = (localMs: number, skew: number) =>
    record(`${API}/x`, 0, {
      time: localMs - 30,
      responseTime: localMs,
      serverDate: Math.floor((localMs + skew) / 1000) * 1000,
    });
  const spread = (skew: number) => Array.from({ length: 20 }, (_, i) => answered(at(i * 1.37 + 0.05), skew));

  it('measures a server 5 s ahead (positive) and 3 s behind (negative)', () => {
    const ahead = skewOf(spread(5000))!;
    expect(ahead.count).toBe(20);
    expect(ahead.medianSeconds).toBe(5);
    expect(Math.abs(ahead.medianMs - 5000)).toBeLessThanOrEqual(500);
    expect(ahead.measurable).toBe(true);
    expect(ahead.minMs).toBeLessThanOrEqual(ahead.medianMs);
    expect(ahead.maxMs).toBeGreaterThanOrEqual(ahead.medianMs);
    const behind = skewOf(spread(-3000))!;
    expect(behind.medianSeconds).toBe(-3);
    expect(behind.measurable).toBe(true);
  });

  it('does not report sub-second skew as real: Date has 1 s resolution', () => {
    for (const skew of [0, 400, -400, 700]) {
      const s = skewOf(spread(skew))!;
      expect(s.measurable, String(skew)).toBe(false);
      expect(Math.abs(s.medianMs)).toBeLessThan(1000);
    }
  });

  it('is undefined without a Date, and per session only from the session’s origins', () => {
    expect(skewOf([record(`${API}/x`, 1)])).toBeUndefined();
    const t = access(0, 60);
    const timeline = buildTimeline({
      tokens: [captured(t, [bearer(`${API}/a`, 1, 200)])],
      requests: [
        ...spread(5000),
        answered(at(3), -60_000),
        { ...answered(at(4), -60_000), url: 'https://cdn.example/x' },
      ],
      now: at(30),
    });
    expect(timeline.sessions[0]!.skew!.count).toBe(21);
    expect(timeline.skew!.count).toBe(22);
  });
});
