const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * A URL as a DPoP proof's `htu` is compared (RFC 9449 §4.3 with RFC 3986 §6.2.2–6.2.3): scheme and
 * host in lower case, the default port dropped, an empty path as `/`, dot segments removed,
 * percent-encodings of unreserved characters decoded and the others in upper case, query and
 * fragment dropped. Undefined when the text is not an absolute http(s) URL.
 */
export function normaliseHtu(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.length > 8192) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  // The URL parser already lower-cases scheme and host, drops the default port, turns '' into '/' and
  // removes dot segments; percent-encoding is left as written, so normalise it here.
  const path = u.pathname.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(c) ? c : `%${hex.toUpperCase()}`;
  });
  return `${u.protocol}//${u.host}${path}`;
}
