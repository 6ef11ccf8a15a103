import type { Browser } from 'wxt/browser';
import type { Sighting } from '../../lib/capture/model.ts';
import { candidateBody, candidateHeaders, mayHoldToken, type RawEvent } from '../../lib/capture/raw-event.ts';

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

/** What of a request's URL and headers may hold a token, unscanned (undefined: nothing may). */
export function rawRequestHeaders(d: Browser.webRequest.OnBeforeSendHeadersDetails): RawEvent | undefined {
  const headers = candidateHeaders(d.requestHeaders);
  const scanUrl = mayHoldToken(d.url);
  if (!headers.length && !scanUrl) return undefined;
  const e = rawBase(d, 'request');
  if (scanUrl) e.scanUrl = true;
  if (headers.length) e.headers = headers;
  return e;
}

/** What of a response's headers may hold a token, unscanned, with the status (undefined: nothing may). */
export function rawResponseHeaders(d: Browser.webRequest.OnHeadersReceivedDetails): RawEvent | undefined {
  const headers = candidateHeaders(d.responseHeaders);
  if (!headers.length) return undefined;
  return { ...rawBase(d, 'response'), statusCode: d.statusCode, headers };
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
