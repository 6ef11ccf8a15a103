import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../lib/capture/model.ts';
import { decodeToken } from '../../../lib/decode-token.ts';
import { idTokenChecks } from '../../../lib/oauth/id-checks.ts';
import {
  addAuthorizeRequest,
  authorizeRequestOf,
  linkTokens,
  MAX_AUTHORIZE_REQUESTS,
  MAX_AUTHORIZE_URL,
  type AuthorizeRequest,
} from '../../../lib/oauth/index.ts';
import { inTokenResponse, rs256 } from './mint.ts';

const OP = 'https://op.example.com';
const T = 1_800_000_000;
const AUTH = `${OP}/authorize`;

describe('authorizeRequestOf', () => {
  it('reads a code + PKCE authorize URL with a nonce', () => {
    const url = `${AUTH}?client_id=spa&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&response_type=code&scope=openid%20profile&state=s1&nonce=n-1&code_challenge=abc&code_challenge_method=S256`;
    expect(authorizeRequestOf(url)).toEqual({
      url,
      origin: OP,
      clientId: 'spa',
      responseType: 'code',
      nonce: 'n-1',
      state: 's1',
      redirectUri: 'https://app.example.com/cb',
      scope: 'openid profile',
    });
  });

  it('reads one without a nonce, and response_type / response_mode variants', () => {
    const plain = authorizeRequestOf(`${AUTH}?response_type=code&client_id=spa`);
    expect(plain).toMatchObject({ clientId: 'spa', responseType: 'code' });
    expect(plain && 'nonce' in plain).toBe(false);
    expect(authorizeRequestOf(`${AUTH}?response_type=code+id_token&client_id=c&nonce=x`)).toMatchObject({
      responseType: 'code id_token',
      nonce: 'x',
    });
    expect(authorizeRequestOf(`${AUTH}?response_type=id_token%20token&client_id=c&nonce=x`)?.responseType).toBe(
      'id_token token',
    );
    expect(authorizeRequestOf(`${AUTH}?response_type=code&response_mode=jwt&client_id=c&state=st`)?.responseMode).toBe(
      'jwt',
    );
  });

  it('reads a PAR front-channel request (request_uri, no response_type)', () => {
    const r = authorizeRequestOf(`${AUTH}?client_id=spa&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aq1`);
    expect(r).toMatchObject({
      clientId: 'spa',
      responseType: '',
      requestUri: 'urn:ietf:params:oauth:request_uri:q1',
    });
    expect(r && 'nonce' in r).toBe(false);
  });

  it('is undefined for junk and for URLs that are not authorize requests', () => {
    for (const junk of [
      undefined,
      null,
      42,
      {},
      '',
      'not a url ?client_id=x&response_type=code',
      `${AUTH}?client_id=spa`,
      `${AUTH}?response_type=code`,
      `${AUTH}?client_id=&response_type=code`,
      `${OP}/token?grant_type=authorization_code&code=c`,
      `javascript:alert(1)//?client_id=x&response_type=code`,
      `data:text/plain,?client_id=x&response_type=code`,
      `${AUTH}#client_id=x&response_type=code`,
      `${AUTH}?client_id=${'x'.repeat(2000)}&response_type=code`,
    ])
      expect(authorizeRequestOf(junk)).toBeUndefined();
  });

  it('keeps at most 4 KiB of the URL (a nonce beyond the cut is not read)', () => {
    const long = `${AUTH}?client_id=spa&response_type=code&pad=${'p'.repeat(5000)}&nonce=late`;
    const r = authorizeRequestOf(long)!;
    expect(r.url).toHaveLength(MAX_AUTHORIZE_URL);
    expect(long.startsWith(r.url)).toBe(true);
    expect(r.nonce).toBeUndefined();
  });
});

describe('addAuthorizeRequest', () => {
  it('keeps the newest 100, a repeated URL once (moved last)', () => {
    let list: readonly AuthorizeRequest[] = [];
    for (let i = 0; i < 150; i++)
      list = addAuthorizeRequest(list, authorizeRequestOf(`${AUTH}?client_id=spa&response_type=code&nonce=n${i}`)!);
    expect(list).toHaveLength(MAX_AUTHORIZE_REQUESTS);
    expect(list[0]!.nonce).toBe('n50');
    expect(list.at(-1)!.nonce).toBe('n149');
    list = addAuthorizeRequest(list, list[0]!);
    expect(list).toHaveLength(MAX_AUTHORIZE_REQUESTS);
    expect(list.at(-1)!.nonce).toBe('n50');
    expect(list.filter((r) => r.nonce === 'n50')).toHaveLength(1);
  });
});

describe('linkTokens with authorize requests', () => {
  const idToken = (over: object = {}) => rs256({ iss: OP, sub: 'alice', aud: 'spa', nonce: 'n-7', iat: T, ...over });
  const link = (token: string, requests: AuthorizeRequest[]) =>
    linkTokens(
      [
        {
          token,
          decoded: decodeToken(token),
          sightings: [inTokenResponse('id_token', `${OP}/token`, T * 1000) as Sighting],
        },
      ],
      { authorizeRequests: requests },
    );
  const req = (query: string) => authorizeRequestOf(`${AUTH}?response_type=code&${query}`)!;

  it('matches the ID token nonce and client (aud) and lists the request it answers', () => {
    const id = idToken();
    const mine = req('client_id=spa&nonce=n-7&state=s');
    const links = link(id, [req('client_id=spa&nonce=n-1'), mine]);
    expect(links.peers.get(id)?.nonces).toEqual({ seen: 2, matched: true });
    expect(links.authorizeRequests.get(id)).toEqual([mine]);
    expect(links.peers.get(id)?.clientIds).toEqual(['spa']);
    expect(
      idTokenChecks({
        claims: decodeToken(id).payload as Record<string, unknown>,
        atHashes: [],
        cHashes: [],
        ...links.peers.get(id),
      }).find((c) => c.rule === 'id-nonce-mismatch')?.status,
    ).toBe('pass');
  });

  it('fails when no request for its client carried its nonce', () => {
    const id = idToken();
    const links = link(id, [req('client_id=spa&nonce=n-1')]);
    expect(links.peers.get(id)?.nonces).toEqual({ seen: 1, matched: false });
    expect(links.authorizeRequests.has(id)).toBe(false);
  });

  it('fails when the nonce is that of another client (aud is not its client_id)', () => {
    const id = idToken();
    const links = link(id, [req('client_id=other-app&nonce=n-7')]);
    expect(links.peers.get(id)?.nonces).toEqual({ seen: 0, matched: false, otherClient: 'other-app' });
    expect(links.authorizeRequests.has(id)).toBe(false);
    const check = idTokenChecks({
      claims: decodeToken(id).payload as Record<string, unknown>,
      atHashes: [],
      cHashes: [],
      nonces: links.peers.get(id)!.nonces!,
    }).find((c) => c.rule === 'id-nonce-mismatch')!;
    expect(check.status).toBe('fail');
    expect(check.message).toContain('"other-app"');
  });

  it('leaves the nonce unchecked without requests, and ignores junk records', () => {
    const id = idToken();
    const links = link(id, [null, {}, { clientId: 42 }] as unknown as AuthorizeRequest[]);
    expect(links.peers.get(id)?.nonces).toBeUndefined();
    expect(links.authorizeRequests.size).toBe(0);
  });
});
