import { describe, expect, it } from 'vitest';
import type { CapturedToken, RequestRecord } from '../../../lib/index.ts';
import { buildTimeline } from '../../../lib/timeline/build-timeline.ts';
import { VERDICT_IDS, type Verdict, type VerdictId, type VerdictOf } from '../../../lib/timeline/model.ts';
import { computeVerdicts, durationText, timelineVerdicts, utcTime } from '../../../lib/timeline/verdicts.ts';
import {
  access,
  API,
  APP,
  at,
  bearer,
  captured,
  cookieDeleted,
  cookieSent,
  delivered,
  granted,
  hs256,
  ISS,
  record,
  refresh,
  sec,
  setCookie,
  stored,
} from './scenario.ts';

function verdictsOf(tokens: CapturedToken[], requests: RequestRecord[] = [], now = at(3600)): Verdict[] {
  const timeline = buildTimeline({ tokens, requests, now });
  expect(timeline.sessions.length).toBeGreaterThan(0);
  return computeVerdicts(timeline.sessions[0]!);
}

function get<K extends VerdictId>(verdicts: Verdict[], id: K): VerdictOf<K> {
  const v = verdicts.find((x) => x.id === id);
  expect(v, id).toBeDefined();
  return v as VerdictOf<K>;
}

describe('verdicts', () => {
  it('computes every verdict id, in order, for a session', () => {
    const v = verdictsOf([captured(access(0, 60), [bearer(`${API}/a`, 1, 200)])]);
    expect(v.map((x) => x.id)).toEqual([...VERDICT_IDS]);
  });

  it('access-lifetime: lifetimes min / median / max; passes under an hour, fails beyond or without exp', () => {
    const tokens = [access(0, 10), access(20, 10), access(40, 20)].map((t, i) =>
      captured(t, [bearer(`${API}/a`, i * 20 + 1, 200)]),
    );
    const v = get(verdictsOf(tokens), 'access-lifetime');
    expect(v.status).toBe('pass');
    expect(v.data).toEqual({ count: 3, withoutExp: 0, minSeconds: 10, medianSeconds: 10, maxSeconds: 20 });
    expect(v.title).toBe('Access tokens live 10 s to 20 s (median 10 s) (3 access tokens)');
    expect(v.evidence[0]).toBe('alice: issued 14:00:00 UTC, expires 14:00:10 UTC — 10 s');

    const long = get(verdictsOf([captured(access(0, 8 * 3600), [bearer(`${API}/a`, 1, 200)])]), 'access-lifetime');
    expect(long.status).toBe('fail');
    expect(long.title).toBe('Access tokens live 8 h (1 access token, longer than 1 h)');

    const forever = hs256({ iss: ISS, sub: 'alice', iat: sec(0) }, { typ: 'at+jwt' });
    const never = get(verdictsOf([captured(forever, [bearer(`${API}/a`, 1, 200)])]), 'access-lifetime');
    expect(never.status).toBe('fail');
    expect(never.data.withoutExp).toBe(1);

    expect(get(verdictsOf([captured(refresh(0, 60), [granted(1)])]), 'access-lifetime').status).toBe('unknown');
  });

  it('refresh-lifetime: reported as info with the lifetime; unknown without a refresh token', () => {
    const v = get(verdictsOf([captured(refresh(0, 30 * 86_400), [delivered('refresh_token', 0)])]), 'refresh-lifetime');
    expect(v.status).toBe('info');
    expect(v.data).toMatchObject({ count: 1, minSeconds: 30 * 86_400 });
    expect(v.title).toBe('Refresh tokens live 30 d (1 refresh token)');
    expect(get(verdictsOf([captured(access(0, 60), [bearer(`${API}/a`, 1)])]), 'refresh-lifetime').status).toBe(
      'unknown',
    );
  });

  it('refresh-lead: refreshes before expiry with the lead min / median', () => {
    // Three access tokens of 60 s each, each replaced 30 s, 12 s and 45 s before it expires.
    const a1 = access(0, 60);
    const a2 = access(30, 60); // a1 exp 60, a2 seen 30 → lead 30 s
    const a3 = access(78, 60); // a2 exp 90, a3 seen 78 → lead 12 s
    const a4 = access(93, 60); // a3 exp 138, a4 seen 93 → lead 45 s
    const tokens = [
      captured(a1, [delivered('access_token', 0), bearer(`${API}/a`, 1, 200), bearer(`${API}/a`, 29, 200)]),
      captured(a2, [delivered('access_token', 30), bearer(`${API}/a`, 31, 200)]),
      captured(a3, [delivered('access_token', 78), bearer(`${API}/a`, 79, 200)]),
      captured(a4, [delivered('access_token', 93), bearer(`${API}/a`, 94, 200)]),
    ];
    const v = get(verdictsOf(tokens), 'refresh-lead');
    expect(v.status).toBe('pass');
    expect(v.title).toBe('Refreshes before expiry: lead min 12 s / median 30 s');
    expect(v.data).toEqual({ chains: 3, after401: 0, afterExpiry: 0, minSeconds: 12, medianSeconds: 30 });
    expect(v.evidence).toHaveLength(3);
    expect(v.evidence[1]).toContain('12 s before the old one expired (14:01:30 UTC)');
    const expired = get(verdictsOf(tokens), 'expired-sent');
    expect(expired.status).toBe('pass');
  });

  it('refresh-lead: fails "refreshes only after a 401" when the successor appears after the old token was refused', () => {
    // The app: 10-second access tokens, refreshed only once the API says 401.
    const a1 = access(0, 10);
    const a2 = access(12, 10);
    const tokens = [
      captured(a1, [delivered('access_token', 0), bearer(`${API}/orders`, 5, 200), bearer(`${API}/orders`, 12, 401)]),
      captured(a2, [delivered('access_token', 12.4), bearer(`${API}/orders`, 12.6, 200)]),
    ];
    const v = get(verdictsOf(tokens), 'refresh-lead');
    expect(v.status).toBe('fail');
    expect(v.title).toBe('Refreshes only after a 401');
    expect(v.data).toMatchObject({ chains: 1, after401: 1, afterExpiry: 1, minSeconds: -2.4 });
    expect(v.evidence[0]).toContain('answered 401 at 14:00:12 UTC (/orders)');

    // Replaced after expiry but with no 401 in between: a different failure.
    const late = [
      captured(a1, [delivered('access_token', 0), bearer(`${API}/orders`, 5, 200)]),
      captured(a2, [delivered('access_token', 12.4), bearer(`${API}/orders`, 12.6, 200)]),
    ];
    expect(get(verdictsOf(late), 'refresh-lead').title).toBe('Refreshes only after expiry');
    expect(get(verdictsOf([captured(a1, [bearer(`${API}/a`, 1, 200)])]), 'refresh-lead').status).toBe('unknown');
  });

  it('expired-sent: counts requests sent with an expired token, with the server answers', () => {
    const a1 = access(0, 10);
    const tokens = [
      captured(a1, [
        bearer(`${API}/orders`, 5, 200),
        bearer(`${API}/orders`, 11, 401),
        bearer(`${API}/cart`, 12, 401),
        bearer(`${API}/legacy`, 13, 200),
      ]),
    ];
    const v = get(verdictsOf(tokens), 'expired-sent');
    expect(v.status).toBe('fail');
    expect(v.data).toEqual({ count: 3, answers: { '401': 2, '200': 1 }, accepted: 1 });
    expect(v.title).toBe('3 requests sent with an expired token (server answered 401 ×2, 200 ×1)');
    expect(v.evidence[0]).toBe('The server accepted an expired token 1 time.');
    expect(v.evidence[1]).toBe("GET /orders at 14:00:11 UTC, 1 s after alice's exp → 401");
    expect(v.evidence[3]).toBe("GET /legacy at 14:00:13 UTC, 3 s after alice's exp → 200");
  });

  it('refresh-rotation: a refresh token accepted twice fails (RFC 9700 §4.14)', () => {
    const rt = refresh(0, 86_400);
    const v = get(
      verdictsOf([captured(rt, [delivered('refresh_token', 0), granted(60), granted(120)])]),
      'refresh-rotation',
    );
    expect(v.status).toBe('fail');
    expect(v.title).toContain('does not rotate');
    expect(v.title).toContain('RFC 9700 §4.14');
    expect(v.data).toEqual({ refreshTokens: 1, reused: 1, maxUses: 2 });
    expect(v.evidence[0]).toBe("alice's refresh token sent 2 times: 14:01:00 UTC → 200, 14:02:00 UTC → 200");
  });

  it('refresh-rotation: each refresh token used once and replaced passes; a refused reuse passes too', () => {
    const r1 = refresh(0, 86_400);
    const r2 = refresh(60, 86_400);
    const rotated = verdictsOf([
      captured(r1, [delivered('refresh_token', 0), granted(60)]),
      captured(r2, [delivered('refresh_token', 60.2), granted(120)]),
    ]);
    const v = get(rotated, 'refresh-rotation');
    expect(v.status).toBe('pass');
    expect(v.title).toBe('Rotates: each refresh token used once, 1 replaced by a new one');
    expect(v.data).toEqual({ refreshTokens: 2, reused: 0, maxUses: 1 });

    const detected = get(
      verdictsOf([captured(r1, [delivered('refresh_token', 0), granted(60), granted(120, 400)])]),
      'refresh-rotation',
    );
    expect(detected.status).toBe('pass');
    expect(detected.title).toContain('refused');
    // A refresh token sent in a cookie on every request is not "used" by each request.
    const cookie = get(
      verdictsOf([
        captured(r1, [granted(60), cookieSent('rt', `${APP}/page`, 61), cookieSent('rt', `${APP}/page`, 62)]),
      ]),
      'refresh-rotation',
    );
    expect(cookie.data.maxUses).toBe(1);
  });

  it('logout-cleared: passes when every cookie and storage place was cleared at logout', () => {
    const session = hs256({ iss: ISS, sub: 'alice', sid: 's1', iat: sec(0), exp: sec(3600) });
    const at1 = access(0, 600);
    const tokens = [
      captured(session, [
        setCookie('session', 0),
        cookieSent('session', `${APP}/home`, 5),
        cookieDeleted('session', 100),
      ]),
      captured(at1, [
        delivered('access_token', 0),
        stored('at', 0.5),
        bearer(`${API}/a`, 6, 200),
        stored('at', 100.3, true),
      ]),
    ];
    const requests = [record(`${APP}/logout`, 100, { method: 'POST', status: 200, tokens: [session] })];
    const v = get(verdictsOf(tokens, requests), 'logout-cleared');
    expect(v.status).toBe('pass');
    expect(v.data).toEqual({ logoutAt: at(100), cleared: ['cookie session', 'localStorage › at'], remaining: [] });
    expect(v.evidence[0]).toBe('Logout at 14:01:40 UTC: logout POST /logout');
    expect(v.evidence).toContain('cookie session: cleared at 14:01:40 UTC');
  });

  it('logout-cleared: fails and names what was left (storage not removed, a cookie still sent)', () => {
    const session = hs256({ iss: ISS, sub: 'alice', sid: 's1', iat: sec(0), exp: sec(3600) });
    const at1 = access(0, 600);
    const tokens = [
      captured(session, [
        setCookie('session', 0),
        cookieSent('session', `${APP}/home`, 5),
        cookieSent('session', `${APP}/home`, 101),
      ]),
      captured(at1, [delivered('access_token', 0), stored('at', 0.5), stored('at', 50)]),
    ];
    const requests = [record(`${APP}/logout`, 100, { method: 'POST', status: 200 })];
    const v = get(verdictsOf(tokens, requests), 'logout-cleared');
    expect(v.status).toBe('fail');
    expect(v.data.remaining.sort()).toEqual(['cookie session', 'localStorage › at']);
    expect(v.evidence).toContain('cookie session: still sent at 14:01:41 UTC');
    expect(v.evidence).toContain('localStorage › at: still there (last seen 14:00:50 UTC)');
  });

  it('logout-cleared: storage cleared by the page just before it calls /logout counts; an old removal does not', () => {
    const at1 = access(0, 600);
    const old = access(0, 600, { jti: 'old' });
    const tokens = [
      captured(at1, [delivered('access_token', 0), stored('at', 0.5), stored('at', 99.2, true)]),
      // Removed long before the logout (a page that dropped it): neither cleared by the logout nor left behind.
      captured(old, [stored('legacy', 0.5), stored('legacy', 30, true)]),
    ];
    const v = get(verdictsOf(tokens, [record(`${APP}/logout`, 100, { method: 'POST' })]), 'logout-cleared');
    expect(v.status).toBe('pass');
    expect(v.data).toEqual({ logoutAt: at(100), cleared: ['localStorage › at'], remaining: [] });
    expect(v.evidence[0]).toBe('Logout at 14:01:40 UTC: logout POST /logout');
  });

  it('logout-cleared is unknown without a logout, and a refresh replacing storage is no logout', () => {
    const a1 = access(0, 60);
    const a2 = access(30, 60);
    const tokens = [captured(a1, [stored('at', 1), stored('at', 30, true)]), captured(a2, [stored('at', 30.2)])];
    const v = verdictsOf(tokens);
    expect(get(v, 'logout-cleared').status).toBe('unknown');
    expect(get(v, 'logout-cleared').title).toBe('No logout seen');
    expect(get(v, 'logout-replay').title).toBe('No logout seen: nothing to replay');
  });

  it('logout-replay stays unknown: replay the old token to check (Replay has not landed)', () => {
    const at1 = access(0, 600);
    const tokens = [captured(at1, [stored('at', 1), bearer(`${API}/a`, 2, 200), stored('at', 100, true)])];
    const v = get(verdictsOf(tokens, [record(`${APP}/logout`, 100)]), 'logout-replay');
    expect(v.status).toBe('unknown');
    expect(v.title).toBe('Is the old token still accepted after logout? Replay the old token to check');
    expect(v.data).toEqual({ logoutAt: at(100), candidates: 1 });
  });

  it('clock-skew: pass within ±1 s, info when measurable, fail beyond the bound; unknown without Date', () => {
    const t = captured(access(0, 600), [bearer(`${API}/a`, 1, 200)]);
    const answered = (skew: number) =>
      Array.from({ length: 9 }, (_, i) => {
        const local = at(i * 1.3 + 0.2);
        return record(`${API}/x`, 0, {
          time: local - 20,
          responseTime: local,
          serverDate: Math.floor((local + skew) / 1000) * 1000,
        });
      });
    const within = get(verdictsOf([t], answered(300)), 'clock-skew');
    expect(within.status).toBe('pass');
    expect(within.title).toBe('Server clock within ±1 s of the local clock');
    expect(within.evidence[1]).toContain('1 s resolution');
    const ahead = get(verdictsOf([t], answered(7000)), 'clock-skew');
    expect(ahead.status).toBe('info');
    expect(ahead.title).toBe('Server clock 7 s ahead of the local clock');
    const behind = get(verdictsOf([t], answered(-120_000)), 'clock-skew');
    expect(behind.status).toBe('fail');
    expect(behind.title).toBe('Server clock 2 min behind the local clock');
    expect(get(verdictsOf([t]), 'clock-skew').status).toBe('unknown');
  });

  it('writes times through the injected formatter, and computes verdicts per session', () => {
    const a1 = access(0, 10);
    const other = hs256({ iss: 'https://b.example', sub: 'bob', iat: sec(0), exp: sec(10) }, { typ: 'at+jwt' });
    const timeline = buildTimeline({
      tokens: [captured(a1, [bearer(`${API}/a`, 11, 401)]), captured(other, [bearer('https://b.example/x', 1, 200)])],
      now: at(20),
    });
    const all = timelineVerdicts(timeline, { formatTime: (ms) => `T+${(ms - at(0)) / 1000}` });
    expect(all.map((s) => s.label).sort()).toEqual(['https://b.example', ISS]);
    const mine = all.find((s) => s.label === ISS)!;
    expect(mine.session).toBe(`iss:${ISS}`);
    const expired = mine.verdicts.find((v) => v.id === 'expired-sent')!;
    expect(expired.evidence[0]).toBe("GET /a at T+11, 1 s after alice's exp → 401");
    const theirs = all.find((s) => s.label === 'https://b.example')!;
    expect(theirs.verdicts.find((v) => v.id === 'expired-sent')!.status).toBe('pass');
  });

  it('formats durations and UTC times', () => {
    expect([0.4, 12, 59.6, 60, 90, 3600, 3660, 86_400, 129_600, -2.5].map(durationText)).toEqual([
      '0.4 s',
      '12 s',
      '60 s',
      '1 min',
      '1 min 30 s',
      '1 h',
      '1 h 1 min',
      '1 d',
      '1.5 d',
      '−2.5 s',
    ]);
    expect(utcTime(at(3723.5))).toBe('15:02:03 UTC');
  });
});
