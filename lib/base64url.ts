import type { ErrorInfo } from './types.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Result of decoding one base64url segment. */
export interface Base64UrlResult {
  bytes?: Uint8Array;
  error?: ErrorInfo;
  /** True when the text is decodable but not the canonical encoding (padding, non-zero spare bits). */
  noncanonical: boolean;
}

// The same values shifted into place for each position of a quad; -1 (every bit set) marks a
// character outside the alphabet, so one OR over a quad shows any bad character as a negative.
const AT18 = new Int32Array(128).fill(-1);
const AT12 = new Int32Array(128).fill(-1);
const AT6 = new Int32Array(128).fill(-1);
const AT0 = new Int32Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  const c = ALPHABET.charCodeAt(i);
  AT18[c] = i << 18;
  AT12[c] = i << 12;
  AT6[c] = i << 6;
  AT0[c] = i;
}

/**
 * Strict base64url decoding (RFC 7515 §2): reports the first bad character with its position, and
 * whether the text is the canonical encoding of its bytes (no padding, zero spare bits).
 */
export function decodeBase64Url(text: string): Base64UrlResult {
  const length = decodedLength(text);
  if (length < 0) return decodeBase64UrlReference(text);
  return decodeBase64UrlInto(text, new Uint8Array(length));
}

/**
 * How many bytes base64url text decodes to (trailing `=` padding aside), or -1 when no text of its
 * length decodes (4n+1 characters). Says nothing about its characters.
 */
export function decodedLength(text: string): number {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  const rest = end & 3;
  if (rest === 1) return -1;
  return (end >> 2) * 3 + (rest === 0 ? 0 : rest - 1);
}

/**
 * {@link decodeBase64Url} into `out`, which must be {@link decodedLength}(text) bytes long (a view
 * of a buffer shared by a token's segments: one allocation per token). The result's bytes are
 * `out` (a new array when `out` has another length); on an error it has none, and what was
 * written to `out` is meaningless.
 */
export function decodeBase64UrlInto(text: string, out: Uint8Array): Base64UrlResult {
  // One pass that decodes and validates together; any bad character or length sends the text to
  // the reference decoder, which names the problem.
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  const rest = end & 3;
  if (rest === 1) return decodeBase64UrlReference(text);
  const full = end - rest;
  const length = (full >> 2) * 3 + (rest === 0 ? 0 : rest - 1);
  // A wrong-sized view would be written short or leave stale bytes: decode into bytes of its own.
  if (out.length !== length) out = new Uint8Array(length);
  let high = 0;
  let bad = 0;
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    high |= c0 | c1 | c2 | c3;
    const n = AT18[c0 & 127]! | AT12[c1 & 127]! | AT6[c2 & 127]! | AT0[c3 & 127]!;
    bad |= n;
    out[o] = n >> 16;
    out[o + 1] = n >> 8;
    out[o + 2] = n;
    o += 3;
  }
  let noncanonical = end < text.length;
  if (rest !== 0) {
    const c0 = text.charCodeAt(full);
    const c1 = text.charCodeAt(full + 1);
    const c2 = rest === 3 ? text.charCodeAt(full + 2) : 65; /* A */
    high |= c0 | c1 | c2;
    const n = AT18[c0 & 127]! | AT12[c1 & 127]! | AT6[c2 & 127]!;
    bad |= n;
    out[o] = n >> 16;
    if (rest === 3) out[o + 1] = n >> 8;
    // Spare bits: the low 4 (two characters) or 2 (three characters) bits of the last character.
    if ((rest === 2 ? n & 0xf000 : n & 0xc0) !== 0) noncanonical = true;
  }
  if (bad < 0 || high > 127) return decodeBase64UrlReference(text);
  return { bytes: out, noncanonical };
}

/** The reference decoder: two passes, a character at a time (the fast path's test oracle and error reporter). */
export function decodeBase64UrlReference(text: string): Base64UrlResult {
  let end = text.length;
  let noncanonical = false;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (end < text.length) noncanonical = true;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || LOOKUP[c] === -1) {
      const ch = text[i] ?? '';
      const hint =
        ch === '+' || ch === '/' ? ' (standard base64, not base64url)' : ch === '=' ? ' (padding in the middle)' : '';
      return {
        noncanonical,
        error: {
          code: 'bad-base64url-char',
          message: `invalid base64url character ${JSON.stringify(ch)} at character ${i + 1}${hint}`,
        },
      };
    }
  }
  if (end % 4 === 1) {
    return {
      noncanonical,
      error: {
        code: 'bad-base64url-length',
        message: `invalid base64url length ${end}: a length of 4n+1 characters cannot encode whole bytes`,
      },
    };
  }
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 4 <= end; i += 4) {
    const n =
      (LOOKUP[text.charCodeAt(i)]! << 18) |
      (LOOKUP[text.charCodeAt(i + 1)]! << 12) |
      (LOOKUP[text.charCodeAt(i + 2)]! << 6) |
      LOOKUP[text.charCodeAt(i + 3)]!;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = end - i;
  if (rest === 2) {
    const a = LOOKUP[text.charCodeAt(i)]!;
    const b = LOOKUP[text.charCodeAt(i + 1)]!;
    out[o] = (a << 2) | (b >> 4);
    if ((b & 15) !== 0) noncanonical = true;
  } else if (rest === 3) {
    const a = LOOKUP[text.charCodeAt(i)]!;
    const b = LOOKUP[text.charCodeAt(i + 1)]!;
    const c = LOOKUP[text.charCodeAt(i + 2)]!;
    out[o] = (a << 2) | (b >> 4);
    out[o + 1] = ((b & 15) << 4) | (c >> 2);
    if ((c & 3) !== 0) noncanonical = true;
  }
  return { bytes: out, noncanonical };
}

/** Base64url-encodes bytes without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    s += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decodes UTF-8; when the bytes are not valid UTF-8 it says so and decodes with U+FFFD replacements. */
export function decodeUtf8(bytes: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: utf8.decode(bytes), valid: true };
  } catch {
    return { text: utf8Lenient.decode(bytes), valid: false };
  }
}
