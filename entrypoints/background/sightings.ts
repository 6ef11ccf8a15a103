import type { Browser } from 'wxt/browser';
import type { Sighting } from '../../lib/capture/model.ts';
import {
  candidateBody,
  candidateHeaders,
  mayHoldToken,
  type RawEvent,
  type RawHeader,
  type RequestBodyDetails,
  type RequestExtra,
} from '../../lib/capture/raw-event.ts';

/** A token and where it was seen. */
export type Found = { token: string; sighting: Sighting };

type RequestDetails = {
  requestId: string;
  url: string;
  method: string;
  frameId: number;
  type: string;
  initiator?: string;
  timeStamp: number;
};

function rawBase(d: RequestDetails, phase: RawEvent['phase']): RawEvent {
  const e: RawEvent = {
    phase,
    requestId: d.requestId,
    url: d.url,
    method: d.method,
    frameId: d.frameId,
    type: d.type,
    timeStamp: d.timeStamp,
  };
  if (d.initiator !== undefined) e.initiator = d.initiator;
  return e;
}

// The listeners below run for every request: each does a bounded, native test of what may hold a
// token and keeps references; scanning happens later, off the listener (see CaptureStore.addRaw).

/** What of a request's body may hold a token, unscanned (undefined: nothing may). */
export function rawRequestBody(d: Browser.webRequest.OnBeforeRequestDetails): RawEvent | undefined {
  const body = candidateBody(d.requestBody as Parameters<typeof candidateBody>[0]);
  return body ? { ...rawBase(d, 'body'), body } : undefined;
}

/** A request body onBeforeRequest saw, until onBeforeSendHeaders knows whether the request matters. */
export interface PendingBody {
  body: RequestBodyDetails;
  /** The body itself may hold a token (its own event was logged). */
  candidate: boolean;
}

/**
 * Request bodies by request id, between onBeforeRequest and onBeforeSendHeaders: references only
 * (nothing is read unless the request turns out to carry a token), and at most `max` of them.
 */
export class PendingBodies {
  private readonly bodies = new Map<string, PendingBody>();
  constructor(private readonly max = 256) {}
  /** Keeps a body's reference. */
  set(requestId: string, body: RequestBodyDetails, candidate: boolean): void {
    this.bodies.set(requestId, { body, candidate });
    if (this.bodies.size > this.max) this.bodies.delete(this.bodies.keys().next().value!);
  }
  /** The body of a request, forgotten once taken. */
  take(requestId: string): PendingBody | undefined {
    const b = this.bodies.get(requestId);
    if (b) this.bodies.delete(requestId);
    return b;
  }
}

/**
 * What of a request's URL and headers may hold a token, unscanned (undefined: nothing may), and
 * for the request log (replay needs them) every header as sent and the body — references, read
 * later in the batch.
 */
export function rawRequestHeaders(
  d: Browser.webRequest.OnBeforeSendHeadersDetails,
  pending?: PendingBody,
): { raw: RawEvent; extra: RequestExtra } | undefined {
  const headers = candidateHeaders(d.requestHeaders);
  const scanUrl = mayHoldToken(d.url);
  if (!headers.length && !scanUrl && !pending?.candidate) return undefined;
  const e = rawBase(d, 'request');
  if (scanUrl) e.scanUrl = true;
  if (headers.length) e.headers = headers;
  const extra: RequestExtra = {};
  if (d.requestHeaders) extra.headers = d.requestHeaders;
  if (pending) extra.body = pending.body;
  return { raw: e, extra };
}

/**
 * What of a response's headers may hold a token or delete a cookie, unscanned, with the status
 * (undefined: nothing may).
 */
export function rawResponseHeaders(d: Browser.webRequest.OnHeadersReceivedDetails): RawEvent | undefined {
  const headers = candidateHeaders(d.responseHeaders, d.timeStamp);
  if (!headers.length) return undefined;
  return { ...rawBase(d, 'response'), statusCode: d.statusCode, headers };
}

/** A response with every header (a reference), for the request log to read later if it matters. */
export function responseEvent(d: Browser.webRequest.OnHeadersReceivedDetails): RawEvent {
  return { ...rawBase(d, 'response'), statusCode: d.statusCode, headers: (d.responseHeaders ?? []) as RawHeader[] };
}

/** Tokens in the cookie jar for a page (including HttpOnly cookies no request has carried yet). */
export function fromCookieJar(
  cookies: Browser.cookies.Cookie[],
  pageUrl: string,
  time: number,
  scan: (v: string) => string[],
): Found[] {
  const found: Found[] = [];
  for (const c of cookies) {
    for (const token of scan(c.value)) {
      found.push({
        token,
        sighting: {
          direction: 'stored',
          via: 'cookie-jar',
          location: { kind: 'cookie', name: c.name },
          url: pageUrl,
          time,
          cookieAttributes: { httpOnly: c.httpOnly, secure: c.secure, sameSite: sameSiteText(c.sameSite) },
        },
      });
    }
  }
  return found;
}

function sameSiteText(s: string | undefined): string | undefined {
  switch (s) {
    case 'strict':
      return 'Strict';
    case 'lax':
      return 'Lax';
    case 'no_restriction':
      return 'None';
    default:
      // 'unspecified': the browser applies its default (Lax in Chromium), the server set none.
      return undefined;
  }
}
