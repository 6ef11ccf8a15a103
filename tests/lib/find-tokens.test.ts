import { describe, expect, it } from 'vitest';
import { findTokens } from '../../lib/find-tokens.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const JWS = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64('{"sub":"a"}')}.c2lnbmF0dXJl`;
const NONE = `${b64('{"alg":"none"}')}.${b64('{"sub":"a"}')}.`;
const JWE = `${b64('{"alg":"RSA-OAEP","enc":"A256GCM"}')}.a2V5.aXY.Y2lwaGVy.dGFn`;

describe('findTokens', () => {
  it('finds JWS, unsecured and JWE tokens with their offsets', () => {
    const text = `Authorization: Bearer ${JWS}; other=${NONE} and ${JWE}.`;
    const found = findTokens(text);
    expect(found.map((f) => f.token)).toEqual([JWS, NONE, JWE]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.token);
  });

  it('finds a token without a Bearer prefix and inside a cookie header', () => {
    expect(findTokens(JWS).map((f) => f.token)).toEqual([JWS]);
    expect(findTokens(`a=1; session=${JWS}; b=2`).map((f) => f.token)).toEqual([JWS]);
  });

  it('finds a header written with a newline after the brace ("ew…")', () => {
    const t = `${b64('{\n"alg":"HS256"}')}.${b64('{}')}.c2ln`;
    expect(t.startsWith('ew')).toBe(true);
    expect(findTokens(t).map((f) => f.token)).toEqual([t]);
  });

  it('finds a token whose segments keep their "=" padding (AWS ALB x-amzn-oidc-data)', () => {
    const std = (x: string) => Buffer.from(x).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    const padded = `${std('{"alg":"ES256","typ":"JWT","kid":"k"}')}.${std('{"sub":"u-1"}')}.${std('sig-bytes-640')}`;
    expect(padded.split('.').every((seg) => seg.endsWith('='))).toBe(true);
    expect(findTokens(`x-amzn-oidc-data: ${padded}`).map((f) => f.token)).toEqual([padded]);
    expect(findTokens(`a=1; alb=${padded}; b=2`).map((f) => f.token)).toEqual([padded]);
  });

  it('ignores dotted strings that are not JOSE', () => {
    expect(findTokens('www.example.com.au')).toEqual([]);
    expect(findTokens(`${b64('{"typ":"JWT"}')}.${b64('{}')}.c2ln`)).toEqual([]); // no alg
    expect(findTokens(`${b64('{"alg":"dir"}')}.a.b.c.d`)).toEqual([]); // 5 parts without enc
    expect(findTokens(`x${JWS}`)).toEqual([]); // glued to another word
  });

  it('stays linear on long hostile input', () => {
    const text = 'eyJ' + 'a.'.repeat(200_000);
    const t0 = performance.now();
    findTokens(text);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
