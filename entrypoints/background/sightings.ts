import type { Browser } from 'wxt/browser';
import { tokensInRequestBody } from '../../lib/capture/body-tokens.ts';
import { tokensInResponseHeaders } from '../../lib/capture/header-tokens.ts';
import type { Sighting, SightingDirection, SightingLocation } from '../../lib/capture/model.ts';
import { tokensInRequestHeaders } from '../../lib/capture/parse-headers.ts';
import { tokensInUrl } from '../../lib/capture/url-tokens.ts';

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

function base(d: RequestDetails, direction: SightingDirection, location: SightingLocation): Sighting {
  return {
    direction,
    via: 'webrequest',
    location,
    method: d.method,
    url: d.url,
    resourceType: d.type,
    requestId: d.requestId,
    frameId: d.frameId,
    initiator: d.initiator,
    time: Math.round(d.timeStamp),
  };
}

/** Tokens in a request's body (form or raw). */
export function fromRequestBody(d: Browser.webRequest.OnBeforeRequestDetails): Found[] {
  const found: Found[] = [];
  if (d.requestBody) {
    const body = tokensInRequestBody(d.requestBody as Parameters<typeof tokensInRequestBody>[0]);
    for (const t of body.tokens) found.push({ token: t.token, sighting: base(d, 'request', t.location) });
  }
  return found;
}

/**
 * Tokens in a request's URL (query, fragment, path) and headers: Authorization (also inside Basic
 * credentials), every cookie, any other header.
 */
export function fromRequestHeaders(d: Browser.webRequest.OnBeforeSendHeadersDetails): Found[] {
  const found: Found[] = tokensInUrl(d.url).map((t) => ({ token: t.token, sighting: base(d, 'request', t.location) }));
  for (const t of tokensInRequestHeaders(d.requestHeaders ?? []))
    found.push({ token: t.token, sighting: base(d, 'request', t.location) });
  return found;
}

/** Tokens in response headers: Set-Cookie (with attributes), Location, others. The status is known. */
export function fromResponseHeaders(d: Browser.webRequest.OnHeadersReceivedDetails): Found[] {
  return tokensInResponseHeaders(d.responseHeaders ?? [], d.url).map((t) => {
    const sighting: Sighting = { ...base(d, 'response', t.location), status: d.statusCode };
    if ('cookieAttributes' in t) sighting.cookieAttributes = t.cookieAttributes;
    // A redirect's Location is where the token goes next: record that URL.
    if ('url' in t && typeof t.url === 'string') sighting.url = t.url;
    return { token: t.token, sighting };
  });
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
