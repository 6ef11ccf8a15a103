import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../lib/capture/model.ts';
import { decodeToken } from '../../../lib/decode-token.ts';
import { inspect } from '../../../lib/inspect/index.ts';
import { linkTokens, relateTokens, type RelatableToken } from '../../../lib/oauth/index.ts';
import { ath, dpopProof, halfHash, inTokenResponse, rs256, sentIn } from './mint.ts';

const T = 1_800_000_000;
const OP = 'https://op.example.com';
const API = 'https://api.example.com/orders';
const item = (token: string, sightings: Sighting[]): RelatableToken => ({
  token,
  decoded: decodeToken(token),
  sightings,
});
const at = (iat: number, over: object = {}) =>
  rs256(
    { iss: OP, sub: 'alice', aud: 'https://api.example.com', client_id: 'spa', iat, exp: iat + 300, ...over },
    { typ: 'at+jwt' },
  );

describe('relateTokens', () => {
  it('chains three refreshed access tokens: each replaces the one before, issued by a refresh grant', () => {
    const [a, b, c] = [at(T), at(T + 300), at(T + 600)];
    const refresh = rs256({ iss: OP, sub: 'alice', azp: 'spa', iat: T, typ: 'Refresh' });
    const tokens = [
      item(c, [inTokenResponse('access_token', `${OP}/token`, (T + 600) * 1000 + 50)]),
      item(a, [
        inTokenResponse('access_token', `${OP}/token`, T * 1000),
        sentIn('Authorization', API, T * 1000 + 10, { scheme: 'Bearer' }),
      ]),
      item(b, [inTokenResponse('access_token', `${OP}/token`, (T + 300) * 1000 + 50)]),
      item(refresh, [
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'form-body', name: 'refresh_token' },
          method: 'POST',
          url: `${OP}/token`,
          time: (T + 300) * 1000,
          requestId: 'g1',
        },
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'form-body', name: 'refresh_token' },
          method: 'POST',
          url: `${OP}/token`,
          time: (T + 600) * 1000,
          requestId: 'g2',
        },
      ]),
    ];
    const rel = relateTokens(tokens).filter((r) => r.relation === 'replaces' || r.relation === 'replaced-by');
    expect(rel.map((r) => [r.from, r.relation, r.to])).toEqual([
      [b, 'replaces', a],
      [a, 'replaced-by', b],
      [c, 'replaces', b],
      [b, 'replaced-by', c],
    ]);
    expect(rel[0]!.reason).toBe('same issuer, subject and client; issued by a refresh grant');
  });

  it('says the new token appeared while the old one was in use, when no grant was seen', () => {
    const [a, b] = [at(T), at(T + 60)];
    const rel = relateTokens([
      item(a, [sentIn('Authorization', API, T * 1000 + 1000, { scheme: 'Bearer' })]),
      item(b, [sentIn('Authorization', API, (T + 60) * 1000, { scheme: 'Bearer' })]),
    ]);
    expect(rel[0]).toMatchObject({ from: b, relation: 'replaces', to: a });
    expect(rel[0]!.reason).toContain('appeared while the old one was still in use');
  });

  it('keeps tokens of other subjects, clients or audiences out of a chain', () => {
    const tokens = [
      at(T),
      at(T + 1, { sub: 'bob' }),
      at(T + 2, { client_id: 'other' }),
      at(T + 3, { aud: 'https://b.example.com' }),
    ];
    expect(relateTokens(tokens.map((t) => item(t, [])))).toEqual([]);
  });

  it('links a DPoP proof to its access token by ath and by the request they shared', () => {
    const token = at(T, { cnf: { jkt: 'k' } });
    const byAth = dpopProof({ jti: '1', htm: 'GET', htu: API, iat: T, ath: ath(token) });
    const sameRequest = dpopProof({ jti: '2', htm: 'GET', htu: API, iat: T });
    const links = linkTokens([
      item(token, [sentIn('Authorization', API, T * 1000, { scheme: 'DPoP', requestId: 'r2' })]),
      item(byAth, [sentIn('DPoP', API, T * 1000 - 5000, { requestId: 'r1' })]),
      item(sameRequest, [sentIn('DPoP', API, T * 1000, { requestId: 'r2' })]),
    ]);
    const rel = links.relations.map((r) => [r.from, r.relation, r.to]);
    expect(rel).toEqual(
      expect.arrayContaining([
        [byAth, 'dpop-proof-for', token],
        [token, 'proved-by', byAth],
        [sameRequest, 'dpop-proof-for', token],
        [token, 'proved-by', sameRequest],
      ]),
    );
    expect(links.byToken.get(byAth)![0]!.reason).toContain('ath is the SHA-256 of the access token');
    expect(links.byToken.get(sameRequest)![0]!.reason).toBe('sent together in one request');
    expect(links.peers.get(sameRequest)?.accessTokens).toEqual([token]);
  });

  it('binds an ID token to its access token by at_hash and by the token response they came in', () => {
    const token = at(T);
    const id = rs256({ iss: OP, sub: 'alice', aud: 'spa', nonce: 'n', iat: T, at_hash: halfHash('RS256', token) });
    const response = `${OP}/token`;
    const links = linkTokens([
      item(id, [inTokenResponse('id_token', response, T * 1000)]),
      item(token, [inTokenResponse('access_token', response, T * 1000)]),
    ]);
    expect(links.byToken.get(id)).toEqual([
      {
        from: id,
        to: token,
        relation: 'bound-access-token',
        reason: 'issued in the same response; at_hash matches (OIDC Core §3.1.3.6)',
      },
    ]);
    expect(links.byToken.get(token)![0]).toMatchObject({ relation: 'bound-id-token', to: id });
    expect(links.peers.get(id)?.issuedAccessTokens).toEqual([token]);
  });

  it('links an ID token to the authorize request that carried its nonce, and says whether the nonce was seen', () => {
    const request = rs256(
      { iss: 'spa', aud: OP, client_id: 'spa', nonce: 'n-42', response_type: 'code' },
      { typ: 'oauth-authz-req+jwt' },
    );
    const id = rs256({ iss: OP, sub: 'alice', aud: 'spa', nonce: 'n-42', iat: T });
    const stray = rs256({ iss: OP, sub: 'alice', aud: 'spa', nonce: 'n-other', iat: T + 1 });
    const links = linkTokens([
      item(request, [
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'query', name: 'request' },
          url: `${OP}/authorize?client_id=spa&request=x`,
          time: T * 1000,
        },
      ]),
      item(id, [inTokenResponse('id_token', `${OP}/token`, T * 1000 + 500)]),
      item(stray, [inTokenResponse('id_token', `${OP}/token`, T * 1000 + 900)]),
    ]);
    expect(links.byToken.get(id)).toContainEqual(
      expect.objectContaining({ relation: 'authorize-request', to: request }),
    );
    expect(links.byToken.get(request)).toContainEqual(expect.objectContaining({ relation: 'bound-id-token', to: id }));
    expect(links.peers.get(id)?.nonces).toEqual({ seen: 1, matched: true });
    expect(links.peers.get(stray)?.nonces).toEqual({ seen: 1, matched: false });
    expect(links.peers.get(id)?.clientIds).toEqual(['spa']);
  });

  it('reads the nonce of an authorize URL seen on any sighting', async () => {
    const hint = rs256({ iss: OP, sub: 'alice', aud: 'spa', iat: T - 100, auth_time: 1 });
    const id = rs256({ iss: OP, sub: 'alice', aud: 'spa', nonce: 'wrong', iat: T });
    const links = linkTokens([
      item(hint, [
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'query', name: 'id_token_hint' },
          url: `${OP}/authorize?client_id=spa&nonce=right&id_token_hint=x`,
          time: T * 1000,
        },
      ]),
      item(id, [inTokenResponse('id_token', `${OP}/token`, T * 1000 + 500)]),
    ]);
    const i = await inspect(id, { peers: links.peers.get(id)! });
    expect(i.findings.map((f) => f.rule)).toContain('id-nonce-mismatch');
  });

  it('reads nonces from request URLs seen without a token (the authorize navigation)', () => {
    const id = rs256({ iss: OP, sub: 'alice', aud: 'spa', nonce: 'n-7', iat: T });
    const tokens = [item(id, [inTokenResponse('id_token', `${OP}/token`, T * 1000)])];
    expect(linkTokens(tokens).peers.get(id)?.nonces).toBeUndefined();
    const urls = [`${OP}/authorize?client_id=spa&response_type=code&nonce=n-7&state=s`];
    expect(linkTokens(tokens, { urls }).peers.get(id)?.nonces).toEqual({ seen: 1, matched: true });
    const other = [`${OP}/authorize?client_id=spa&nonce=n-8`];
    expect(linkTokens(tokens, { urls: other }).peers.get(id)?.nonces).toEqual({ seen: 1, matched: false });
    expect(
      linkTokens(tokens, { urls: [`${OP}/authorize?client_id=another&nonce=n-8`] }).peers.get(id)?.nonces,
    ).toBeUndefined();
  });

  it('links an ID token to the JARM response whose code its c_hash binds', () => {
    const jarm = rs256({ iss: OP, aud: 'spa', exp: T + 60, code: 'the-code', state: 's' });
    const id = rs256({ iss: OP, sub: 'alice', aud: 'spa', nonce: 'n', iat: T, c_hash: halfHash('RS256', 'the-code') });
    const links = linkTokens([
      item(jarm, [
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'query', name: 'response' },
          url: `https://rp.example.com/cb?response=x`,
          time: T * 1000,
        },
      ]),
      item(id, [inTokenResponse('id_token', `${OP}/token`, T * 1000 + 500)]),
    ]);
    expect(links.byToken.get(id)).toContainEqual(
      expect.objectContaining({ relation: 'authorization-response', to: jarm }),
    );
    expect(links.peers.get(id)?.codes).toEqual(['the-code']);
  });

  it('stays linear on 10,000 tokens (indexes, no pairwise scan) and never throws on junk', () => {
    const tokens: RelatableToken[] = [];
    for (let n = 0; n < 10_000; n++)
      tokens.push({
        token: `t${n}`,
        decoded: {
          header: { alg: 'RS256', typ: 'at+jwt' },
          payload: { iss: OP, sub: `u${n % 100}`, client_id: 'spa', aud: 'a', iat: T + n },
        },
        sightings: [sentIn('Authorization', API, (T + n) * 1000, { scheme: 'Bearer', requestId: `r${n}` })],
      });
    const links = linkTokens(tokens);
    // 100 subjects × 99 links × 2 directions.
    expect(links.relations).toHaveLength(100 * 99 * 2);
    expect(() =>
      linkTokens([
        null as never,
        { token: 5 } as never,
        { token: 'x', decoded: null as never, sightings: null as never },
      ]),
    ).not.toThrow();
  });
});

