import { findTokens } from '../find-tokens.ts';
import type { TokenSource } from '../types.ts';

/** A request or response header. */
export interface HeaderLike {
  name: string;
  value?: string;
}

/** A token found in headers, with where it was. */
export interface HeaderToken {
  token: string;
  source: TokenSource;
  name: string;
}

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
 * Finds JWTs in request headers: `Authorization` (Bearer, DPoP or raw), each cookie of `Cookie`,
 * and any other header whose value holds one.
 */
export function tokensInRequestHeaders(headers: readonly HeaderLike[]): HeaderToken[] {
  const out: HeaderToken[] = [];
  for (const h of headers) {
    const value = h.value;
    if (!value) continue;
    const lower = h.name.toLowerCase();
    if (lower === 'cookie') {
      for (const c of parseCookieHeader(value)) {
        for (const f of findTokens(c.value)) out.push({ token: f.token, source: 'cookie', name: c.name });
      }
    } else {
      for (const f of findTokens(value)) out.push({ token: f.token, source: 'header', name: h.name });
    }
  }
  return out;
}
