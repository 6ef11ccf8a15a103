import { decodeBase64Url } from '../base64url.ts';
import type { ErrorInfo, KeyFormat } from '../types.ts';
import { decodeBase64Std } from './pem.ts';

/** Secret bytes decoded from a stored key, or why they cannot be. */
export type SecretBytesResult = { ok: true; bytes: Uint8Array } | { ok: false; error: ErrorInfo };

const utf8 = new TextEncoder();

/** Decodes an HMAC/AES secret stored as text (UTF-8 bytes as typed), base64, base64url or hex. */
export function decodeSecret(
  material: string,
  format: Extract<KeyFormat, 'text' | 'base64' | 'base64url' | 'hex'>,
): SecretBytesResult {
  if (format === 'text') {
    if (material === '') return { ok: false, error: { code: 'secret-empty', message: 'the secret is empty' } };
    return { ok: true, bytes: utf8.encode(material) };
  }
  const text = material.replace(/\s+/g, '');
  if (text === '') return { ok: false, error: { code: 'secret-empty', message: `the ${format} secret is empty` } };
  if (format === 'hex') {
    const body = text.replace(/^0x/i, '');
    const bad = /[^0-9a-fA-F]/.exec(body);
    if (bad)
      return {
        ok: false,
        error: {
          code: 'hex-invalid',
          message: `hex secret has a non-hex character ${JSON.stringify(bad[0])} at position ${bad.index}`,
        },
      };
    if (body.length % 2 === 1)
      return {
        ok: false,
        error: {
          code: 'hex-odd-length',
          message: `hex secret has an odd number of digits (${body.length}); each byte needs two`,
        },
      };
    const out = new Uint8Array(body.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(body.slice(i * 2, i * 2 + 2), 16);
    return { ok: true, bytes: out };
  }
  if (format === 'base64url') {
    const r = decodeBase64Url(text);
    if (r.error || !r.bytes)
      return {
        ok: false,
        error: { code: 'base64url-invalid', message: `base64url secret: ${r.error?.message ?? 'undecodable'}` },
      };
    return { ok: true, bytes: r.bytes };
  }
  const bytes = decodeBase64Std(text);
  if (!bytes) {
    const bad = /[^A-Za-z0-9+/=]/.exec(text);
    const why = bad
      ? `invalid character ${JSON.stringify(bad[0])} at position ${bad.index}${bad[0] === '-' || bad[0] === '_' ? ' (base64url, not base64: choose the base64url format)' : ''}`
      : `invalid length or padding (${text.length} characters)`;
    return { ok: false, error: { code: 'base64-invalid', message: `base64 secret: ${why}` } };
  }
  return { ok: true, bytes };
}
