// The one decoding core under both serialisations (compact and JSON): segments, header, payload, verdict.
import { decodeBase64Url, decodeBase64UrlInto, decodedLength, decodeUtf8 } from './base64url.ts';
import { parseJsonBounded } from './json-bounded.ts';
import { findDuplicateMembers, hasDuplicateMembers, tokenizeJson, type DuplicateMember } from './json-text.ts';
import type { ErrorInfo } from './types.ts';
import { isObject } from './util/json-value.ts';

/** Names of the dot-separated parts of a compact JWS/JWE. */
export type SegmentName = 'header' | 'payload' | 'signature' | 'encrypted_key' | 'iv' | 'ciphertext' | 'tag';

/** One dot-separated part of a compact token and what decoding it gave. */
export interface Segment {
  name: SegmentName;
  /** The segment's original text. */
  text: string;
  /** Offset of the segment in the token. */
  start: number;
  bytes?: Uint8Array;
  /** Decoded text, for the header and payload. */
  raw?: string;
  error?: ErrorInfo;
  /** Non-fatal problems of its JSON (nested too deep or too wide to build whole). */
  notes?: ErrorInfo[];
  noncanonical: boolean;
  notUtf8: boolean;
  duplicates: DuplicateMember[];
}

/** A compact token split and decoded, with every problem found on the way. */
export interface DecodedToken {
  token: string;
  kind: 'jws' | 'jwe' | 'unsecured' | 'malformed';
  segments: Segment[];
  header?: Record<string, unknown>;
  /** Parsed payload: the JSON value, or the text when the payload is not JSON. */
  payload?: unknown;
  /** True when the payload is JSON (false for text or binary payloads, and for JWE ciphertext). */
  payloadIsJson: boolean;
  rawHeader?: string;
  rawPayload?: string;
  /** The first error that makes the token malformed. */
  error?: ErrorInfo;
  /** Every problem, segment by segment, including non-fatal ones (e.g. a payload that is not JSON). */
  problems: ErrorInfo[];
  /** `cty: JWT`: the payload is itself a JWT. */
  nested: boolean;
}

/** An empty decoding result for a token's text, still `malformed` until {@link settleKind} says otherwise. */
export function emptyDecoded(token: string): DecodedToken {
  return { token, kind: 'malformed', segments: [], payloadIsJson: false, problems: [], nested: false };
}

/** Records a fatal error (the first one wins) and returns the result. */
export function failDecoded<T extends DecodedToken>(result: T, error: ErrorInfo): T {
  result.problems.push(error);
  result.error ??= error;
  return result;
}

/** One segment's text decoded from base64url, with its offset in the token. */
export function decodeSegment(name: SegmentName, text: string, start: number, into?: Uint8Array): Segment {
  const seg: Segment = { name, text, start, noncanonical: false, notUtf8: false, duplicates: [] };
  const b = into ? decodeBase64UrlInto(text, into) : decodeBase64Url(text);
  seg.noncanonical = b.noncanonical;
  if (b.error) seg.error = { code: `${name}-base64`, message: `${name} segment: ${b.error.message}` };
  else seg.bytes = b.bytes;
  return seg;
}

/**
 * The dot-separated parts of a compact token decoded as {@link decodeSegment} does, their bytes
 * views of one buffer: a typed array over 64 bytes costs a separate allocation, and a token has
 * two or three such segments.
 */
export function decodeSegments(names: readonly SegmentName[], parts: readonly string[]): Segment[] {
  let total = 0;
  const lengths: number[] = [];
  for (const part of parts) {
    const n = decodedLength(part);
    lengths.push(n);
    if (n > 0) total += n;
  }
  const buffer = new ArrayBuffer(total);
  const segments: Segment[] = [];
  let offset = 0;
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const n = lengths[i]!;
    segments.push(decodeSegment(names[i]!, part, offset, n >= 0 ? new Uint8Array(buffer, at, n) : undefined));
    if (n > 0) at += n;
    offset += part.length + 1;
  }
  return segments;
}

function duplicatesOf(text: string, value: unknown, cut: DuplicateMember[]) {
  // The cheap screen first: most tokens repeat no member name, and need no full tokenizer pass.
  const found = hasDuplicateMembers(text, value) ? findDuplicateMembers(tokenizeJson(text)) : [];
  return cut.length ? [...cut, ...found] : found;
}

