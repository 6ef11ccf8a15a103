import { decodeCompact, type DecodedToken } from './decode-core.ts';

export type { DecodedToken, Segment, SegmentName } from './decode-core.ts';
import { decodeJwsJson, looksLikeJson } from './jws-json.ts';

export { MAX_TOKEN_LENGTH } from './decode-core.ts';

/**
 * Splits a compact JWS (or unsecured JWT) or JWE and decodes its header and payload. It never
 * throws: every problem becomes an error with a code naming the segment and the reason, and every
 * segment that did decode is still returned.
 */
export function decodeToken(input: string): DecodedToken {
  return decodeCompact(input, true);
}

/**
 * Decodes a token in whichever serialisation it is written: JWS JSON (text starting with "{")
 * or compact. Never throws.
 */
export function decodeAny(input: string): DecodedToken {
  return looksLikeJson(input) ? decodeJwsJson(input) : decodeToken(input);
}
