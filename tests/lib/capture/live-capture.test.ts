import { describe, expect, it } from 'vitest';
import { isTokenEndpointRequest, missedNotice } from '../../../lib/capture/response-body.ts';
import { noLongerStored, sightingLabel } from '../../../lib/capture/sighting-label.ts';
import { StorageTracker, tokensInStorage } from '../../../lib/capture/storage-tokens.ts';
import { isSighting } from '../../../lib/capture/validate-capture.ts';
import type { Sighting } from '../../../lib/capture/model.ts';
import { jws } from './mint.ts';

describe('isTokenEndpointRequest', () => {
  it('knows a token request by its grant_type form field or its /token path, POST only', () => {
    const post = (url: string, text?: string) => ({ method: 'POST', url, ...(text ? { postData: { text } } : {}) });
    expect(isTokenEndpointRequest(post('https://idp.test/any', 'grant_type=authorization_code&code=x'))).toBe(true);
    expect(isTokenEndpointRequest(post('https://idp.test/any', 'client_id=a&grant_type=refresh_token'))).toBe(true);
    expect(
      isTokenEndpointRequest({
        method: 'post',
        url: 'https://idp.test/x',
        postData: { params: [{ name: 'grant_type' }] },
      }),
    ).toBe(true);
    expect(isTokenEndpointRequest(post('https://idp.test/oauth2/token'))).toBe(true);
    expect(isTokenEndpointRequest(post('https://idp.test/realms/r/protocol/openid-connect/token/'))).toBe(true);
    expect(isTokenEndpointRequest(post('https://idp.test/tokens'))).toBe(false);
    expect(isTokenEndpointRequest(post('https://idp.test/api', 'my_grant_type=x'))).toBe(false);
    expect(isTokenEndpointRequest({ method: 'GET', url: 'https://idp.test/token' })).toBe(false);
    expect(isTokenEndpointRequest(post('not a url'))).toBe(false);
    expect(isTokenEndpointRequest(undefined as never)).toBe(false);
  });

  it('a missed token response becomes a notice naming where it came from, without the query', () => {
    const n = missedNotice('https://idp.test/token?x=secret', 1);
    expect(n.code).toBe('response-body-missed');
    expect(n.count).toBe(1);
    expect(n.message).toContain('a token response could not be read (latest from https://idp.test/token)');
    expect(n.message).not.toContain('secret');
    expect(missedNotice('https://idp.test/token', 3).message).toMatch(/^3 token responses could not be read/);
  });
});

describe('StorageTracker: a poll reports changes only', () => {
  const at = jws({ sub: 'alice', n: 1 });
  const at2 = jws({ sub: 'alice', n: 2 });
  const user = (token: string) => [{ key: 'oidc.user:idp:spa', value: JSON.stringify({ access_token: token }) }];

  it('reports a token once, a replaced one as added + removed, and a cleared area as removed', () => {
    const tracker = new StorageTracker();
    const first = tracker.update('https://app.test/', tokensInStorage(user(at), 'session'));
    expect(first.added.map((t) => t.token)).toEqual([at]);
    expect(first.removed).toEqual([]);
    expect(tracker.update('https://app.test/cb', tokensInStorage(user(at), 'session'))).toEqual({
      added: [],
      removed: [],
    });
    const refreshed = tracker.update('https://app.test/', tokensInStorage(user(at2), 'session'));
    expect(refreshed.added.map((t) => t.token)).toEqual([at2]);
    expect(refreshed.removed.map((t) => [t.token, t.location])).toEqual([
      [at, { kind: 'storage', area: 'session', name: 'oidc.user:idp:spa', jsonPath: 'access_token' }],
    ]);
    expect(tracker.update('https://app.test/', []).removed.map((t) => t.token)).toEqual([at2]);
  });

  it("another origin's storage removes nothing from the first", () => {
    const tracker = new StorageTracker();
    tracker.update('https://app.test/', tokensInStorage(user(at), 'session'));
    expect(tracker.update('https://idp.test/login', [])).toEqual({ added: [], removed: [] });
    expect(tracker.update('https://app.test/', tokensInStorage(user(at), 'session'))).toEqual({
      added: [],
      removed: [],
    });
  });
});

describe('removed storage sightings', () => {
  const location = { kind: 'storage', area: 'session', name: 'k', jsonPath: 'access_token' } as const;
  const stored: Sighting = { direction: 'stored', via: 'page-storage', location, time: Date.UTC(2026, 0, 1, 12) };
  const removed: Sighting = { ...stored, time: stored.time + 5000, removed: true };

  it('are valid on stored sightings only', () => {
    expect(isSighting(removed)).toBe(true);
    expect(isSighting({ ...removed, removed: false })).toBe(false);
    expect(isSighting({ ...removed, direction: 'response' })).toBe(false);
  });

  it('say when the token left, and a token whose every storage place was emptied is no longer stored', () => {
    const time = new Date(removed.time).toTimeString().slice(0, 8);
    expect(sightingLabel(removed)).toBe(`sessionStorage › k › access_token (removed from sessionStorage at ${time})`);
    expect(noLongerStored([stored])).toBe(false);
    expect(noLongerStored([stored, removed])).toBe(true);
    expect(noLongerStored([stored, removed, { ...stored, time: removed.time + 1 }])).toBe(false);
    const elsewhere: Sighting = { ...stored, location: { ...location, area: 'local' } };
    expect(noLongerStored([stored, elsewhere, removed])).toBe(false);
    const sent: Sighting = {
      ...stored,
      direction: 'request',
      via: 'webrequest',
      location: { kind: 'header', name: 'Authorization' },
    };
    expect(noLongerStored([sent])).toBe(false);
  });
});
