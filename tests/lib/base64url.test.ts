import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, decodeUtf8, encodeBase64Url } from '../../lib/base64url.ts';

describe('base64url', () => {
  it('round-trips random bytes of every length like Node does', () => {
    for (let n = 0; n < 64; n++) {
      const bytes = randomBytes(n);
      const text = encodeBase64Url(bytes);
      expect(text).toBe(bytes.toString('base64url'));
      const back = decodeBase64Url(text);
      expect(back.error).toBeUndefined();
      expect(back.noncanonical).toBe(false);
      expect(Buffer.from(back.bytes!).equals(bytes)).toBe(true);
    }
  });

  it('accepts padding but calls it non-canonical', () => {
    const r = decodeBase64Url('YQ==');
    expect(Buffer.from(r.bytes!).toString()).toBe('a');
    expect(r.noncanonical).toBe(true);
  });

  it('reports the first bad character, 1-based', () => {
    expect(decodeBase64Url('ab c').error).toEqual({
      code: 'bad-base64url-char',
      message: 'invalid base64url character " " at character 3',
    });
    expect(decodeBase64Url('ab=c').error?.message).toContain('padding in the middle');
    expect(decodeBase64Url('é').error?.code).toBe('bad-base64url-char');
  });

  it('decodes UTF-8 strictly, keeping a BOM', () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: '\ufeffa', valid: true });
    expect(decodeUtf8(new Uint8Array([0xc3])).valid).toBe(false);
  });
});
