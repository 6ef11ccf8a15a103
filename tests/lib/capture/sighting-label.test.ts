import { describe, expect, it } from 'vitest';
import { travelOf } from '../../../lib/capture/legacy.ts';
import { pasteSighting, type Sighting } from '../../../lib/capture/model.ts';
import {
  awaitsStatus,
  isPasted,
  isSent,
  sightingLabel,
  sightingOrigin,
  sightingSource,
} from '../../../lib/capture/sighting-label.ts';

const s = (over: Partial<Sighting>): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location: { kind: 'header', name: 'Authorization' },
  time: 0,
  ...over,
});

describe('sightingLabel: labels derived from the structure', () => {
  it.each<[Partial<Sighting>, string, string]>([
    [{}, 'Authorization', 'header'],
    [
      { location: { kind: 'header', name: 'Authorization', scheme: 'Basic', credential: 'password' } },
      'Authorization (Basic password)',
      'header',
    ],
    [
      {
        direction: 'response',
        location: { kind: 'header', name: 'Location', url: { kind: 'fragment', name: 'id_token' } },
      },
      'Location › id_token',
      'url',
    ],
    [{ location: { kind: 'cookie', name: 'sid' } }, 'sid', 'cookie'],
    [{ direction: 'response', location: { kind: 'set-cookie', name: 'sid' } }, 'sid', 'set-cookie'],
    [{ location: { kind: 'query', name: 'access_token' } }, 'access_token', 'url'],
    [{ location: { kind: 'path', name: 'path' } }, 'path', 'url'],
    [{ location: { kind: 'form-body', name: 'assertion' } }, 'assertion', 'body'],
    [{ location: { kind: 'form-body', name: 'meta', jsonPath: 'token' } }, 'meta.token', 'body'],
    [
      {
        direction: 'response',
        via: 'devtools-network',
        location: { kind: 'json-body', name: 'token', jsonPath: 'a.b.token' },
      },
      'response › a.b.token',
      'body',
    ],
    [{ location: { kind: 'json-body', name: 'token', jsonPath: 'a.token' } }, 'a.token', 'body'],
    [{ direction: 'response', location: { kind: 'text-body', name: 'body' } }, 'response › body', 'body'],
    [
      { direction: 'stored', via: 'page-storage', location: { kind: 'storage', area: 'local', name: 'auth' } },
      'localStorage › auth',
      'local-storage',
    ],
    [
      {
        direction: 'stored',
        via: 'page-storage',
        location: { kind: 'storage', area: 'session', name: 'oidc', jsonPath: 'id_token' },
      },
      'sessionStorage › oidc › id_token',
      'session-storage',
    ],
    [pasteSighting(0), 'paste', 'pasted'],
  ])('%j is labelled %j (source %s)', (over, label, source) => {
    expect(sightingLabel(s(over))).toBe(label);
    expect(sightingSource(s(over))).toBe(source);
  });
});

describe('what a sighting is', () => {
  const jar = s({
    direction: 'stored',
    via: 'cookie-jar',
    location: { kind: 'cookie', name: 'sid' },
    url: 'https://app.test/',
  });
  const storage = s({
    direction: 'stored',
    via: 'page-storage',
    location: { kind: 'storage', area: 'local', name: 'k' },
  });
  const body = s({
    direction: 'response',
    via: 'devtools-network',
    location: { kind: 'json-body', name: 'a', jsonPath: 'a' },
    status: 200,
  });

  it('says only a webRequest request without an answer yet is pending', () => {
    expect(awaitsStatus(s({ url: 'https://x.test/' }))).toBe(true);
    expect(awaitsStatus(s({ status: 401 }))).toBe(false);
    expect(awaitsStatus(storage)).toBe(false);
    expect(awaitsStatus(jar)).toBe(false);
    expect(awaitsStatus(pasteSighting(1))).toBe(false);
  });

  it('tells requests from responses, stored copies and pastes', () => {
    expect([s({}), body, jar, storage, pasteSighting(0)].map(isSent)).toEqual([true, false, false, false, false]);
    expect([s({}), body, jar, storage, pasteSighting(0)].map(sightingOrigin)).toEqual([
      'request',
      'response',
      'cookie jar',
      'storage',
      'pasted',
    ]);
    expect(isPasted(pasteSighting(0))).toBe(true);
    expect(isPasted(jar)).toBe(false);
  });
});

describe('travelOf: a v3-style rule context is read as a location', () => {
  it('maps source and name, and leaves a v4 context alone', () => {
    expect(travelOf({ source: 'local-storage', name: 'k › a.b' })).toEqual({
      direction: 'stored',
      via: 'page-storage',
      location: { kind: 'storage', area: 'local', name: 'k', jsonPath: 'a.b' },
    });
    expect(travelOf({ source: 'url', name: 'code', url: 'https://x.test/cb#code=1' }).location).toEqual({
      kind: 'fragment',
      name: 'code',
    });
    expect(travelOf({ source: 'header', name: 'Authorization' }).direction).toBe('request');
    const v4 = { direction: 'response' as const, location: { kind: 'set-cookie' as const, name: 'sid' } };
    expect(travelOf(v4)).toBe(v4);
    expect(travelOf({})).toEqual({});
  });
});
