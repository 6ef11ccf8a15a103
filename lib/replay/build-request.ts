import { fail, ok, type Result } from '../forge/result.ts';
import type { HttpHeader, RequestRecord, Sighting } from '../types.ts';
import { putBack, type ReplayBody } from './put-back.ts';

/** A request ready to send again: what `fetch` sets, what only a network rule can set, and what was left out. */
export interface ReplayRequest {
  method: string;
  url: string;
  /** The one origin it may go to (the captured request's own). */
  origin: string;
  /** Headers `fetch` may set, as captured (with the token put back). */
  headers: HttpHeader[];
  /** Headers `fetch` may not set (`Cookie`, `Origin`, `Referer`, `User-Agent`): put on by a one-request network rule. */
  ruleHeaders: HttpHeader[];
  /** Names of captured headers the browser sets itself (Host, Content-Length, Sec-*, …), left out. */
  dropped: string[];
  body?: ReplayBody;
}

/** What a replay sends instead of the captured token: a token, or `null` to send the request without it. */
export type Replacement = string | null;

// The browser computes these for every request (RFC 9110 framing, Fetch's forbidden request headers).
const BROWSER_SET = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'accept-encoding',
  'accept-charset',
  'access-control-request-headers',
  'access-control-request-method',
  'access-control-request-private-network',
  'cookie2',
  'date',
  'dnt',
  'via',
  'set-cookie',
]);

/** Request headers `fetch` refuses to set that a replay still needs: a declarativeNetRequest rule puts them on. */
export const RULE_HEADERS: ReadonlySet<string> = new Set(['cookie', 'origin', 'referer', 'user-agent']);

/** True for a header the browser sets by itself (left out of a replay). */
export function isBrowserSetHeader(name: string): boolean {
  const n = name.toLowerCase();
  return BROWSER_SET.has(n) || n.startsWith('sec-') || n.startsWith('proxy-') || n.startsWith(':');
}

/** The origin of an http(s) URL, or undefined. */
export function httpOrigin(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The captured body, or why it cannot be sent as it was (cut short, or bytes webRequest did not give). */
function bodyOf(record: RequestRecord): Result<ReplayBody | undefined> {
  const b = record.body;
  if (!b) return ok(undefined);
  if (b.kept < b.size)
    return fail(
      'replay-body-truncated',
      `only ${b.kept} of the body's ${b.size} bytes were kept: replaying would send a different body`,
    );
  if (b.text !== undefined) return ok({ kind: 'text', text: b.text });
  if (b.form) return ok({ kind: 'form', fields: b.form });
  if (b.size === 0) return ok(undefined);
  return fail('replay-body-file', 'the body was not text (a file or binary upload): it was not kept');
}

/**
 * Builds the request a replay sends from a captured request and the sighting of the token in it:
 * the same method, URL, headers and body, with the token put back where it travelled (replaced, or
 * removed for `null`). Headers the browser sets itself are dropped and named; `Cookie`, `Origin`,
 * `Referer` and `User-Agent` are returned apart, for the network-rule path. Refuses (with a code) a
 * sighting that is not of this request, a record without headers, a URL that is not http(s) or
 * would leave the captured origin, and a body kept only in part.
 */
export function buildReplayRequest(
  record: RequestRecord,
  sighting: Pick<Sighting, 'direction' | 'location' | 'requestId'>,
  token: string,
  replacement: Replacement,
): Result<ReplayRequest> {
  if (sighting.direction !== 'request')
    return fail('replay-not-request', 'only a token the page sent in a request can be replayed');
  if (sighting.requestId !== undefined && sighting.requestId !== record.requestId)
    return fail('replay-no-record', 'the sighting belongs to another request');
  if (!record.headers) return fail('replay-no-headers', 'the request log kept no headers for this request');
  const origin = httpOrigin(record.url);
  if (!origin)
    return fail('replay-url', `only http(s) requests can be replayed, not ${JSON.stringify(record.url.slice(0, 60))}`);
  const body = bodyOf(record);
  if (!body.ok) return body;
  const placed = putBack(
    { url: record.url, headers: record.headers, ...(body.value ? { body: body.value } : {}) },
    sighting.location,
    token,
    replacement,
  );
  if (!placed.ok) return placed;
  const { url, headers: all, body: sent } = placed.value;
  if (httpOrigin(url) !== origin) return fail('replay-origin', `the request would leave ${origin}`);
  const headers: HttpHeader[] = [];
  const ruleHeaders: HttpHeader[] = [];
  const dropped: string[] = [];
  for (const h of all) {
    const lower = h.name.toLowerCase();
    if (RULE_HEADERS.has(lower)) ruleHeaders.push(h);
    else if (isBrowserSetHeader(lower)) dropped.push(h.name);
    else headers.push(h);
  }
  const method = record.method.toUpperCase();
  const hasBody = sent !== undefined && method !== 'GET' && method !== 'HEAD';
  return ok({
    method: record.method,
    url,
    origin,
    headers,
    ruleHeaders,
    dropped,
    ...(hasBody ? { body: sent } : {}),
  });
}