describe('findings once per location', () => {
  const token = at(T);
  it('one token-in-url for one URL seen three ways', async () => {
    const u = `https://rp.example.com/cb#access_token=${token}`;
    const i = await inspect(token, {
      now: T,
      sightings: [
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'fragment', name: 'access_token' },
          url: u,
          time: T * 1000,
        },
        {
          direction: 'response',
          via: 'webrequest',
          location: { kind: 'header', name: 'Location', url: { kind: 'fragment', name: 'access_token' } },
          url: u,
          time: T * 1000 + 1,
        },
        {
          direction: 'stored',
          via: 'page-storage',
          location: { kind: 'storage', area: 'session', name: 'tokens' },
          url: u,
          time: T * 1000 + 2,
        },
      ],
    });
    const found = i.findings.filter((f) => f.rule === 'token-in-url');
    expect(found).toHaveLength(1);
    expect(found[0]!.count).toBe(3);
  });
  it('one sent-over-http per origin, however many paths', async () => {
    const i = await inspect(token, {
      now: T,
      sightings: ['/a', '/b', '/c']
        .map((p, n) => sentIn('Authorization', `http://api.example.com${p}`, T * 1000 + n, { scheme: 'Bearer' }))
        .concat([sentIn('Authorization', 'http://other.example.com/a', T * 1000, { scheme: 'Bearer' })]),
    });
    const found = i.findings.filter((f) => f.rule === 'sent-over-http');
    expect(found.map((f) => f.count)).toEqual([3, 1]);
  });
});

describe('sensitive-data and OIDC profile claims', () => {
  const profile = {
    email: 'alice@example.com',
    phone_number: '+1 555 123 4567',
    name: 'Alice',
    address: { street_address: '1 Main St' },
  };
  it('expects the standard profile claims in an ID token but still flags a password', async () => {
    const id = rs256({ iss: OP, sub: 'alice', aud: 'spa', nonce: 'n', ...profile, password: 'hunter2' });
    const found = (await inspect(id)).findings.filter((f) => f.rule === 'sensitive-data');
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining('Claim "password"')]);
  });
  it('keeps flagging an email in an access token', async () => {
    const found = (await inspect(at(T, profile))).findings.filter((f) => f.rule === 'sensitive-data');
    expect(found.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringContaining('Claim "email"')]));
  });
});
