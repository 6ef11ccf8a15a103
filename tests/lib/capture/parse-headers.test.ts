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
      { token: a, source: 'header', name: 'Authorization' },
      { token: b, source: 'cookie', name: 'session' },
      { token: c, source: 'cookie', name: 'third' },
      { token: d, source: 'header', name: 'X-Access-Token' },
      { token: e, source: 'header', name: 'DPoP' },
    ]);
    expect(tokensInRequestHeaders([{ name: 'authorization', value: a! }])).toEqual([
      { token: a, source: 'header', name: 'authorization' },
    ]);
  });
});
