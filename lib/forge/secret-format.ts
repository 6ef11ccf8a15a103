import { decodeSecret } from '../keys/secret-bytes.ts';
import { fail, ok, type Result } from './result.ts';

/** How an inline secret is typed, like jwt.io's secret box. */
export type SecretFormat = 'text' | 'base64' | 'base64url' | 'hex';

/** Every {@link SecretFormat}. */
export const SECRET_FORMATS: readonly SecretFormat[] = ['text', 'base64', 'base64url', 'hex'];

const BAD_CHAR: Record<Exclude<SecretFormat, 'text'>, RegExp> = {
  hex: /[^0-9a-fA-F\s]/,
  base64: /[^A-Za-z0-9+/=\s]/,
  base64url: /[^A-Za-z0-9\-_=\s]/,
};

/**
 * The bytes of a typed secret: UTF-8 of the text as typed, or decoded base64 / base64url / hex
 * (whitespace ignored), with the position of a bad character. An empty secret is an error
 * (`secret-empty`); the empty-key variant passes empty bytes itself.
 */
export function secretBytes(text: string, format: SecretFormat): Result<Uint8Array> {
  // Positions are counted in the text as typed (spaces included), 1-based, like an editor's column.
  const skip = format === 'hex' ? (/^\s*0x/i.exec(text)?.[0].length ?? 0) : 0;
  const found = format === 'text' ? undefined : BAD_CHAR[format].exec(text.slice(skip));
  const bad = found ? { char: found[0], index: found.index + skip } : undefined;
  if (bad) {
    const hint = format === 'base64' && (bad.char === '-' || bad.char === '_') ? ' (this looks like base64url)' : '';
    const hint2 =
      format === 'base64url' && (bad.char === '+' || bad.char === '/') ? ' (this looks like standard base64)' : '';
    return fail(
      `${format}-invalid` as `${Exclude<SecretFormat, 'text'>}-invalid`,
      `${format} secret: ${JSON.stringify(bad.char)} at character ${bad.index + 1} is not a ${format} character${hint}${hint2}`,
    );
  }
  const r = decodeSecret(text, format);
  return r.ok ? ok(r.bytes) : fail(r.error.code, r.error.message);
}
