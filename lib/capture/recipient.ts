/** Host name of a URL (lower-case, no trailing dot; IPv6 in brackets), or undefined when it has none. */
export function hostOf(url: string): string | undefined {
  if (typeof url !== 'string') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  return host === '' ? undefined : host;
}

/** Whether a URL (or a bare host name) points at this machine: `localhost`, `*.localhost`, 127.0.0.0/8 or `[::1]`. */
export function isLoopback(url: string): boolean {
  if (typeof url !== 'string') return false;
  const host = hostOf(url) ?? hostOf(`http://${url}`);
  if (host === undefined) return false;
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  // The URL parser has already normalised IPv4 forms (127.1, 0x7f.1, 2130706433) to dotted quads.
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  // IPv6 loopback, also as an IPv4-mapped 127/8 address (normalised to hex by the parser).
  return host === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

const isIp = (host: string): boolean => host.startsWith('[') || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);

// Second-level labels that commonly sit under a two-letter country TLD as public suffixes (co.uk,
// com.au, ne.jp, …). Not the Public Suffix List: a deliberately small approximation.
const SHARED_SECOND_LEVEL = new Set(['ac', 'co', 'com', 'edu', 'gov', 'ne', 'net', 'or', 'org']);

/**
 * The "site" of a host name, approximately its registrable domain: the last two labels, or three
 * under a country TLD with a shared second level (`example.co.uk`). IP addresses are their own site.
 */
export function siteOf(host: string): string {
  if (isIp(host)) return host;
  const labels = host.split('.');
  if (labels.length <= 2) return host;
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const keep = tld.length === 2 && SHARED_SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

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
