import { describe, expect, it } from 'vitest';
import { parseCookieHeader, tokensInRequestHeaders } from '../../../lib/capture/parse-headers.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const tok = (sub: string) => `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify({ sub }))}.c2ln`;

describe('request headers', () => {
  it('splits cookies and unquotes values', () => {
    expect(parseCookieHeader('a=1; b="two"; =x; c; d=a=b')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: 'two' },
      { name: 'd', value: 'a=b' },
    ]);
  });

  it('finds tokens in Authorization (any scheme or none), in every cookie, and in custom headers', () => {
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(tok);
    const found = tokensInRequestHeaders([
      { name: 'Authorization', value: `Bearer ${a}` },
      { name: 'Cookie', value: `theme=dark; session=${b}; third=${c}` },
      { name: 'X-Access-Token', value: d! },
      { name: 'DPoP', value: e! },
      { name: 'Accept', value: 'text/html' },
      { name: 'X-Empty' },
    ]);
    expect(found).toEqual([
      { token: a, location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' } },
      { token: b, location: { kind: 'cookie', name: 'session' } },
      { token: c, location: { kind: 'cookie', name: 'third' } },
      { token: d, location: { kind: 'header', name: 'X-Access-Token' } },
      { token: e, location: { kind: 'header', name: 'DPoP' } },
    ]);
    expect(tokensInRequestHeaders([{ name: 'authorization', value: a! }])).toEqual([
      { token: a, location: { kind: 'header', name: 'authorization' } },
    ]);
    expect(tokensInRequestHeaders([{ name: 'Authorization', value: `DPoP ${a}` }])).toEqual([
      { token: a, location: { kind: 'header', name: 'Authorization', scheme: 'DPoP' } },
    ]);
  });

  it('finds a JWT inside Basic credentials, saying which half held it', () => {
    const [a, b] = ['a', 'b'].map(tok);
    const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;
    expect(tokensInRequestHeaders([{ name: 'Authorization', value: basic(`x-token-auth:${a}`) }])).toEqual([
      { token: a, location: { kind: 'header', name: 'Authorization', scheme: 'Basic', credential: 'password' } },
    ]);
    expect(tokensInRequestHeaders([{ name: 'Proxy-Authorization', value: basic(`${b}:secret`) }])).toEqual([
      { token: b, location: { kind: 'header', name: 'Proxy-Authorization', scheme: 'Basic', credential: 'user' } },
    ]);
    // Plain Basic credentials hold no token; a token-shaped header elsewhere is not read as Basic.
    expect(tokensInRequestHeaders([{ name: 'Authorization', value: basic('alice:hunter2') }])).toEqual([]);
    expect(tokensInRequestHeaders([{ name: 'X-Basic', value: basic(`u:${a}`) }])).toEqual([]);
  });
});
