import {
  collectSegmentErrors,
  decodeSegment,
  decodeSegments,
  emptyDecoded,
  failDecoded,
  readHeader,
  readPayload,
  settleKind,
  type DecodedToken,
  type SegmentName,
} from './decode-core.ts';

export type { DecodedToken, Segment, SegmentName } from './decode-core.ts';
import { decodeJwsJson, looksLikeJson } from './jws-json.ts';

/** Upper bound on the length of token accepted for decoding (characters). */
export const MAX_TOKEN_LENGTH = 8 * 1024 * 1024;

const JWS_NAMES: SegmentName[] = ['header', 'payload', 'signature'];
const JWE_NAMES: SegmentName[] = ['header', 'encrypted_key', 'iv', 'ciphertext', 'tag'];

/**
 * Splits a compact JWS (or unsecured JWT) or JWE and decodes its header and payload. It never
 * throws: every problem becomes an error with a code naming the segment and the reason, and every
 * segment that did decode is still returned.
 */
export function decodeToken(input: string): DecodedToken {
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
    if (parts.length === 2 && !ws) readTwoSegments(result, parts[0]!, parts[1]!);
    return result;
  }
  result.segments = decodeSegments(parts.length === 3 ? JWS_NAMES : JWE_NAMES, parts);
  const headerSeg = result.segments[0]!;
  if (headerSeg.text === '' && !headerSeg.error)
    headerSeg.error = { code: 'header-empty', message: 'header segment is empty' };
  const header = readHeader(headerSeg);
  result.rawHeader = headerSeg.raw;
  if (header) result.header = header;
  if (parts.length === 3) readPayload(result.segments[1]!, result);
  collectSegmentErrors(result);
  if (!header) return result;
  return settleKind(
    result,
    header,
    parts.length === 5 ? 'jwe' : 'jws',
    'header has no "alg" member (RFC 7515 §4.1.1 requires it)',
  );
}

function readTwoSegments(result: DecodedToken, header: string, payload: string): void {
  const headerSeg = decodeSegment('header', header, 0);
  const payloadSeg = decodeSegment('payload', payload, header.length + 1);
  result.segments.push(headerSeg, payloadSeg);
  const parsed = readHeader(headerSeg);
  result.rawHeader = headerSeg.raw;
  if (parsed) result.header = parsed;
  readPayload(payloadSeg, result);
}

/**
 * Decodes a token in whichever serialisation it is written: JWS JSON (text starting with "{")
 * or compact. Never throws.
 */
export function decodeAny(input: string): DecodedToken {
  return looksLikeJson(input) ? decodeJwsJson(input) : decodeToken(input);
}
