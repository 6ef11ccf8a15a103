import { findTokens } from '../find-tokens.ts';
import { tokensInSetCookie, type SetCookieToken } from './set-cookie.ts';
import type { HeaderLocation } from './model.ts';
import { tokensInLocation, type LocationToken } from './url-tokens.ts';

/** A token found in a header other than Set-Cookie and Location. */
export interface ResponseHeaderToken {
  token: string;
  /** The header name, as sent (and for Basic credentials, the scheme and which half held the token). */
  location: HeaderLocation;
}

/** Any token found in response headers. */
export type ResponseToken = SetCookieToken | LocationToken | ResponseHeaderToken;

/**
 * Finds JWTs in response headers: each cookie of `Set-Cookie` (with its attributes), the
 * `Location` of a redirect (resolved against `requestUrl`), and any other header holding one.
 */
export function tokensInResponseHeaders(
  headers: readonly { name: string; value?: string }[],
  requestUrl?: string,
): ResponseToken[] {
  const out: ResponseToken[] = [];
  if (!Array.isArray(headers)) return out;
  out.push(...tokensInSetCookie(headers), ...tokensInLocation(headers, requestUrl));
  for (const h of headers) {
    if (typeof h?.name !== 'string' || typeof h.value !== 'string') continue;
    const lower = h.name.toLowerCase();
    if (lower === 'set-cookie' || lower === 'location') continue;
    for (const f of findTokens(h.value)) out.push({ token: f.token, location: { kind: 'header', name: h.name } });
  }
  return out;
}

/**
 * Finds a JWT carried as the password (or user name) of `Authorization: Basic` (or
 * `Proxy-Authorization`) credentials, which `findTokens` cannot see through the base64. Each token
 * is located by the header, the scheme as sent and the half of `user:password` that held it.
 */
export function tokensInBasicAuth(headers: readonly { name: string; value?: string }[]): ResponseHeaderToken[] {
  const out: ResponseHeaderToken[] = [];
  if (!Array.isArray(headers)) return out;
  for (const h of headers) {
    if (typeof h?.name !== 'string' || typeof h.value !== 'string') continue;
    if (h.name.toLowerCase() !== 'authorization' && h.name.toLowerCase() !== 'proxy-authorization') continue;
    const m = /^\s*(basic)\s+([A-Za-z0-9+/=_-]{1,65536})\s*$/i.exec(h.value);
    if (!m) continue;
    let text: string;
    try {
      // atob is in every runtime lib/ targets (Node ≥ 16, workers, pages).
      text = atob(m[2]!.replace(/-/g, '+').replace(/_/g, '/'));
    } catch {
      continue;
    }
    // RFC 7617: the user-id cannot contain a colon, so the first one splits user from password.
    const colon = text.indexOf(':');
    for (const f of findTokens(text)) {
      const credential = colon >= 0 && f.start > colon ? 'password' : 'user';
      out.push({ token: f.token, location: { kind: 'header', name: h.name, scheme: m[1]!, credential } });
    }
  }
  return out;
}
