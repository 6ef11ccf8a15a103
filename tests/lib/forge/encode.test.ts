import { compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url } from '../../../lib/base64url.ts';
import { encodeToken } from '../../../lib/forge/index.ts';

const utf8 = new TextEncoder();

function segmentBytes(token: string, i: number): Uint8Array {
  return decodeBase64Url(token.split('.')[i]!).bytes!;
}

describe('encodeToken', () => {
  it('encodes the typed text byte for byte and signs HS256 so jose verifies it', async () => {
    const headerText = '{"alg":"HS256", "typ":"JWT","typ":"at+jwt"}';
    const payloadText = '{\n  "n": 1.0e3,\n  "name": "\\u00e9t\\u00e9",\n  "a":1, "a":2\n}';
    const secret = utf8.encode('a-long-enough-secret-for-hs256-0123456789');
    const r = await encodeToken({
      headerText,
      payloadText,
      signing: { mode: 'sign', alg: 'HS256', key: { kind: 'secret', bytes: secret } },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(segmentBytes(r.value.token, 0)).toEqual(utf8.encode(headerText));
    expect(segmentBytes(r.value.token, 1)).toEqual(utf8.encode(payloadText));
    expect(r.value.signingInput).toBe(r.value.token.slice(0, r.value.token.lastIndexOf('.')));
    const v = await compactVerify(r.value.token, secret, { algorithms: ['HS256'] });
    expect(new TextDecoder().decode(v.payload)).toBe(payloadText);
  });
});
