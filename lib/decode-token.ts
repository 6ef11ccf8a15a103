import { decodeBase64Url, decodeUtf8 } from './base64url.ts';
import {
  findDuplicateMembers,
  hasDuplicateMembers,
  parseJson,
  tokenizeJson,
  type DuplicateMember,
} from './json-text.ts';
import { decodeJwsJson, looksLikeJson } from './jws-json.ts';
import type { ErrorInfo } from './types.ts';

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

/** Upper bound on the length of token accepted for decoding (characters). */
export const MAX_TOKEN_LENGTH = 8 * 1024 * 1024;

const JWS_NAMES: SegmentName[] = ['header', 'payload', 'signature'];
const JWE_NAMES: SegmentName[] = ['header', 'encrypted_key', 'iv', 'ciphertext', 'tag'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function decodeHeaderSegment(seg: Segment, label: string): Record<string, unknown> | undefined {
  const { bytes } = seg;
  if (!bytes) return undefined;
  const { text, valid } = decodeUtf8(bytes);
  seg.raw = text;
  seg.notUtf8 = !valid;
  const parsed = parseJson(text, 'header');
  if (!parsed.ok) {
    seg.error = {
      code: parsed.error.code,
      message: `${label} ${parsed.error.message.replace(/^\w+ /, '')}`,
    };
    return undefined;
  }
  if (!isPlainObject(parsed.value)) {
    seg.error = {
      code: 'header-not-object',
      message: `${label} must be a JSON object, but it is ${Array.isArray(parsed.value) ? 'an array' : parsed.value === null ? 'null' : `a ${typeof parsed.value}`}`,
    };
    return undefined;
  }
  if (hasDuplicateMembers(text, parsed.value)) seg.duplicates = findDuplicateMembers(tokenizeJson(text));
  return parsed.value;
}

/**
 * Splits a compact JWS (or unsecured JWT) or JWE and decodes its header and payload. It never
 * throws: every problem becomes an error with a code naming the segment and the reason, and every
 * segment that did decode is still returned.
 */
export function decodeToken(input: string): DecodedToken {
  const result: DecodedToken = {
    token: input,
    kind: 'malformed',
    segments: [],
    payloadIsJson: false,
    problems: [],
    nested: false,
  };
  const fail = (error: ErrorInfo): DecodedToken => {
    result.problems.push(error);
    result.error ??= error;
    return result;
  };
  const token = input.trim();
  result.token = token;
  if (token === '') return fail({ code: 'empty', message: 'The token is empty.' });
  if (token.length > MAX_TOKEN_LENGTH)
    return fail({
      code: 'too-large',
      message: `The token is ${token.length} characters long; tokens over ${MAX_TOKEN_LENGTH} characters are not decoded.`,
    });
  const parts = token.split('.');
  if (parts.length !== 3 && parts.length !== 5) {
    const ws = /\s/.test(token) ? ' It contains whitespace; paste the token alone.' : '';
    return fail({
      code: 'segment-count',
      message: `A compact JWS has 3 dot-separated segments and a JWE has 5; this token has ${parts.length}.${ws}`,
    });
  }
  const names = parts.length === 3 ? JWS_NAMES : JWE_NAMES;
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    const text = parts[i]!;
    const name = names[i]!;
    const seg: Segment = { name, text, start: offset, noncanonical: false, notUtf8: false, duplicates: [] };
    offset += text.length + 1;
    const b = decodeBase64Url(text);
    seg.noncanonical = b.noncanonical;
    if (b.error) seg.error = { code: `${name}-base64`, message: `${name} segment: ${b.error.message}` };
    else seg.bytes = b.bytes;
    result.segments.push(seg);
  }

  const headerSeg = result.segments[0]!;
  if (headerSeg.text === '' && !headerSeg.error)
    headerSeg.error = { code: 'header-empty', message: 'header segment is empty' };
  const header = decodeHeaderSegment(headerSeg, 'header segment');
  result.rawHeader = headerSeg.raw;
  if (header) result.header = header;

  if (parts.length === 3) {
    const payloadSeg = result.segments[1]!;
    if (payloadSeg.bytes) {
      const { text, valid } = decodeUtf8(payloadSeg.bytes);
      payloadSeg.raw = text;
      payloadSeg.notUtf8 = !valid;
      result.rawPayload = text;
      const parsed = text === '' ? null : parseJson(text, 'payload');
      if (parsed?.ok) {
        result.payload = parsed.value;
        result.payloadIsJson = true;
        if (hasDuplicateMembers(text, parsed.value)) payloadSeg.duplicates = findDuplicateMembers(tokenizeJson(text));
      } else {
        // A JWS may carry any bytes; a payload that is not JSON is shown as text, and said so.
        result.payload = text;
        const why: ErrorInfo =
          text === ''
            ? { code: 'payload-empty', message: 'payload segment is empty (detached payload?)' }
            : {
                code: 'payload-json',
                message: `payload segment is not JSON (${parsed && !parsed.ok ? parsed.error.message.replace(/^payload is not valid JSON: /, '') : ''}); shown as text`,
              };
        result.problems.push(why);
      }
    }
    result.nested = typeof header?.cty === 'string' && header.cty.toUpperCase() === 'JWT';
  } else {
    result.nested = typeof header?.cty === 'string' && header.cty.toUpperCase() === 'JWT';
  }

  for (const seg of result.segments) {
    if (seg.error) {
      result.problems.push(seg.error);
      result.error ??= seg.error;
    }
  }
  if (header && !result.error) {
    const alg = header.alg;
    if (typeof alg !== 'string' || alg === '') {
      return fail({
        code: 'header-alg',
        message:
          alg === undefined
            ? 'header has no "alg" member (RFC 7515 §4.1.1 requires it)'
            : `header "alg" must be a non-empty string, not ${JSON.stringify(alg)}`,
      });
    }
    if (parts.length === 5) {
      if (typeof header.enc !== 'string')
        return fail({ code: 'header-enc', message: 'JWE header has no "enc" string member (RFC 7516 §4.1.2)' });
      result.kind = 'jwe';
    } else {
      result.kind = alg.toLowerCase() === 'none' ? 'unsecured' : 'jws';
    }
  }
  return result;
}

/**
 * Decodes a token in whichever serialisation it is written: JWS JSON (text starting with "{")
 * or compact. Never throws.
 */
export function decodeAny(input: string): DecodedToken {
  return looksLikeJson(input) ? decodeJwsJson(input) : decodeToken(input);
}