/** Decodes a (protected) header segment: UTF-8, a JSON object, its repeated member names. */
export function readHeader(seg: Segment): Record<string, unknown> | undefined {
  if (!seg.bytes) return undefined;
  const { text, valid } = decodeUtf8(seg.bytes);
  seg.raw = text;
  seg.notUtf8 = !valid;
  const { parsed, text: parsedText, notes, duplicates } = parseJsonBounded(text, 'header');
  if (!parsed.ok) {
    seg.error = { code: parsed.error.code, message: `header segment ${parsed.error.message.replace(/^\w+ /, '')}` };
    return undefined;
  }
  const v = parsed.value;
  if (!isObject(v)) {
    seg.error = {
      code: 'header-not-object',
      message: `header segment must be a JSON object, but it is ${Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`}`,
    };
    return undefined;
  }
  seg.duplicates = duplicatesOf(parsedText, v, duplicates);
  if (notes.length) seg.notes = notes;
  return v;
}

/**
 * Decodes a JWS payload segment into `result`: JSON when it is JSON, else shown as text with a
 * non-fatal problem saying so (a JWS may carry any bytes).
 */
export function readPayload(seg: Segment, result: DecodedToken): void {
  if (!seg.bytes) return;
  const { text, valid } = decodeUtf8(seg.bytes);
  seg.raw = text;
  seg.notUtf8 = !valid;
  result.rawPayload = text;
  const read = text === '' ? null : parseJsonBounded(text, 'payload');
  const parsed = read?.parsed;
  if (read && parsed?.ok) {
    result.payload = parsed.value;
    result.payloadIsJson = true;
    seg.duplicates = duplicatesOf(read.text, parsed.value, read.duplicates);
    result.problems.push(...read.notes);
    return;
  }
  result.payload = text;
  result.problems.push(
    text === ''
      ? { code: 'payload-empty', message: 'payload segment is empty (detached payload?)' }
      : {
          code: 'payload-json',
          message: `payload segment is not JSON (${parsed && !parsed.ok ? parsed.error.message.replace(/^payload is not valid JSON: /, '') : ''}); shown as text`,
        },
  );
}

/** Moves every segment error into the problems (the first becomes the token's error), and their notes. */
export function collectSegmentErrors(result: DecodedToken): void {
  for (const seg of result.segments) {
    if (seg.notes) result.problems.push(...seg.notes);
    if (seg.error) {
      result.problems.push(seg.error);
      result.error ??= seg.error;
    }
  }
}

/**
 * Decides the kind of a token whose segments decoded: `alg` must be a non-empty string (RFC 7515
 * §4.1.1), a JWE needs `enc`; `none` in any letter case is an unsecured JWT.
 */
export function settleKind<T extends DecodedToken>(
  result: T,
  header: Record<string, unknown>,
  shape: 'jws' | 'jwe',
  noAlgMessage: string,
): T {
  result.nested = typeof header.cty === 'string' && header.cty.toUpperCase() === 'JWT';
  if (result.error) return result;
  const alg = header.alg;
  if (typeof alg !== 'string' || alg === '')
    return failDecoded(result, {
      code: 'header-alg',
      message: alg === undefined ? noAlgMessage : `header "alg" must be a non-empty string, not ${JSON.stringify(alg)}`,
    });
  if (shape === 'jwe') {
    if (typeof header.enc !== 'string')
      return failDecoded(result, {
        code: 'header-enc',
        message: 'JWE header has no "enc" string member (RFC 7516 §4.1.2)',
      });
    result.kind = 'jwe';
  } else result.kind = alg.toLowerCase() === 'none' ? 'unsecured' : 'jws';
  return result;
}

/** Upper bound on the length of token accepted for decoding (characters). */
export const MAX_TOKEN_LENGTH = 8 * 1024 * 1024;

const JWS_NAMES: SegmentName[] = ['header', 'payload', 'signature'];
const JWE_NAMES: SegmentName[] = ['header', 'encrypted_key', 'iv', 'ciphertext', 'tag'];

/**
 * The compact decoder under `decodeToken`: splits a compact JWS (or unsecured JWT) or JWE and
 * decodes its header and, with `payload`, its payload's text (UTF-8, JSON, repeated members).
 * Without it the payload segment's base64url is still decoded and checked, so the kind, the error
 * and every segment's bytes are the same: what verification reads, for less work. Never throws.
 */
export function decodeCompact(input: string, payload: boolean): DecodedToken {
  const token = input.trim();
  const result = emptyDecoded(token);
  if (token === '') return failDecoded(result, { code: 'empty', message: 'The token is empty.' });
  if (token.length > MAX_TOKEN_LENGTH)
    return failDecoded(result, {
      code: 'too-large',
      message: `The token is ${token.length} characters long; tokens over ${MAX_TOKEN_LENGTH} characters are not decoded.`,
    });
  const parts = token.split('.');
  if (parts.length !== 3 && parts.length !== 5) {
    const ws = /\s/.test(token) ? ' It contains whitespace; paste the token alone.' : '';
    failDecoded(result, {
      code: 'segment-count',
      message: `A compact JWS has 3 dot-separated segments and a JWE has 5; this token has ${parts.length}.${ws}`,
    });
    // `header.payload` is a JWS with its signature segment cut off (a forgery servers have accepted):
    // still read both, so the rules can say what it claims to be.
    if (parts.length === 2 && !ws) readTwoSegments(result, parts[0]!, parts[1]!, payload);
    return result;
  }
  result.segments = decodeSegments(parts.length === 3 ? JWS_NAMES : JWE_NAMES, parts);
  const headerSeg = result.segments[0]!;
  if (headerSeg.text === '' && !headerSeg.error)
    headerSeg.error = { code: 'header-empty', message: 'header segment is empty' };
  const header = readHeader(headerSeg);
  result.rawHeader = headerSeg.raw;
  if (header) result.header = header;
  if (parts.length === 3 && payload) readPayload(result.segments[1]!, result);
  collectSegmentErrors(result);
  if (!header) return result;
  return settleKind(
    result,
    header,
    parts.length === 5 ? 'jwe' : 'jws',
    'header has no "alg" member (RFC 7515 §4.1.1 requires it)',
  );
}

function readTwoSegments(result: DecodedToken, header: string, payload: string, readsPayload: boolean): void {
  const headerSeg = decodeSegment('header', header, 0);
  const payloadSeg = decodeSegment('payload', payload, header.length + 1);
  result.segments.push(headerSeg, payloadSeg);
  const parsed = readHeader(headerSeg);
  result.rawHeader = headerSeg.raw;
  if (parsed) result.header = parsed;
  if (readsPayload) readPayload(payloadSeg, result);
}
