import { findTokens } from '../find-tokens.ts';
import { tokensInBasicAuth } from './header-tokens.ts';
import type { CookieLocation, HeaderLocation } from './model.ts';

/** A request or response header. */
export interface HeaderLike {
  name: string;
  value?: string;
}

/** A token found in request headers, with where it was. */
export interface HeaderToken {
  token: string;
  location: HeaderLocation | CookieLocation;
}

// RFC 9110 §11.1: an auth-scheme is a token, separated from its credentials by spaces.
const SCHEME = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+) +/;

/**
 * Splits a `Cookie` request header into name/value pairs (RFC 6265 §5.4), keeping values as sent
 * (quotes removed).
 */
export function parseCookieHeader(value: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let v = part.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    if (name) out.push({ name, value: v });
  }
  return out;
}

/**
 * Finds JWTs in request headers: `Authorization` (Bearer, DPoP or raw, with the scheme; inside
 * `Basic` credentials too), each cookie of `Cookie`, and any other header whose value holds one.
 */
export function tokensInRequestHeaders(headers: readonly HeaderLike[]): HeaderToken[] {
  const out: HeaderToken[] = [];
  for (const h of headers) {
    const value = h.value;
    if (!value) continue;
    const lower = h.name.toLowerCase();
    if (lower === 'cookie') {
      for (const c of parseCookieHeader(value)) {
        for (const f of findTokens(c.value)) out.push({ token: f.token, location: { kind: 'cookie', name: c.name } });
      }
    } else if (lower === 'authorization' || lower === 'proxy-authorization') {
      const scheme = SCHEME.exec(value);
      const basic = tokensInBasicAuth([h]);
      out.push(...basic);
      for (const f of findTokens(value)) {
        if (basic.some((b) => b.token === f.token)) continue;
        const location: HeaderLocation = { kind: 'header', name: h.name };
        if (scheme && f.start === scheme[0].length) location.scheme = scheme[1]!;
        out.push({ token: f.token, location });
      }
    } else {
      for (const f of findTokens(value)) out.push({ token: f.token, location: { kind: 'header', name: h.name } });
    }
  }
  return out;
}
