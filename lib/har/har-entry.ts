// One HAR entry → the sightings live capture would have made of it (via 'file-import') and its request record.
import { decodeUtf8 } from '../base64url.ts';
import { tokensInRequestBody } from '../capture/body-tokens.ts';
import { tokensInResponseHeaders } from '../capture/header-tokens.ts';
import type { Sighting, SightingLocation } from '../capture/model.ts';
import { tokensInRequestHeaders } from '../capture/parse-headers.ts';
import {
  boundHeaders,
  cookieDeletions,
  MAX_REQUEST_HEADER_BYTES,
  MAX_RESPONSE_HEADER_BYTES,
  parseChallenge,
  parseHttpDate,
} from '../capture/request-log.ts';
import type { FoundSighting } from '../capture/raw-event.ts';
import { scanResponseBody } from '../capture/response-body.ts';
import { tokensInUrl } from '../capture/url-tokens.ts';
import type { HttpHeader, RequestRecord } from '../types.ts';
import { isObject } from '../util/json-value.ts';

/** Bytes of a request body a record keeps (as live capture does). */
export const MAX_RECORD_BODY = 64 * 1024;
// Bodies of these types cannot hold a readable token.
const BINARY = /^(?:image|audio|video|font)\/|octet-stream|wasm|zip|pdf/i;

/** What reading one entry gives. */
export interface EntryRead {
  found: FoundSighting[];
  /** The entry as a request record (kept by the importer when it carried a token, was refused or logged out). */
  record: RequestRecord;
  time: number;
  /** Names of cookies the response deleted (`Max-Age=0` or an `Expires` in the past). */
  deleted: string[];
  /** Hints of the browser that wrote it (private fields). */
  hints: { firefox: boolean; chrome: boolean };
  /** Whether a Cookie, Authorization or Set-Cookie header (or cookies array) was present at all. */
  credentials: boolean;
}

/** The reading state shared by the entries of one file. */
export interface EntryContext {
  /** The latest valid entry time (used for an entry whose time cannot be read). */
  lastTime: number | undefined;
}

/** Why an entry is not a HAR entry. */
export interface EntryProblem {
  message: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** An entry's `startedDateTime` as epoch ms (ISO 8601 with `Z`, an offset, or none: then UTC), or NaN. */
export function harTime(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const v = value.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i.exec(v);
  if (iso) {
    // A fraction finer than milliseconds (Safari writes microseconds) is cut to what Date reads.
    const clock = iso[2]!.replace(',', '.').replace(/(\.\d{3})\d+$/, '$1');
    let zone = iso[3] ?? 'Z';
    if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    return Date.parse(`${iso[1]}T${clock}${zone.toUpperCase()}`);
  }
  return Date.parse(v);
}

function headersOf(v: unknown): HttpHeader[] {
  if (!Array.isArray(v)) return [];
  const out: HttpHeader[] = [];
  for (const h of v) {
    if (!isObject(h)) continue;
    const name = str(h.name);
    const value = h.value;
    if (name === undefined) continue;
    out.push({
      name,
      value: typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value),
    });
  }
  return out;
}

