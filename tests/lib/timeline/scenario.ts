// Building captures for the timeline tests: tokens with claims in seconds, sightings and request records in ms.
import { createHmac } from 'node:crypto';
import type { CapturedToken, Sighting } from '../../../lib/capture/model.ts';
import type { RequestRecord } from '../../../lib/types.ts';

/** 2026-12-01 14:00:00 UTC, the scenarios' origin of time (epoch ms). */
export const T0 = Date.UTC(2026, 11, 1, 14, 0, 0);
/** T0 + `s` seconds, in ms. */
export const at = (s: number): number => T0 + s * 1000;
/** T0 + `s` seconds, as a NumericDate (epoch seconds). */
export const sec = (s: number): number => T0 / 1000 + s;

export const ISS = 'https://id.example.com';
export const API = 'https://api.example.com';
export const APP = 'https://app.example.com';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** An HS256 JWT (really signed, with a test secret) over exactly these claims. */
export function hs256(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT', ...header })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', 'timeline-test-secret').update(input).digest('base64url')}`;
}

/** An access token (`typ at+jwt`) of alice, issued at T0 + `iat` s, living `life` s. */
export function access(iat: number, life: number, extra: Record<string, unknown> = {}): string {
  return hs256({ iss: ISS, sub: 'alice', iat: sec(iat), exp: sec(iat + life), ...extra }, { typ: 'at+jwt' });
}

/** A refresh token of alice (Keycloak-style `typ: Refresh` claim). */
export function refresh(iat: number, life: number, extra: Record<string, unknown> = {}): string {
  return hs256({ iss: ISS, sub: 'alice', typ: 'Refresh', iat: sec(iat), exp: sec(iat + life), ...extra });
}

let ids = 0;

/** Sent by the page in `Authorization: Bearer` to `url` at T0 + `s`, answered `status`. */
export function bearer(url: string, s: number, status?: number, method = 'GET'): Sighting {
  return {
    direction: 'request',
    via: 'webrequest',
    location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
    method,
    url,
    time: at(s),
    requestId: `r${++ids}`,
    ...(status !== undefined ? { status } : {}),
  };
}

/** Delivered in a token response's JSON member at T0 + `s`. */
export function delivered(member: string, s: number, url = `${ISS}/token`): Sighting {
  return {
    direction: 'response',
    via: 'devtools-network',
    location: { kind: 'json-body', name: member, jsonPath: member },
    method: 'POST',
    url,
    time: at(s),
    status: 200,
  };
}

/** Sent in a refresh grant's form body at T0 + `s`. */
export function granted(s: number, status = 200, url = `${ISS}/token`): Sighting {
  return {
    direction: 'request',
    via: 'webrequest',
    location: { kind: 'form-body', name: 'refresh_token' },
    method: 'POST',
    url,
    time: at(s),
    requestId: `r${++ids}`,
    status,
  };
}

/** Stored in Web Storage (or removed from it) at T0 + `s`. */
export function stored(key: string, s: number, removed = false, area: 'local' | 'session' = 'local'): Sighting {
  return {
    direction: 'stored',
    via: 'page-storage',
    location: { kind: 'storage', area, name: key },
    url: `${APP}/`,
    time: at(s),
    ...(removed ? { removed: true } : {}),
  };
}

/** Set by a `Set-Cookie` at T0 + `s`. */
export function setCookie(name: string, s: number, url = `${APP}/login`): Sighting {
  return {
    direction: 'response',
    via: 'webrequest',
    location: { kind: 'set-cookie', name },
    method: 'POST',
    url,
    time: at(s),
    status: 200,
  };
}

/** Sent in a `Cookie` header at T0 + `s`. */
export function cookieSent(name: string, url: string, s: number, status = 200): Sighting {
  return {
    direction: 'request',
    via: 'webrequest',
    location: { kind: 'cookie', name },
    method: 'GET',
    url,
    time: at(s),
    requestId: `r${++ids}`,
    status,
  };
}

/** The cookie's deletion (`Set-Cookie … Max-Age=0`) at T0 + `s`, as the request log marks it (a removed set-cookie sighting). */
export function cookieDeleted(name: string, s: number, url = `${APP}/logout`): Sighting {
  return {
    direction: 'response',
    via: 'webrequest',
    location: { kind: 'set-cookie', name },
    url,
    time: at(s),
    status: 200,
    removed: true,
  };
}

/** The cookie gone from the cookie jar at T0 + `s` (a removed stored sighting). */
export function jarRemoved(name: string, s: number): Sighting {
  return {
    direction: 'stored',
    via: 'cookie-jar',
    location: { kind: 'cookie', name },
    url: `${APP}/`,
    time: at(s),
    removed: true,
  };
}

/** A captured token with these sightings. */
export function captured(token: string, sightings: Sighting[]): CapturedToken {
  const times = sightings.map((s) => s.time);
  return {
    token,
    firstSeen: Math.min(...times),
    lastSeen: Math.max(...times),
    count: sightings.length,
    sightings: [...sightings].sort((a, b) => a.time - b.time),
  };
}

/** A request record at T0 + `s`. */
export function record(url: string, s: number, patch: Partial<RequestRecord> = {}): RequestRecord {
  return { requestId: `q${++ids}`, time: at(s), method: 'GET', url, tokens: [], ...patch };
}
