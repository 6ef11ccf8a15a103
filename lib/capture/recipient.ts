import { hostOf, isIp, isLoopback, siteOf } from '../util/url.ts';

// Defined once in lib/util/url.ts; re-exported for the capture's public surface.
export { hostOf, isLoopback, siteOf };

/** Host names named by an `aud` claim: each string value, read as a URL's host or as a bare host name. */
function audienceHosts(aud: unknown): string[] {
  const values = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  const hosts: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string' || v === '') continue;
    const fromUrl = v.includes('://') ? hostOf(v) : undefined;
    if (fromUrl) hosts.push(fromUrl);
    else if (/^[a-z0-9.-]+(?::\d+)?$/i.test(v)) hosts.push(v.replace(/:\d+$/, '').toLowerCase().replace(/\.$/, ''));
  }
  return hosts;
}

/**
 * Whether a token sent to `requestUrl` goes to a third party: a site other than the page's
 * (`api.example.com` from a page on `app.example.com` is the same site; see {@link siteOf}), and a
 * host its `aud` does not name (an aud URL or bare host name equal to the request's host, or a
 * parent domain of it). Both on loopback counts as the same party. When the page is unknown or a
 * URL has no host, the answer is false: nothing is claimed without evidence.
 */
export function isThirdPartyRecipient(requestUrl: string, pageUrl: string | undefined, aud: unknown): boolean {
  const requestHost = hostOf(requestUrl);
  const pageHost = pageUrl === undefined ? undefined : hostOf(pageUrl);
  if (requestHost === undefined || pageHost === undefined) return false;
  if (requestHost === pageHost || siteOf(requestHost) === siteOf(pageHost)) return false;
  if (isLoopback(requestUrl) && isLoopback(pageUrl!)) return false;
  for (const host of audienceHosts(aud)) {
    if (requestHost === host) return false;
    // A parent domain needs a dot of its own, so a bare `aud: "com"` does not name every .com host.
    if (host.includes('.') && !isIp(requestHost) && requestHost.endsWith(`.${host}`)) return false;
  }
  return true;
}