function header(headers: readonly HttpHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** A Cookie header made from the `cookies` array, when the entry has none (Safari, sanitised exports). */
function cookieHeaderOf(cookies: unknown): HttpHeader | undefined {
  if (!Array.isArray(cookies)) return undefined;
  const pairs = cookies.flatMap((c) =>
    isObject(c) && typeof c.name === 'string' && typeof c.value === 'string' ? [`${c.name}=${c.value}`] : [],
  );
  return pairs.length ? { name: 'Cookie', value: pairs.join('; ') } : undefined;
}

/** Set-Cookie headers made from the response's `cookies` array, when the entry has none. */
function setCookieHeadersOf(cookies: unknown): HttpHeader[] {
  if (!Array.isArray(cookies)) return [];
  const out: HttpHeader[] = [];
  for (const c of cookies) {
    if (!isObject(c) || typeof c.name !== 'string' || typeof c.value !== 'string') continue;
    let v = `${c.name}=${c.value}`;
    if (typeof c.path === 'string') v += `; Path=${c.path}`;
    if (typeof c.domain === 'string') v += `; Domain=${c.domain}`;
    if (typeof c.expires === 'string' && c.expires !== '') v += `; Expires=${c.expires}`;
    if (c.httpOnly === true) v += '; HttpOnly';
    if (c.secure === true) v += '; Secure';
    if (typeof c.sameSite === 'string') v += `; SameSite=${c.sameSite}`;
    out.push({ name: 'Set-Cookie', value: v });
  }
  return out;
}

function textOf(content: unknown): string | undefined {
  if (!isObject(content) || typeof content.text !== 'string' || content.text === '') return undefined;
  if (typeof content.mimeType === 'string' && BINARY.test(content.mimeType)) return undefined;
  if (content.encoding !== 'base64') return content.text;
  try {
    const bin = atob(content.text.replace(/\s+/g, ''));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return decodeUtf8(bytes).text;
  } catch {
    return undefined;
  }
}

/** Milliseconds from the request's start to the response headers: blocked + dns + connect + send + wait (-1: not applicable). */
function headersAfter(entry: Record<string, unknown>): number | undefined {
  const t = entry.timings;
  if (isObject(t)) {
    let sum = 0;
    let any = false;
    for (const k of ['blocked', 'dns', 'connect', 'send', 'wait']) {
      const v = num(t[k]);
      if (v !== undefined && v > 0) {
        sum += v;
        any = true;
      }
    }
    if (any) return sum;
  }
  const total = num(entry.time);
  return total !== undefined && total >= 0 ? total : undefined;
}

function postDataOf(post: unknown): { text?: string; form?: Record<string, string[]>; mimeType: string } | undefined {
  if (!isObject(post)) return undefined;
  const mimeType = str(post.mimeType) ?? '';
  if (typeof post.text === 'string' && post.text !== '') return { text: post.text, mimeType };
  if (Array.isArray(post.params)) {
    const form: Record<string, string[]> = {};
    for (const p of post.params) {
      if (!isObject(p) || typeof p.name !== 'string') continue;
      (form[p.name] ??= []).push(typeof p.value === 'string' ? p.value : '');
    }
    return Object.keys(form).length ? { form, mimeType } : undefined;
  }
  return undefined;
}

function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/**
 * Reads one HAR entry into sightings shaped like live capture's (`via: 'file-import'`): the URL,
 * request headers (or its `cookies` array), the request body (text or `params`), response headers
 * (Set-Cookie with attributes, Location; or its `cookies` array) and the response body (`base64`
 * decoded), with the status on both sides. Returns a problem for what is not an entry. Never throws.
 */
export function readHarEntry(entry: unknown, index: number, ctx: EntryContext): EntryRead | EntryProblem {
  if (!isObject(entry)) return { message: `entry ${index} is not an object` };
  const req = entry.request;
  const res = isObject(entry.response) ? entry.response : {};
  if (!isObject(req) || typeof req.url !== 'string' || req.url === '')
    return { message: `entry ${index} has no request URL` };
  const url = req.url;
  const method = str(req.method) ?? 'GET';
  let time = harTime(entry.startedDateTime);
  if (!Number.isFinite(time)) {
    if (ctx.lastTime === undefined) return { message: `entry ${index} has no usable startedDateTime` };
    time = ctx.lastTime;
  } else ctx.lastTime = time;
  time = Math.round(time);
  const after = headersAfter(entry);
  const responseTime = Math.round(time + (after ?? 0));
  const statusValue = num(res.status);
  // HAR writes 0 (and some tools -1) for a request that got no response.
  const status = statusValue === undefined ? undefined : statusValue < 0 ? 0 : Math.trunc(statusValue);
  const requestId = `har:${index}`;
  const resourceType = str(entry._resourceType);
  const initiator = isObject(entry._initiator) ? str(entry._initiator.url) : undefined;

  const reqHeaders = headersOf(req.headers);
  const resHeaders = headersOf(res.headers);
  const requestScan = [...reqHeaders];
  if (header(reqHeaders, 'cookie') === undefined) {
    const c = cookieHeaderOf(req.cookies);
    if (c) requestScan.push(c);
  }
  const responseScan = [...resHeaders];
  if (header(resHeaders, 'set-cookie') === undefined) responseScan.push(...setCookieHeadersOf(res.cookies));
  const credentials =
    requestScan.some((h) => /^(?:cookie|authorization|proxy-authorization)$/i.test(h.name)) ||
    responseScan.some((h) => h.name.toLowerCase() === 'set-cookie');

  const found: FoundSighting[] = [];
  const base = (direction: Sighting['direction'], location: SightingLocation, at: number): Sighting => {
    const s: Sighting = { direction, via: 'file-import', location, method, url, requestId, time: at };
    if (status !== undefined) s.status = status;
    if (resourceType !== undefined) s.resourceType = resourceType;
    if (initiator !== undefined) s.initiator = initiator;
    return s;
  };
  for (const t of tokensInUrl(url)) found.push({ token: t.token, sighting: base('request', t.location, time) });
  for (const t of tokensInRequestHeaders(requestScan))
    found.push({ token: t.token, sighting: base('request', t.location, time) });
  const post = postDataOf(req.postData);
  let body: RequestRecord['body'];
  if (post) {
    const scan = post.form
      ? tokensInRequestBody({ formData: post.form })
      : tokensInRequestBody({ raw: [{ bytes: new TextEncoder().encode(post.text ?? '') }] }, post.mimeType);
    for (const t of scan.tokens) found.push({ token: t.token, sighting: base('request', t.location, time) });
    if (post.text !== undefined) {
      const size = utf8Bytes(post.text);
      const text = size > MAX_RECORD_BODY ? post.text.slice(0, MAX_RECORD_BODY) : post.text;
      body = { text, size, kept: Math.min(size, utf8Bytes(text)) };
    } else {
      const size = Object.entries(post.form!).reduce(
        (n, [k, vs]) => n + vs.reduce((m, v) => m + k.length + v.length + 2, 0),
        0,
      );
      body = { form: post.form!, size, kept: size };
    }
  }
  for (const t of tokensInResponseHeaders(responseScan, url)) {
    const s = base('response', t.location, responseTime);
    if ('cookieAttributes' in t) s.cookieAttributes = t.cookieAttributes;
    if ('url' in t && typeof t.url === 'string') s.url = t.url;
    found.push({ token: t.token, sighting: s });
  }
  const text = textOf(res.content);
  if (text !== undefined) {
    const scan = scanResponseBody(text);
    for (const t of scan.tokens) {
      const s = base('response', t.location, responseTime);
      if (scan.body) s.body = scan.body;
      found.push({ token: t.token, sighting: s });
    }
  }

  const tokens = [...new Set(found.map((f) => f.token))];
  const record: RequestRecord = { requestId, time, method, url, tokens };
  if (resourceType !== undefined) record.type = resourceType;
  if (initiator !== undefined) record.initiator = initiator;
  // Bounded as the live request log bounds them (64 KiB of request, 16 KiB of response headers).
  const reqKept = boundHeaders(reqHeaders, MAX_REQUEST_HEADER_BYTES);
  if (reqKept.kept.length) record.headers = reqKept.kept;
  if (reqKept.omitted) record.headersOmitted = reqKept.omitted;
  if (body) record.body = body;
  if (status !== undefined) record.status = status;
  if (after !== undefined) record.responseTime = responseTime;
  const date = header(resHeaders, 'date');
  const serverDate = parseHttpDate(date);
  if (serverDate !== undefined) record.serverDate = serverDate;
  const challenge = header(resHeaders, 'www-authenticate');
  if (challenge !== undefined && challenge !== '') record.challenge = parseChallenge(challenge);
  const resKept = boundHeaders(resHeaders, MAX_RESPONSE_HEADER_BYTES);
  if (resKept.kept.length) record.responseHeaders = resKept.kept;
  if (resKept.omitted) record.responseHeadersOmitted = resKept.omitted;
  return {
    found,
    record,
    time,
    deleted: cookieDeletions(responseScan, responseTime),
    hints: {
      firefox: entry._securityState !== undefined || isObject(entry._securityInfo),
      chrome: entry._initiator !== undefined || entry._resourceType !== undefined || entry._priority !== undefined,
    },
    credentials,
  };
}
