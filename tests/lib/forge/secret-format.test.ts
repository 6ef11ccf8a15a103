import { describe, expect, it } from 'vitest';
import { secretBytes, SECRET_FORMATS } from '../../../lib/forge/index.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('secretBytes', () => {
  it('reads each format', () => {
    expect(SECRET_FORMATS).toEqual(['text', 'base64', 'base64url', 'hex']);
    expect(secretBytes('é ', 'text')).toEqual({ ok: true, value: bytes(0xc3, 0xa9, 0x20) });
    expect(secretBytes('+/8=', 'base64')).toEqual({ ok: true, value: bytes(0xfb, 0xff) });
    expect(secretBytes('-_8', 'base64url')).toEqual({ ok: true, value: bytes(0xfb, 0xff) });
    expect(secretBytes('0a FF', 'hex')).toEqual({ ok: true, value: bytes(0x0a, 0xff) });
  });
  it('says where a secret goes wrong', () => {
    expect(secretBytes('abc', 'hex')).toEqual({
      ok: false,
      error: { code: 'hex-odd-length', message: 'hex secret has an odd number of digits (3); each byte needs two' },
    });
    expect(secretBytes('00 zz', 'hex')).toEqual({
      ok: false,
      error: { code: 'hex-invalid', message: 'hex secret: "z" at character 4 is not a hex character' },
    });
    expect(secretBytes('0x0aff', 'hex')).toEqual({ ok: true, value: bytes(0x0a, 0xff) });
    expect(secretBytes('ab*d', 'base64')).toEqual({
      ok: false,
      error: { code: 'base64-invalid', message: 'base64 secret: "*" at character 3 is not a base64 character' },
    });
    expect(secretBytes('ab-d', 'base64')).toMatchObject({
      error: { message: 'base64 secret: "-" at character 3 is not a base64 character (this looks like base64url)' },
    });
    expect(secretBytes('ab+d', 'base64url')).toEqual({
      ok: false,
      error: {
        code: 'base64url-invalid',
        message: 'base64url secret: "+" at character 3 is not a base64url character (this looks like standard base64)',
      },
    });
    expect(secretBytes('abcde', 'base64')).toMatchObject({ ok: false, error: { code: 'base64-invalid' } });
    expect(secretBytes('', 'text')).toEqual({
      ok: false,
      error: { code: 'secret-empty', message: 'the secret is empty' },
    });
  });
});
