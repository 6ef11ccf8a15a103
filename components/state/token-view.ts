import type { CapturedToken } from '../../lib/capture/model.ts';
import { decodeToken, type DecodedToken } from '../../lib/decode-token.ts';
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

/** Whether this token's decoding is made (without refreshing it in the cache). */
export function hasDecoded(token: string): boolean {
  return cache.peek(token) !== undefined;
}

/** Keeps a decoding made elsewhere (off the main thread) as this token's. */
export function seedDecoded(token: string, decoded: DecodedToken): void {
  cache.set(token, decoded);
}

/**
 * The decoding the list or the detail already made of a token (`decodeAny`'s, for a compact token),
 * if the cache holds it: read without inserting or refreshing it, so that inspecting 10,000 tokens
 * in the background never pushes the rows' decodings out of the cache.
 */
export function decodedIfCached(token: string): DecodedToken | undefined {
  // The cache holds decodeToken's decodings: a JWS JSON text is decoded by decodeAny otherwise.
  return looksLikeJson(token) ? undefined : cache.peek(token);
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
