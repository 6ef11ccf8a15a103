import { decodeUtf8 } from '../base64url.ts';
import { tokensInRequestBody } from './body-tokens.ts';
import { tokensInResponseHeaders } from './header-tokens.ts';
import { DEFAULT_MAX_BODY_BYTES } from './json-tokens.ts';
import type { Sighting, SightingLocation } from './model.ts';
import { tokensInRequestHeaders } from './parse-headers.ts';
import { mayDeleteCookie } from './request-log.ts';
import { tokensInUrl } from './url-tokens.ts';

/** A token and where it was seen. */
export interface FoundSighting {
  token: string;
  sighting: Sighting;
}

/** One header as webRequest reports it (only text values are kept). */
export interface RawHeader {
  name: string;
  value: string;
}

/**
 * What a webRequest listener keeps of an event, unscanned and JSON-safe, so that it can be written
 * to the write-ahead log at once and scanned later (off the listener). Only the parts that may hold
 * a token are kept (see {@link mayHoldToken}).
 */
export interface RawEvent {
  phase: 'request' | 'response' | 'body';
  requestId: string;
  url: string;
  method: string;
  frameId: number;
  type: string;
  initiator?: string;
  timeStamp: number;
  statusCode?: number;
  /** Scan the URL too (it may hold a token). */
  scanUrl?: boolean;
  /**
   * The headers that may hold a token (a response's: or delete a cookie). A status's response event
   * (see `CaptureStore.response`) holds every response header instead.
   */
  headers?: RawHeader[];
  /** A request body: form fields, or the raw bytes' first `scanned` bytes as text. */
  body?: { form?: Record<string, string[]>; text?: string; size: number; scanned: number };
}

// Every token findTokens accepts starts with "ey" or "ew"; percent-escapes and Basic credentials
// can hide that, so they count as "may hold" too. A native regex test, stopping at the first hit.
const MAY_HOLD = /e[yw]|%/;

/** True when `text` may hold a token (cheap, never a false negative for what the scanners find). */
export function mayHoldToken(text: string): boolean {
  return MAY_HOLD.test(text);
}

/**
 * The headers that may hold a token (Authorization-like headers always: Basic hides a JWT in
 * base64). With `deletionsAt` (a response's time), also each `Set-Cookie` that may delete a cookie
 * (a logout: `session=; Max-Age=0` holds no token).
 */
export function candidateHeaders(
  headers: readonly { name: string; value?: string }[] | undefined,
  deletionsAt?: number,
): RawHeader[] {
  const out: RawHeader[] = [];
  if (!headers) return out;
  for (const h of headers) {
    const value = h.value;
    if (typeof value !== 'string' || value.length < 10) continue;
    if (
      MAY_HOLD.test(value) ||
      /^(proxy-)?authorization$/i.test(h.name) ||
      (deletionsAt !== undefined && /^set-cookie$/i.test(h.name) && mayDeleteCookie(value, deletionsAt))
    )
      out.push({ name: h.name, value });
  }
  return out;
}

/**
 * What the request log keeps of a request beyond its raw event, as references the listener passes
 * (no work in the listener): every header as sent, and the body. Read in the batch, never logged: a
 * worker stopped within a batch's wait keeps the record, with only the headers that may hold a token.
 */
export interface RequestExtra {
  headers?: readonly { name: string; value?: string }[];
  body?: RequestBodyDetails;
}

/** The shape of webRequest's `details.requestBody` (only what is read). */
export interface RequestBodyDetails {
  formData?: Record<string, unknown[]>;
  raw?: { bytes?: ArrayBuffer | ArrayBufferView }[];
}

/**
 * Keeps what of a request body may hold a token: text form fields, or the raw bytes' first
 * `maxBytes` decoded as UTF-8; `size` is the whole body's byte length. Undefined when nothing may.
 */
