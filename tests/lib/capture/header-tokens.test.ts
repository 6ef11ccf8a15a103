import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { tokensInBasicAuth, tokensInResponseHeaders } from '../../../lib/capture/header-tokens.ts';
import { jws } from './mint.ts';

describe('tokensInResponseHeaders', () => {
  it('gathers Set-Cookie, Location and other headers, each with its own source', () => {
    const c = jws();
    const l = jws();
    const h = jws();
    const found = tokensInResponseHeaders(
      [
        { name: 'Set-Cookie', value: `sid=${c}; Secure; HttpOnly` },
        { name: 'Location', value: `/cb#id_token=${l}` },
        { name: 'X-Refreshed-Token', value: h },
        { name: 'Content-Type', value: 'application/json' },
        { name: 'X-Empty' },
      ],
      'https://idp.test/authorize',
    );
    expect(found.map((f) => [f.location.kind, f.location.name, f.token])).toEqual([
      ['set-cookie', 'sid', c],
      ['header', 'Location', l],
      ['header', 'X-Refreshed-Token', h],
    ]);
    expect(found[1]).toMatchObject({
      url: `https://idp.test/cb#id_token=${l}`,
      location: { url: { kind: 'fragment', name: 'id_token' } },
    });
  });

  it('returns nothing for hostile input', () => {
    expect(tokensInResponseHeaders(undefined as never)).toEqual([]);
    expect(tokensInResponseHeaders([null as never, { name: 5 as never, value: jws() }])).toEqual([]);
  });
});

describe('tokensInBasicAuth', () => {
  it('finds a JWT hidden in Basic credentials', () => {
    const t = jws();
    const value = `Basic ${Buffer.from(`x-token-auth:${t}`).toString('base64')}`;
    expect(tokensInBasicAuth([{ name: 'authorization', value }])).toEqual([
      { token: t, location: { kind: 'header', name: 'authorization', scheme: 'Basic', credential: 'password' } },
    ]);
    const proxy = `basic ${Buffer.from(`${t}:`).toString('base64url')}`;
    expect(tokensInBasicAuth([{ name: 'Proxy-Authorization', value: proxy }])).toEqual([
      { token: t, location: { kind: 'header', name: 'Proxy-Authorization', scheme: 'basic', credential: 'user' } },
    ]);
  });

  it('ignores Bearer, other headers and malformed base64', () => {
    const t = jws();
    expect(
      tokensInBasicAuth([
        { name: 'Authorization', value: `Bearer ${t}` },
        { name: 'X-Basic', value: `Basic ${Buffer.from(`u:${t}`).toString('base64')}` },
        { name: 'Authorization', value: 'Basic !!!' },
        { name: 'Authorization', value: 'Basic a' },
        { name: 'Authorization', value: 'Basic dXNlcjpwYXNz' },
      ]),
    ).toEqual([]);
  });
});
