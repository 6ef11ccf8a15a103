import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../lib/capture/model.ts';
import { sightingFindings } from '../../lib/inspect/index.ts';
import { RULES } from '../../lib/index.ts';

const NOW = 1_800_000_000;
const b64 = (s: string) => Buffer.from(s).toString('base64url');
const token = (claims: object) => `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify(claims))}.c2ln`;
const at = (secondsFromNow: number) => (NOW + secondsFromNow) * 1000;
const header = (patch: Partial<Sighting> = {}): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location: { kind: 'header', name: 'Authorization' },
  method: 'GET',
  url: 'https://app.example.com/api/me',
  initiator: 'https://app.example.com',
  time: at(0),
  status: 200,
  ...patch,
});
const rules = (t: string, payload: object, sightings: Sighting[], pageUrl?: string) =>
  sightingFindings(t, payload, sightings, { now: NOW, pageUrl }).map((f) => [f.rule, f.severity]);

describe('sightingFindings', () => {
  const fresh = { sub: 'a', aud: 'https://api.example.com', exp: NOW + 600 };

  it('stays silent for a bearer token sent over HTTPS to its own site', () => {
    expect(rules(token(fresh), fresh, [header()])).toEqual([]);
  });

  it('judges each distinct sighting: HTTP, URL, weak cookie, web storage', () => {
    const t = token(fresh);
    const found = rules(t, fresh, [
      header({ url: 'http://app.example.com/api/me' }),
      header({
        location: { kind: 'query', name: 'access_token' },
        url: `https://app.example.com/cb?access_token=${t}`,
      }),
      header({
        direction: 'response',
        location: { kind: 'set-cookie', name: 'session' },
        cookieAttributes: { httpOnly: false, secure: false },
      }),
      header({
        direction: 'stored',
        via: 'page-storage',
        location: { kind: 'storage', area: 'local', name: 'auth' },
        url: 'https://app.example.com/',
        method: undefined,
        status: undefined,
      }),
    ]);
    expect(found.map(([r]) => r).sort()).toEqual(
      [
        'cookie-not-httponly',
        'cookie-not-secure',
        'cookie-samesite-weak',
        'sent-over-http',
        'token-in-url',
        'web-storage',
      ].sort(),
    );
  });

  it('flags a bearer token sent to another site that is not its audience, once per host', () => {
    const sightings = [
      header({ url: 'https://collector.analytics.test/v1/t' }),
      header({ url: 'https://collector.analytics.test/v1/u' }),
      header({ url: 'https://api.example.com/orders' }), // same site as the page
    ];
    const f = sightingFindings(token(fresh), fresh, sightings, { now: NOW });
    expect(f.map((x) => x.rule)).toEqual(['third-party-recipient']);
    expect(f[0]!.message).toContain('"collector.analytics.test"');
    // Named in aud: not a third party.
    const aud = { ...fresh, aud: ['https://collector.analytics.test'] };
    expect(rules(token(aud), aud, sightings)).toEqual([]);
  });

  it('says an expired token is still being sent, and what the server answered', () => {
    const claims = { sub: 'a', exp: NOW - 7200 };
    const t = token(claims);
    const rejected = sightingFindings(t, claims, [header({ status: 401 }), header({ status: 401 })], { now: NOW });
    const sent = rejected.find((f) => f.rule === 'expired-token-sent')!;
    expect(sent.severity).toBe('low');
    expect(sent.message).toContain('Sent 2 times after it expired');
    expect(sent.message).toContain('401 ×2');

    const accepted = sightingFindings(t, claims, [header({ status: 401 }), header({ status: 200 })], { now: NOW });
    const bad = accepted.find((f) => f.rule === 'expired-token-sent')!;
    expect(bad.severity).toBe('high');
    expect(bad.message).toContain('the server accepted it');
    // A sighting from before exp does not count; nor do the cookie jar, a response body, storage or a paste.
    const early = sightingFindings(
      t,
      claims,
      [
        header({ time: at(-8000) }),
        header({
          direction: 'stored',
          via: 'cookie-jar',
          location: { kind: 'cookie', name: 'sid' },
          status: undefined,
        }),
        header({
          direction: 'response',
          via: 'devtools-network',
          location: { kind: 'json-body', name: 'access_token', jsonPath: 'access_token' },
        }),
        header({
          direction: 'stored',
          via: 'page-storage',
          location: { kind: 'storage', area: 'session', name: 'at' },
          status: undefined,
        }),
        header({ direction: 'input', via: 'paste', location: { kind: 'paste', name: 'paste' }, status: undefined }),
      ],
      { now: NOW },
    );
    expect(early.map((f) => f.rule)).not.toContain('expired-token-sent');
  });

  it('has catalogue entries for its rules', () => {
    for (const id of ['third-party-recipient', 'expired-token-sent']) {
      const r = RULES.find((x) => x.id === id)!;
      expect(r.explanation.length).toBeGreaterThan(50);
      expect(r.reference).toMatch(/RFC/);
    }
  });
});
