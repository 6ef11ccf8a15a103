import type { CapturedToken, Sighting } from '../../lib/capture/model.ts';
import { decodeCached } from './token-view.ts';

/** One entry of a row's or sighting's context menu: copy some text, or set the filter. */
export type TokenAction =
  | { id: string; label: string; kind: 'copy'; text: string; what: string }
  | { id: string; label: string; kind: 'filter'; text: string };

/** Quotes a word for a POSIX shell: single quotes, with `'` written as `'\''`. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A filter term `name:value`, quoted when the value has spaces or quotes. */
export function filterTerm(name: string, value: string): string {
  return /[\s"]/.test(value) ? `${name}:"${value.replace(/"/g, '')}"` : `${name}:${value}`;
}

/**
 * The sighting as a cURL command that replays it: method, URL, and the token where it travelled
 * (its header with the scheme as sent, or its cookie). Undefined for a sighting that was not a request.
 */
export function curlOf(token: string, s: Sighting): string | undefined {
  if (s.direction !== 'request' || !s.url) return undefined;
  const parts = ['curl', shellQuote(s.url)];
  const method = (s.method ?? 'GET').toUpperCase();
  if (method !== 'GET') parts.push('-X', shellQuote(method));
  const loc = s.location;
  if (loc.kind === 'header') {
    const scheme = loc.scheme ?? (loc.name.toLowerCase() === 'authorization' ? 'Bearer' : '');
    parts.push('-H', shellQuote(`${loc.name}: ${scheme ? `${scheme} ` : ''}${token}`));
  } else if (loc.kind === 'cookie') {
    parts.push('-H', shellQuote(`Cookie: ${loc.name}=${token}`));
  }
  return parts.join(' ');
}

function hostOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function claim(payload: unknown, name: string): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const v = (payload as Record<string, unknown>)[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The context-menu actions on a token (a list row), or on one of its sightings: copy the token,
 * its header or payload (original text), as an `Authorization: Bearer` header, as cURL (a request
 * sighting); filter by its issuer, subject or host.
 */
export function tokenActions(token: string, captured?: CapturedToken, sighting?: Sighting): TokenAction[] {
  const decoded = decodeCached(token);
  const out: TokenAction[] = [{ id: 'copy-token', label: 'Copy token', kind: 'copy', text: token, what: 'token' }];
  if (decoded.rawHeader !== undefined)
    out.push({ id: 'copy-header', label: 'Copy header', kind: 'copy', text: decoded.rawHeader, what: 'header' });
  if (decoded.rawPayload !== undefined)
    out.push({ id: 'copy-payload', label: 'Copy payload', kind: 'copy', text: decoded.rawPayload, what: 'payload' });
  out.push({
    id: 'copy-bearer',
    label: 'Copy as Authorization: Bearer',
    kind: 'copy',
    text: `Authorization: Bearer ${token}`,
    what: 'Authorization header',
  });
  const request =
    sighting ?? [...(captured?.sightings ?? [])].reverse().find((s) => s.direction === 'request' && s.url);
  const curl = request && curlOf(token, request);
  if (curl) out.push({ id: 'copy-curl', label: 'Copy as cURL', kind: 'copy', text: curl, what: 'cURL command' });
  const iss = claim(decoded.payload, 'iss');
  if (iss)
    out.push({ id: 'filter-iss', label: `Filter by issuer ${iss}`, kind: 'filter', text: filterTerm('iss', iss) });
  const sub = claim(decoded.payload, 'sub');
  if (sub)
    out.push({ id: 'filter-sub', label: `Filter by subject ${sub}`, kind: 'filter', text: filterTerm('sub', sub) });
  const host = hostOf((sighting ?? request)?.url);
  if (host)
    out.push({ id: 'filter-host', label: `Filter by host ${host}`, kind: 'filter', text: filterTerm('host', host) });
  return out;
}
