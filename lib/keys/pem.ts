import type { ErrorInfo } from '../types.ts';

/** One PEM block (RFC 7468): its label and decoded DER body. */
export interface PemBlock {
  label: string;
  der: Uint8Array;
}

/** PEM blocks found in a text, or the first reason the armour or body is broken. */
export type PemParseResult = { ok: true; blocks: PemBlock[] } | { ok: false; error: ErrorInfo };

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/;
const END = /^-----END ([A-Z0-9 ]+)-----$/;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_LOOKUP[B64.charCodeAt(i)] = i;

/** True when the text contains PEM armour. */
export function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}

/** Decodes standard base64 (padding optional); undefined when a character is not base64. */
export function decodeBase64Std(text: string): Uint8Array | undefined {
  let end = text.length;
  while (end > 0 && text[end - 1] === '=') end--;
  if (text.length - end > 2 || end % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_LOOKUP[c]! : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Counts the characters a parse examined (each scan of a line counts its length): lets tests check linearity. */
export interface PemMeter {
  ops: number;
}

/**
 * Splits PEM text into its blocks. Explanatory text outside the armour is allowed (RFC 7468 §5.2);
 * a header line such as `Proc-Type:` (legacy encrypted PEM) is reported, not ignored. Linear in
 * the text: each line is scanned a fixed number of times, the body is joined once per block.
 */
export function parsePem(text: string, meter?: PemMeter): PemParseResult {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: PemBlock[] = [];
  let label: string | undefined;
  let body: string[] = [];
  // Padding seen: any later base64 character means padding in the middle.
  let padded = false;
  let bodyStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (meter) meter.ops += line.length + 1;
    if (label === undefined) {
      const m = BEGIN.exec(line);
      if (m) {
        label = m[1]!;
        body = [];
        padded = false;
        bodyStart = i + 1;
      }
      continue;
    }
    const end = END.exec(line);
    if (end) {
      if (end[1] !== label)
        return {
          ok: false,
          error: {
            code: 'pem-label-mismatch',
            message: `PEM block opened as "${label}" is closed as "${end[1]}" (line ${i + 1})`,
          },
        };
      const joined = body.join('');
      if (meter) meter.ops += joined.length;
      const der = decodeBase64Std(joined);
      if (!der || der.length === 0)
        return {
          ok: false,
          error: { code: 'pem-invalid', message: `PEM "${label}" body is empty (line ${bodyStart + 1})` },
        };
      blocks.push({ label, der });
      label = undefined;
      continue;
    }
    if (/^[A-Za-z-]+:/.test(line))
      return {
        ok: false,
        error: {
          code: 'pem-encrypted',
          message: `PEM "${label}" has a "${line.split(':')[0]}" header (line ${i + 1}): encrypted PEM keys are not supported; export the key without a passphrase`,
        },
      };
    const bad = /[^A-Za-z0-9+/=\s]/.exec(line);
    if (bad)
      return {
        ok: false,
        error: {
          code: 'pem-invalid',
          message: `PEM body is not valid base64 (line ${i + 1}: unexpected ${JSON.stringify(bad[0])})`,
        },
      };
    const chunk = line.replace(/\s+/g, '');
    if (chunk === '') continue;
    if ((padded && chunk[0] !== '=') || /=[^=]/.test(chunk))
      return {
        ok: false,
        error: { code: 'pem-invalid', message: `PEM body is not valid base64 (line ${i + 1}: padding in the middle)` },
      };
    if (chunk.includes('=')) padded = true;
    body.push(chunk);
  }
  if (label !== undefined)
    return {
      ok: false,
      error: { code: 'pem-unterminated', message: `PEM block "${label}" has no "-----END ${label}-----" line` },
    };
  if (blocks.length === 0) return { ok: false, error: { code: 'pem-invalid', message: 'no PEM block found' } };
  return { ok: true, blocks };
}

/** Armours DER bytes as PEM with 64-character lines and a trailing newline. */
export function toPem(label: string, der: Uint8Array): string {
  let b64 = '';
  for (let i = 0; i < der.length; i += 3) {
    const n = (der[i]! << 16) | ((der[i + 1] ?? 0) << 8) | (der[i + 2] ?? 0);
    const chars = B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
    const rest = der.length - i;
    b64 += rest >= 3 ? chars : rest === 2 ? chars.slice(0, 3) + '=' : chars.slice(0, 2) + '==';
  }
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
