import type { CapturedToken } from '../../lib/capture/model.ts';
import { decodeAny, decodeToken, type DecodedToken } from '../../lib/decode-token.ts';
import { looksLikeJson } from '../../lib/jws-json.ts';
import { identifyingClaim } from '../../lib/token-label.ts';
import { LruCache } from '../../lib/util/lru-cache.ts';

/** A token as the panel shows it: decoded once, plus where it was seen. */
export interface TokenView {
  token: string;
  decoded: DecodedToken;
  label: string;
  alg: string;
  captured?: CapturedToken;
  pasted?: boolean;
}

const cache = new LruCache<string, DecodedToken>(5000);

/** Decodes a token once per panel session (tokens are immutable strings). */
export function decodeCached(token: string): DecodedToken {
  let d = cache.get(token);
  if (!d) {
    d = decodeToken(token);
    cache.set(token, d);
  }
  return d;
}

/**
 * The token as `decodeAny` decodes it: a compact token from the same cache as {@link decodeCached}
 * (the inspection then reads the decoding the list and the detail already made), a JWS JSON one anew.
 */
export function decodeAnyCached(token: string): DecodedToken {
  return looksLikeJson(token) ? decodeAny(token) : decodeCached(token);
}

/** The text that names a token in the list: its subject or another identifying claim. */
export function tokenLabel(decoded: DecodedToken): string {
  const id = identifyingClaim(decoded.payload);
  if (id) return id.name === 'sub' ? id.value : `${id.name}: ${id.value}`;
  if (decoded.kind === 'jwe') return 'encrypted (JWE)';
  if (decoded.kind === 'malformed') return 'malformed token';
  return 'no subject';
}

/** Builds the view of one token. */
export function viewOf(token: string, captured?: CapturedToken, pasted = false): TokenView {
  const decoded = decodeCached(token);
  const alg = typeof decoded.header?.alg === 'string' ? decoded.header.alg : '?';
  return { token, decoded, label: tokenLabel(decoded), alg, captured, pasted };
}
