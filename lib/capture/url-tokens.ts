import { decodeUtf8 } from '../base64url.ts';
import { findTokens } from '../find-tokens.ts';
import type { HeaderLocation, UrlLocation, UrlPart } from './model.ts';

/** A token found in a URL. */
export interface UrlToken {
  token: string;
  /** The parameter name (`path` for a path segment; `query`/`fragment` when no parameter holds it) and part. */
  location: UrlLocation;
}

/** A token found in a redirect's `Location` response header. */
export interface LocationToken {
  token: string;
  /** `Location`, as sent, with where in its URL the token sat. */
  location: HeaderLocation & { url: UrlLocation };
  /** The Location resolved against the request URL (or as sent, when it cannot be resolved). */
  url: string;
}

/** Characters of a URL scanned at most; a longer URL (e.g. a huge data: URL) is scanned up to here. */
export const MAX_URL_SCAN = 1_048_576;

/**
 * Percent-decodes text without ever throwing. Escapes that do not form valid UTF-8 become U+FFFD
 * (as a browser decodes them) while the valid ones around them are decoded; a `%` not followed by
 * two hex digits is kept as written. With `plusIsSpace`, `+` means a space (form encoding).
 */
export function decodePercent(text: string, plusIsSpace = false): string {
  const s = plusIsSpace ? text.replace(/\+/g, ' ') : text;
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    // Decode each run of escapes as UTF-8 with replacement, so one broken sequence hides nothing else.
    return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      const bytes = new Uint8Array(run.length / 3);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
      return decodeUtf8(bytes).text;
    });
  }
}

/** Splits `a=1&b=2` into decoded name/value pairs (form rules: `+` is a space); `hasValue` is false for a bare `a`. */
export function parseParams(text: string): { name: string; value: string; hasValue: boolean }[] {
  const out: { name: string; value: string; hasValue: boolean }[] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) out.push({ name: decodePercent(pair, true), value: '', hasValue: false });
    else
      out.push({
        name: decodePercent(pair.slice(0, eq), true),
        value: decodePercent(pair.slice(eq + 1), true),
        hasValue: true,
      });
  }
  return out;
}

function scanParams(text: string, part: UrlPart, out: UrlToken[]): void {
  const seen = new Set<string>();
  for (const p of parseParams(text)) {
    // A bare `?eyJ…` or `#eyJ…` is a value without a name.
    const [name, value] = p.hasValue ? [p.name, p.value] : [part, p.name];
    for (const f of findTokens(value)) {
      seen.add(f.token);
      out.push({ token: f.token, location: { kind: part, name } });
    }
  }
  // Anything the parameters did not account for (odd separators, tokens inside names) is still reported.
  for (const f of findTokens(decodePercent(text, true))) {
    if (!seen.has(f.token)) {
      seen.add(f.token);
      out.push({ token: f.token, location: { kind: part, name: part } });
    }
  }
}

/**
 * Finds JWTs in a URL: in query and fragment parameters (`access_token`, `id_token`, any parameter
 * whose percent-decoded value holds a JWT), in an OAuth implicit-flow fragment
 * (`#access_token=…&id_token=…`) or a hash route (`#/cb?id_token=…`), and as a path segment.
 * Absolute or origin-relative URLs; malformed ones give what can be found, never an exception.
 */
export function tokensInUrl(url: string): UrlToken[] {
  const out: UrlToken[] = [];
  if (typeof url !== 'string' || url.length < 10) return out;
  const text = url.length > MAX_URL_SCAN ? url.slice(0, MAX_URL_SCAN) : url;

  const hash = text.indexOf('#');
  const beforeHash = hash < 0 ? text : text.slice(0, hash);
  const fragment = hash < 0 ? '' : text.slice(hash + 1);
  const q = beforeHash.indexOf('?');
  const query = q < 0 ? '' : beforeHash.slice(q + 1);
  let path = q < 0 ? beforeHash : beforeHash.slice(0, q);
  // Drop "scheme://authority" so a host name is never mistaken for a segment.
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/.exec(path);
  if (authority) path = path.slice(authority[0].length);

  for (const segment of path.split('/')) {
    for (const f of findTokens(decodePercent(segment)))
      out.push({ token: f.token, location: { kind: 'path', name: 'path' } });
  }
  if (query) scanParams(query, 'query', out);
  if (fragment) {
    // A hash route keeps its parameters after a `?` (`#/callback?id_token=…`).
    const fq = fragment.indexOf('?');
    const isRoute = fq >= 0 && !fragment.slice(0, fq).includes('=');
    scanParams(isRoute ? fragment.slice(fq + 1) : fragment, 'fragment', out);
    if (isRoute)
      for (const f of findTokens(decodePercent(fragment.slice(0, fq))))
        out.push({ token: f.token, location: { kind: 'fragment', name: 'fragment' } });
  }
  return dedupe(out);
}

function dedupe(tokens: UrlToken[]): UrlToken[] {
  const seen = new Set<string>();
  return tokens.filter((t) => {
    const key = `${t.location.kind}\u0000${t.location.name}\u0000${t.token}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Finds JWTs in the `Location` header of a redirect response. A relative Location is resolved
 * against `requestUrl` when given.
 */
export function tokensInLocation(
  headers: readonly { name: string; value?: string }[],
  requestUrl?: string,
): LocationToken[] {
  const out: LocationToken[] = [];
  for (const h of headers) {
    if (typeof h?.name !== 'string' || h.name.toLowerCase() !== 'location' || typeof h.value !== 'string') continue;
    const value = h.value.trim();
    let url = value;
    try {
      url = new URL(value, requestUrl).href;
    } catch {
      // Unresolvable (no base, or a broken URL): scan it as sent.
    }
    for (const t of tokensInUrl(url))
      out.push({ token: t.token, location: { kind: 'header', name: h.name, url: t.location }, url });
  }
  return out;
}
