import { findTokens } from '../find-tokens.ts';
import type { CookieAttributes, SetCookieLocation } from './model.ts';
import { decodePercent } from './url-tokens.ts';

/** Attributes of a `Set-Cookie` header, as a user agent would read them (RFC 6265bis §5.6). */
export interface SetCookieAttributes {
  httpOnly: boolean;
  secure: boolean;
  /** `Strict`, `Lax` or `None` (case normalised), or the unrecognised value as sent. */
  sameSite?: 'Strict' | 'Lax' | 'None' | (string & {});
  /** Lower-cased, without a leading dot. */
  domain?: string;
  path?: string;
  /** As sent (not parsed into a date). */
  expires?: string;
  /** Seconds; zero or negative expires the cookie at once. */
  maxAge?: number;
  partitioned?: boolean;
}

/** A parsed `Set-Cookie` header value. */
export interface ParsedSetCookie {
  name: string;
  /** The value, without surrounding double quotes. */
  value: string;
  attributes: SetCookieAttributes;
  /** The cookie name prefix, when the name starts with one (matched case-insensitively). */
  prefix?: '__Host-' | '__Secure-';
  /** Whether the prefix's requirements hold: `__Host-` needs Secure, `Path=/` and no Domain; `__Secure-` needs Secure. */
  prefixValid?: boolean;
}

/** A token found in a `Set-Cookie` response header. */
export interface SetCookieToken {
  token: string;
  /** The cookie name. */
  location: SetCookieLocation;
  cookieAttributes: CookieAttributes;
  cookie: ParsedSetCookie;
}

// RFC 6265bis §5.6: CTLs other than HTAB make the whole header ignored.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const MAX_ATTRIBUTE_VALUE = 1024;

const trimWs = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/g, '');

const SAME_SITE: Record<string, 'Strict' | 'Lax' | 'None'> = { strict: 'Strict', lax: 'Lax', none: 'None' };

/**
 * Parses one `Set-Cookie` header value following RFC 6265bis §5.6: attribute names are
 * case-insensitive, the last of each attribute wins, `Secure`/`HttpOnly`/`Partitioned` need no
 * value, a quoted cookie value is unquoted. Returns null for what a browser would ignore (no name
 * and no value, control characters).
 */
export function parseSetCookie(headerValue: string): ParsedSetCookie | null {
  if (typeof headerValue !== 'string' || CONTROL.test(headerValue)) return null;
  const semi = headerValue.indexOf(';');
  const pair = semi < 0 ? headerValue : headerValue.slice(0, semi);
  const eq = pair.indexOf('=');
  // A pair without "=" is a cookie with an empty name (RFC 6265bis).
  const name = eq < 0 ? '' : trimWs(pair.slice(0, eq));
  let value = trimWs(eq < 0 ? pair : pair.slice(eq + 1));
  if (name === '' && value === '') return null;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);

  const attributes: SetCookieAttributes = { httpOnly: false, secure: false };
  let hasDomain = false;
  if (semi >= 0) {
    for (const av of headerValue.slice(semi + 1).split(';')) {
      const aeq = av.indexOf('=');
      const key = trimWs(aeq < 0 ? av : av.slice(0, aeq)).toLowerCase();
      const val = aeq < 0 ? '' : trimWs(av.slice(aeq + 1));
      if (val.length > MAX_ATTRIBUTE_VALUE) continue;
      switch (key) {
        case 'secure':
          attributes.secure = true;
          break;
        case 'httponly':
          attributes.httpOnly = true;
          break;
        case 'partitioned':
          attributes.partitioned = true;
          break;
        case 'samesite':
          attributes.sameSite = SAME_SITE[val.toLowerCase()] ?? val;
          break;
        case 'domain':
          // An empty Domain is ignored (RFC 6265bis §5.6.3).
          if (val !== '') {
            attributes.domain = val.replace(/^\./, '').toLowerCase();
            hasDomain = true;
          }
          break;
        case 'path':
          // A Path not starting with "/" means the default path, which depends on the request URL.
          if (val.startsWith('/')) attributes.path = val;
          else delete attributes.path;
          break;
        case 'expires':
          if (val !== '') attributes.expires = val;
          break;
        case 'max-age':
          if (/^-?[0-9]+$/.test(val)) attributes.maxAge = Number(val);
          break;
      }
    }
  }

  const cookie: ParsedSetCookie = { name, value, attributes };
  // A nameless cookie whose value looks prefixed is rejected by browsers: report it as an invalid prefix.
  const prefixed = name === '' ? value : name;
  const lower = prefixed.toLowerCase();
  if (lower.startsWith('__host-')) {
    cookie.prefix = '__Host-';
    cookie.prefixValid = name !== '' && attributes.secure && attributes.path === '/' && !hasDomain;
  } else if (lower.startsWith('__secure-')) {
    cookie.prefix = '__Secure-';
    cookie.prefixValid = name !== '' && attributes.secure;
  }
  return cookie;
}

/**
 * Finds JWTs in the `Set-Cookie` headers of a response: several headers, or one value with
 * cookies joined by newlines (as Chrome's webRequest reports them). Each token carries the
 * cookie's name, its security attributes and the whole parsed cookie.
 */
export function tokensInSetCookie(headers: readonly { name: string; value?: string }[]): SetCookieToken[] {
  const out: SetCookieToken[] = [];
  if (!Array.isArray(headers)) return out;
  for (const h of headers) {
    if (typeof h?.name !== 'string' || h.name.toLowerCase() !== 'set-cookie' || typeof h.value !== 'string') continue;
    for (const line of h.value.split(/\r?\n/)) {
      const cookie = parseSetCookie(line);
      if (!cookie) continue;
      const seen = new Set<string>();
      const found = findTokens(cookie.value);
      // A JSON cookie is often percent-encoded, and `%22eyJ…` hides the token's start from findTokens.
      if (cookie.value.includes('%')) found.push(...findTokens(decodePercent(cookie.value)));
      for (const f of found) {
        if (seen.has(f.token)) continue;
        seen.add(f.token);
        const { httpOnly, secure, sameSite } = cookie.attributes;
        const cookieAttributes: CookieAttributes = { httpOnly, secure };
        if (sameSite !== undefined) cookieAttributes.sameSite = sameSite;
        out.push({ token: f.token, location: { kind: 'set-cookie', name: cookie.name }, cookieAttributes, cookie });
      }
    }
  }
  return out;
}
