import { decodeSecret } from '../keys/secret-bytes.ts';
import { fail, ok, type Result } from './result.ts';

/** How an inline secret is typed, like jwt.io's secret box. */
export type SecretFormat = 'text' | 'base64' | 'base64url' | 'hex';

/** Every {@link SecretFormat}. */
export const SECRET_FORMATS: readonly SecretFormat[] = ['text', 'base64', 'base64url', 'hex'];

/**
 * The bytes of a typed secret: UTF-8 of the text as typed, or decoded base64 / base64url / hex
 * (whitespace ignored), with the position of a bad character. An empty secret is an error
 * (`secret-empty`); the empty-key variant passes empty bytes itself.
 */
export function secretBytes(text: string, format: SecretFormat): Result<Uint8Array> {
  const r = decodeSecret(text, format);
  return r.ok ? ok(r.bytes) : fail(r.error.code, r.error.message);
}
