import { MAX_FETCHED_BODY_BYTES } from './response-body.ts';

/** Fewer bytes than the shortest JWT: `{"alg":"none"}` base64url-encoded, two dots, a one-character payload. */
export const MIN_TOKEN_BODY_BYTES = 24;

/** What the panel does with a finished response's body (other than a token endpoint's, always read). */
export type ResponseBodyAction = 'scan' | 'not-text' | 'too-small' | 'too-large';

/**
 * Whether a response body is fetched from DevTools and scanned: only JSON, JavaScript and
 * `text/plain` (not HTML, CSS, XML or binary types); not when it is shorter than any token; not
 * when it is over {@link MAX_FETCHED_BODY_BYTES} (`getContent` of a huge body stalls DevTools —
 * the panel counts it instead). `size` < 0: unknown.
 */
export function responseBodyAction(mimeType: string, size: number): ResponseBodyAction {
  if (!/json|javascript|text\/plain/i.test(mimeType)) return 'not-text';
  if (size >= 0 && size < MIN_TOKEN_BODY_BYTES) return 'too-small';
  if (size > MAX_FETCHED_BODY_BYTES) return 'too-large';
  return 'scan';
}