export function candidateBody(
  body: RequestBodyDetails | null | undefined,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): RawEvent['body'] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  try {
    if (body.formData && typeof body.formData === 'object') {
      const form: Record<string, string[]> = {};
      let size = 0;
      let any = false;
      for (const [name, values] of Object.entries(body.formData)) {
        if (!Array.isArray(values)) continue;
        const texts = values.filter((v): v is string => typeof v === 'string');
        for (const v of texts) size += v.length;
        if (texts.some(mayHoldToken)) {
          form[name] = texts;
          any = true;
        }
      }
      return any ? { form, size, scanned: size } : undefined;
    }
    if (Array.isArray(body.raw)) {
      const { size, bytes } = rawBodyPrefix(body.raw, maxBytes);
      const taken = bytes.length;
      if (!taken) return undefined;
      const text = decodeUtf8(bytes).text;
      return mayHoldToken(text) ? { text, size, scanned: taken } : undefined;
    }
  } catch {
    // Hostile shapes (detached buffers, throwing getters): nothing to keep.
  }
  return undefined;
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function base(e: RawEvent, direction: Sighting['direction'], location: SightingLocation): Sighting {
  return {
    direction,
    via: 'webrequest',
    location,
    method: e.method,
    url: e.url,
    resourceType: e.type,
    requestId: e.requestId,
    frameId: e.frameId,
    initiator: e.initiator,
    time: Math.round(e.timeStamp),
  };
}

/** Scans a raw event into sightings (what the listener deferred). Never throws. */
export function scanRawEvent(e: RawEvent): FoundSighting[] {
  const found: FoundSighting[] = [];
  try {
    if (e.phase === 'request') {
      if (e.scanUrl)
        for (const t of tokensInUrl(e.url)) found.push({ token: t.token, sighting: base(e, 'request', t.location) });
      for (const t of tokensInRequestHeaders(e.headers ?? []))
        found.push({ token: t.token, sighting: base(e, 'request', t.location) });
    } else if (e.phase === 'response') {
      for (const t of tokensInResponseHeaders(e.headers ?? [], e.url)) {
        const sighting: Sighting = { ...base(e, 'response', t.location) };
        if (e.statusCode !== undefined) sighting.status = e.statusCode;
        if ('cookieAttributes' in t) sighting.cookieAttributes = t.cookieAttributes;
        // A redirect's Location is where the token goes next: record that URL.
        if ('url' in t && typeof t.url === 'string') sighting.url = t.url;
        found.push({ token: t.token, sighting });
      }
    } else if (e.body) {
      const b = e.body;
      const scan = b.form
        ? tokensInRequestBody({ formData: b.form })
        : tokensInRequestBody({ raw: [{ bytes: new TextEncoder().encode(b.text ?? '') }] });
      for (const t of scan.tokens) {
        const sighting = base(e, 'request', t.location);
        // Only part of the body was read: say so on what was found in it.
        if (b.scanned < b.size) sighting.body = { size: b.size, scanned: b.scanned };
        found.push({ token: t.token, sighting });
      }
    }
  } catch {
    // A scanner bug must not lose the rest of the batch.
  }
  return found;
}

/**
 * The whole size of webRequest's raw body parts and their first `maxBytes` bytes (one view when
 * one part holds them, else a copy). Parts that are not bytes (files) are skipped.
 */
export function rawBodyPrefix(
  raw: readonly { bytes?: unknown }[],
  maxBytes: number,
): { size: number; bytes: Uint8Array } {
  let size = 0;
  let taken = 0;
  const parts: Uint8Array[] = [];
  for (const element of raw) {
    const buf: unknown = element?.bytes;
    const view =
      buf instanceof ArrayBuffer
        ? new Uint8Array(buf)
        : ArrayBuffer.isView(buf)
          ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
          : undefined;
    if (!view) continue;
    size += view.length;
    const take = Math.min(view.length, maxBytes - taken);
    if (take > 0) {
      parts.push(view.subarray(0, take));
      taken += take;
    }
  }
  return { size, bytes: parts.length === 1 ? parts[0]! : concat(parts, taken) };
}
