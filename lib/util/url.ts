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

/** True for an IP literal host (v4 dotted quad or bracketed v6). */
export const isIp = (host: string): boolean => host.startsWith('[') || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);

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

/** Host and port of a URL as written for display (`localhost:3000`), or undefined when it has none. */
export function authorityOf(url: string): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const host = new URL(url).host;
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}
