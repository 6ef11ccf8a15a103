import type { CaptureNotice } from './model.ts';
import { DEFAULT_MAX_BODY_BYTES, tokensInJsonText, tokensInText, utf8Prefix, type BodyToken } from './json-tokens.ts';

/** Bytes of a response body scanned whole when it looks like a token endpoint's answer. */
export const TOKEN_ENDPOINT_MAX_BYTES = 16 * 1_048_576;
/** Bytes at the end of a large body scanned too (a token often closes a big JSON answer). */
export const BODY_TAIL_BYTES = 256 * 1024;

// An OAuth/OIDC token response (RFC 6749 §5.1, OIDC Core §3.1.3.3) names its tokens with these members.
const TOKEN_MEMBER = /"(?:access_token|id_token|refresh_token|token_type|issued_token_type)"\s*:/;

/** The parts of a HAR request entry a token-endpoint test reads (devtools.network gives one). */
export interface RequestShape {
  method: string;
  url: string;
  postData?: { text?: string; params?: readonly { name: string }[] };
}

/**
 * True when a request is very likely an OAuth token request (RFC 6749 §3.2): a POST whose form
 * body names a `grant_type`, or a POST to a path ending in `/token` (`/oauth2/token`, `/oauth/token`,
 * `/protocol/openid-connect/token`). Its response is read at once, before a navigation drops it.
 */
export function isTokenEndpointRequest(request: RequestShape): boolean {
  if (typeof request?.method !== 'string' || request.method.toUpperCase() !== 'POST') return false;
  const post = request.postData;
  if (typeof post?.text === 'string' && /(?:^|&)grant_type=/.test(post.text)) return true;
  if (Array.isArray(post?.params) && post.params.some((p) => p?.name === 'grant_type')) return true;
  try {
    return /\/token\/?$/i.test(new URL(request.url).pathname);
  } catch {
    return false;
  }
}

/** The notice shown when a token endpoint's response could not be read (the page moved on first). */
export function missedNotice(url: string, count: number): CaptureNotice {
  const where = typeof url === 'string' ? url.split(/[?#]/)[0] : '';
  return {
    code: 'response-body-missed',
    count,
    message: `${count === 1 ? 'a token response' : `${count} token responses`} could not be read (latest from ${where}): the page navigated before DevTools gave the body`,
  };
}

/** What a response body scan found, and how much of the body it read. */
export interface ResponseBodyScan {
  tokens: BodyToken[];
  /** Set when only part of the body was read: its UTF-8 size, the bytes read from the start and from the end. */
  body?: { size: number; scanned: number; tail?: number };
}

/**
 * Finds JWTs in a response body: a body that looks like a token endpoint's answer is read whole up
 * to {@link TOKEN_ENDPOINT_MAX_BYTES}; any other body up to `maxBytes` from its start, and when it
 * is longer, its last {@link BODY_TAIL_BYTES} too. What was not read is said in `body`.
 */
export function scanResponseBody(text: string, maxBytes = DEFAULT_MAX_BODY_BYTES): ResponseBodyScan {
  if (typeof text !== 'string') return { tokens: [] };
  const size = utf8Length(text);
  if (size <= maxBytes) return { tokens: tokensInJsonText(text, maxBytes).tokens };
  // Only the two ends are tested: a native search, bounded, whatever the body's size.
  const tokenEndpoint = TOKEN_MEMBER.test(text.slice(0, 64 * 1024)) || TOKEN_MEMBER.test(text.slice(-BODY_TAIL_BYTES));
  if (tokenEndpoint && size <= TOKEN_ENDPOINT_MAX_BYTES)
    return { tokens: tokensInJsonText(text, TOKEN_ENDPOINT_MAX_BYTES).tokens };
  const head = tokensInJsonText(text, tokenEndpoint ? TOKEN_ENDPOINT_MAX_BYTES : maxBytes);
  const scanned = utf8Prefix(text, tokenEndpoint ? TOKEN_ENDPOINT_MAX_BYTES : maxBytes).bytes;
  // The tail starts at a character boundary at most BODY_TAIL_BYTES (UTF-8) from the end.
  let tailText = text.slice(-BODY_TAIL_BYTES);
  while (utf8Length(tailText) > BODY_TAIL_BYTES) tailText = tailText.slice(1024);
  const seen = new Set(head.tokens.map((t) => t.token));
  const tail = tokensInText(tailText).filter((t) => !seen.has(t.token));
  const tailBytes = Math.min(utf8Length(tailText), size - scanned);
  return {
    tokens: [...head.tokens, ...tail],
    body: { size, scanned, ...(tailBytes > 0 ? { tail: tailBytes } : {}) },
  };
}

/** Bytes of `s` in UTF-8, without encoding it (a lone surrogate counts 3, as its U+FFFD does). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      // A surrogate pair: two UTF-16 units, four bytes.
      i++;
      n += 2;
    } else n += 2;
  }
  return n;
}

/** Response bodies larger than this are not fetched from DevTools at all (getContent of a huge body stalls it). */
export const MAX_FETCHED_BODY_BYTES = 32 * 1_048_576;

/** Response bodies not scanned because of their size: how many, and the largest one's size in bytes. */
export interface SkippedBodies {
  count: number;
  largest: number;
}

/** Counts one more body of `size` bytes not scanned (a new tally; `undefined` starts one). */
export function addSkippedBody(tally: SkippedBodies | undefined, size: number): SkippedBodies {
  return { count: (tally?.count ?? 0) + 1, largest: Math.max(tally?.largest ?? 0, size) };
}

/** What the panel says of them: `1 response body of 40.0 MB not scanned (limit 32 MiB)`. */
export function skippedBodiesMessage(tally: SkippedBodies, limit = MAX_FETCHED_BODY_BYTES): string {
  const size = `${(tally.largest / 1e6).toFixed(1)} MB`;
  const limitText = `${+(limit / 1_048_576).toFixed(2)} MiB`;
  return tally.count === 1
    ? `1 response body of ${size} not scanned (limit ${limitText})`
    : `${tally.count} response bodies not scanned, the largest ${size} (limit ${limitText})`;
}
