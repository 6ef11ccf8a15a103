import { decodeUtf8 } from '../base64url.ts';
import { MAX_SIGHTING_URL, type AuthChallenge, type HttpHeader, type RequestRecord, type Sighting } from './model.ts';
import {
  rawBodyPrefix,
  type RawEvent,
  type RawHeader,
  type RequestBodyDetails,
  type RequestExtra,
} from './raw-event.ts';
import { utf8Length } from './response-body.ts';
import { parseSetCookie } from './set-cookie.ts';

/** Request headers kept per record (UTF-8 bytes of names and values); the rest are counted, not kept. */
export const MAX_REQUEST_HEADER_BYTES = 64 * 1024;
/** Request body kept per record (bytes of text, or of form names and values). */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;
/** Response headers kept per record. */
export const MAX_RESPONSE_HEADER_BYTES = 16 * 1024;
/** Longest `WWW-Authenticate` text kept as a challenge's `raw`. */
export const MAX_CHALLENGE_CHARS = 1024;

/** How far back a token the panel found in a response body looks for its request's record. */
export const REPORT_MATCH_MS = 120_000;
/** How far apart DevTools' and webRequest's start times of one request may lie. */
export const REPORTED_REQUEST_MS = 1500;

/** Bounds on one tab's request log. */
export interface RequestLogLimits {
  /** Records per tab; beyond it the oldest go. */
  maxRequests: number;
  /** Bytes of stored record items per tab (key + JSON value); beyond it the oldest go. */
  maxRequestBytes: number;
}

/** Default bounds: 2,000 records and 1 MiB per tab. */
export const DEFAULT_REQUEST_LIMITS: RequestLogLimits = { maxRequests: 2000, maxRequestBytes: 1_048_576 };

/** Storage key prefix of a tab's request records: one item per record. */
export const requestKeyPrefix = (tabId: number): string => `req:${tabId}:`;

/** True for the answers logged even without a token (401 Unauthorized, 403 Forbidden). */
export function isAuthFailure(status: number): boolean {
  return status === 401 || status === 403;
}

/**
 * Reads a `WWW-Authenticate` value (RFC 7235 §4.1, RFC 6750 §3): the first challenge's scheme and,
 * of the challenge that has one (else the first), `error` and `error_description`. `raw` is the
 * value as sent, cut to {@link MAX_CHALLENGE_CHARS}. Never throws.
 */
export function parseChallenge(value: string): AuthChallenge {
  const raw = value.length > MAX_CHALLENGE_CHARS ? `${value.slice(0, MAX_CHALLENGE_CHARS)}…` : value;
  const out: AuthChallenge = { raw };
  const challenges: { scheme: string; params: Map<string, string> }[] = [];
  let current: { scheme: string; params: Map<string, string> } | undefined;
  const param = (text: string) => {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]*)\s*$/s.exec(text);
    if (!m || !current) return;
    const key = m[1]!.toLowerCase();
    const v = m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/\\(.)/g, '$1') : m[2]!;
    if (!current.params.has(key)) current.params.set(key, v);
  };
  // Items separated by commas outside quoted strings; an item starting with a token and a space
  // (or a bare token) opens a challenge, `name=value` items are its parameters.
  for (const item of splitOutsideQuotes(value.slice(0, 8 * MAX_CHALLENGE_CHARS), 64)) {
    const s = item.trim();
    if (!s) continue;
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s+([^=\s].*))?$/s.exec(s);
    if (m && (m[2] !== undefined || !s.includes('='))) {
      current = { scheme: m[1]!, params: new Map() };
      challenges.push(current);
      if (m[2] !== undefined) param(m[2]);
    } else param(s);
  }
  const first = challenges[0];
  if (first) out.scheme = first.scheme;
  const withError = challenges.find((c) => c.params.has('error')) ?? first;
  const error = withError?.params.get('error');
  const description = withError?.params.get('error_description');
  if (error !== undefined) out.error = error.slice(0, MAX_CHALLENGE_CHARS);
  if (description !== undefined) out.description = description.slice(0, MAX_CHALLENGE_CHARS);
  return out;
}

function splitOutsideQuotes(text: string, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length && out.length < max; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (out.length < max) out.push(text.slice(start));
  return out;
}

/**
 * What of a response event a write-ahead record keeps: the event without its headers but the
 * `Date` and `WWW-Authenticate` ones (every header stays in memory for the batch).
 */
export function loggedResponse(e: RawEvent): RawEvent {
  const headers: RawHeader[] = [];
  for (const h of e.headers ?? []) {
    const n = h.name.length;
    if ((n === 4 || n === 16) && /^(?:date|www-authenticate)$/i.test(h.name)) headers.push(h);
  }
  return { ...e, headers };
}

/** True when `v` (a status's event read back from the write-ahead log) can fill a record. */
export function isRawResponse(v: unknown): v is RawEvent {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.requestId === 'string' &&
    typeof e.url === 'string' &&
    typeof e.method === 'string' &&
    typeof e.timeStamp === 'number' &&
    (e.headers === undefined || Array.isArray(e.headers))
  );
}

/** An HTTP date (`Date` header, RFC 9110 §5.6.7) as epoch milliseconds; undefined when unreadable. */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : undefined;
}

// A cheap pre-test for the listener: a Set-Cookie line that may delete its cookie.
const DELETING_MAX_AGE = /;\s*max-age\s*=\s*(?:-|0+\s*(?:;|$))/im;
const EXPIRES = /;\s*expires\s*=\s*([^;\n]{1,64})/gi;

/**
 * True when a `Set-Cookie` value (lines joined by newlines, as Chrome reports them) may delete a
 * cookie: `Max-Age` zero or negative, or an `Expires` before `now`. A native test and at most a few
 * date parses; {@link cookieDeletions} decides.
 */
export function mayDeleteCookie(value: string, now: number): boolean {
  if (DELETING_MAX_AGE.test(value)) return true;
  if (!/expires/i.test(value)) return false;
  EXPIRES.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = EXPIRES.exec(value)) !== null && n++ < 16) {
    const t = Date.parse(m[1]!);
    if (Number.isFinite(t) && t <= now) return true;
  }
  return false;
}

/**
 * The names of the cookies a response's `Set-Cookie` headers delete (RFC 6265bis §5.6.1–2:
 * `Max-Age` zero or negative; without `Max-Age`, an `Expires` at or before `now`). `Max-Age`
 * wins over `Expires`, so `Max-Age=3600` with a past `Expires` deletes nothing.
 */
export function cookieDeletions(headers: readonly { name: string; value?: string }[], now: number): string[] {
  const out: string[] = [];
  if (!Array.isArray(headers)) return out;
  for (const h of headers) {
    if (typeof h?.name !== 'string' || h.name.toLowerCase() !== 'set-cookie' || typeof h.value !== 'string') continue;
    for (const line of h.value.split(/\r?\n/)) {
      const c = parseSetCookie(line);
      if (!c || c.name === '') continue;
      const { maxAge, expires } = c.attributes;
      const deleting =
        maxAge !== undefined ? maxAge <= 0 : expires !== undefined && (parseHttpDate(expires) ?? Infinity) <= now;
      if (deleting && !out.includes(c.name)) out.push(c.name);
    }
  }
  return out;
}

/** Headers as text, bounded: kept in order while they fit `maxBytes`; the rest are counted. */
export function boundHeaders(
  headers: readonly { name: string; value?: string }[] | undefined,
  maxBytes: number,
): { kept: HttpHeader[]; omitted: number } {
  const kept: HttpHeader[] = [];
  let omitted = 0;
  let used = 0;
  if (!Array.isArray(headers)) return { kept, omitted };
  // A UTF-16 code unit is at most 3 UTF-8 bytes: headers that fit even so are all kept, unmeasured.
  let units = 0;
  for (const h of headers)
    if (typeof h?.name === 'string' && typeof h.value === 'string') units += h.name.length + h.value.length;
  if (units * 3 <= maxBytes) {
    for (const h of headers)
      if (typeof h?.name === 'string' && typeof h.value === 'string') kept.push({ name: h.name, value: h.value });
    return { kept, omitted };
  }
  for (const h of headers) {
    if (typeof h?.name !== 'string' || typeof h.value !== 'string') continue;
    const bytes = utf8Length(h.name) + utf8Length(h.value);
    if (used + bytes > maxBytes) {
      omitted++;
      continue;
    }
    used += bytes;
    kept.push({ name: h.name, value: h.value });
  }
  return { kept, omitted };
}

/**
 * What a request log keeps of a request body: text form fields, or the raw bytes' first `maxBytes`
 * decoded as UTF-8 (`size`: the whole body's bytes, `kept`: those kept). Undefined without a body.
 */
export function keptRequestBody(
  body: RequestBodyDetails | null | undefined,
  maxBytes = MAX_REQUEST_BODY_BYTES,
): RequestRecord['body'] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  try {
    if (body.formData && typeof body.formData === 'object') {
      const form: Record<string, string[]> = {};
      let size = 0;
      let kept = 0;
      for (const [name, values] of Object.entries(body.formData)) {
        if (!Array.isArray(values)) continue;
        for (const v of values) {
          if (typeof v !== 'string') continue;
          const bytes = name.length + v.length;
          size += bytes;
          if (kept + bytes > maxBytes) continue;
          kept += bytes;
          (form[name] ??= []).push(v);
        }
      }
      return { form, size, kept };
    }
    if (Array.isArray(body.raw)) {
      const { size, bytes } = rawBodyPrefix(body.raw, maxBytes);
      if (!size) return undefined;
      return { text: decodeUtf8(bytes).text, size, kept: bytes.length };
    }
  } catch {
    // Hostile shapes (detached buffers, throwing getters): nothing kept.
  }
  return undefined;
}

function cutUrl(url: string): string {
  return url.length > MAX_SIGHTING_URL ? `${url.slice(0, MAX_SIGHTING_URL)}…` : url;
}

function headerValue(headers: readonly HttpHeader[], name: string): string | undefined {
  for (const h of headers) if (h.name.toLowerCase() === name) return h.value;
  return undefined;
}

/** What changed in a request log since it was last asked (for the panel). */
export interface RequestNews {
  requests: RequestRecord[];
  requestsEvicted: string[];
}

/**
 * One tab's request log: a record per request that carried or received a token, and per 401/403
 * answer. Kept in insertion order (oldest first), bounded by count and bytes, indexed by token so a
 * record goes when the last token it carried is dropped. Pure memory: the CaptureStore writes
 * `dirty` records as items (`req:<tab>:<n>`) and removes `removed` keys.
 */
export class RequestLog {
  /** Records by request id, oldest first. */
  readonly records = new Map<string, RequestRecord>();
  private readonly byToken = new Map<string, Set<string>>();
  private readonly keys = new Map<string, string>();
  private readonly bytes = new Map<string, number>();
  /** Bytes of the stored items (as measured at the last {@link measure}). */
  total = 0;
  private next = 0;
  /** Request ids changed since the last write. */
  readonly dirty = new Set<string>();
  /** Storage keys to remove with the next write. */
  readonly removed = new Set<string>();
  private readonly news = new Set<string>();
  private readonly gone = new Set<string>();

  constructor(
    private readonly tabId: number,
    private readonly limits: RequestLogLimits = DEFAULT_REQUEST_LIMITS,
  ) {}

  /**
   * A request-phase event (URL and headers, or a body) and the tokens it carried; `extra` (every
   * header as sent, the body) is read here, bounded. Without `extra` (an event replayed from the log)
   * the record keeps the headers that may hold a token.
   */
  noteRequest(e: RawEvent, tokens: readonly string[], extra?: RequestExtra): void {
    let r = this.records.get(e.requestId);
    if (!r) {
      if (!tokens.length) return;
      r = this.create(e);
    }
    const sent = extra?.headers ?? (e.phase === 'request' ? e.headers : undefined);
    if (sent && (r.headers === undefined || (extra?.headers && r.headers.length < sent.length))) {
      const { kept, omitted } = boundHeaders(sent, MAX_REQUEST_HEADER_BYTES);
      r.headers = kept;
      if (omitted) r.headersOmitted = omitted;
      else delete r.headersOmitted;
    }
    if (extra?.body && r.body === undefined) {
      const body = keptRequestBody(extra.body);
      if (body) r.body = body;
    }
    this.addTokens(r, tokens);
    this.touch(r.requestId);
  }

  /** A response-phase event and the tokens it delivered (or, for a cookie deletion, took away). */
  noteResponse(e: RawEvent, tokens: readonly string[]): void {
    if (!tokens.length) return;
    const r = this.records.get(e.requestId) ?? this.create(e);
    this.addTokens(r, tokens);
    this.touch(r.requestId);
  }

  /**
   * A token the panel reports from DevTools' network log (it has no webRequest id): found in a
   * response body, or carried by a request the worker missed (stopped). It joins the newest record
   * of the same method and URL — from the last {@link REPORT_MATCH_MS} for a response body, started
   * within {@link REPORTED_REQUEST_MS} for a request — else a record of its own (`net:` id), with the
   * status DevTools saw.
   */
  noteReported(s: Sighting, token: string): void {
    if (s.via !== 'devtools-network' || !s.url || !s.method) return;
    if (s.direction !== 'response' && s.direction !== 'request') return;
    const url = cutUrl(s.url);
    const near = (r: RequestRecord) =>
      s.direction === 'request'
        ? Math.abs(r.time - s.time) <= REPORTED_REQUEST_MS
        : r.time <= s.time + 1000 && s.time - r.time <= REPORT_MATCH_MS;
    let match: RequestRecord | undefined;
    for (const r of this.records.values()) if (r.url === url && r.method === s.method && near(r)) match = r;
    if (!match) {
      match = this.create({
        phase: s.direction === 'request' ? 'request' : 'response',
        requestId: `net:${s.time}:${this.next}`,
        url,
        method: s.method,
        frameId: -1,
        type: '',
        timeStamp: s.time,
      });
    }
    // A webRequest record gets its answer (with its headers) from webRequest itself.
    if (match.requestId.startsWith('net:') && match.status === undefined && s.status !== undefined)
      match.status = s.status;
    this.addTokens(match, [token]);
    this.touch(match.requestId);
  }

  /**
   * A response status (0: failed without one) and, when the listener passed it, the response's
   * headers: fills the record once; a 401/403 answer makes a record even without a token.
   * Returns true when a record changed.
   */
  noteStatus(requestId: string, status: number, response?: RawEvent): boolean {
    let r = this.records.get(requestId);
    if (!r) {
      if (!isAuthFailure(status) || !response) return false;
      r = this.create(response);
    }
    if (r.status !== undefined) return false;
    r.status = status;
    if (response) {
      r.responseTime = Math.round(response.timeStamp);
      const { kept, omitted } = boundHeaders(response.headers, MAX_RESPONSE_HEADER_BYTES);
      const all = Array.isArray(response.headers) ? response.headers : [];
      const date = parseHttpDate(headerValue(all as HttpHeader[], 'date'));
      if (date !== undefined) r.serverDate = date;
      const challenge = headerValue(all as HttpHeader[], 'www-authenticate');
      if (typeof challenge === 'string') r.challenge = parseChallenge(challenge);
      r.responseHeaders = kept;
      if (omitted) r.responseHeadersOmitted = omitted;
    }
    this.touch(requestId);
    return true;
  }

  /** The tokens a tab no longer keeps: records whose every token is gone are dropped. */
  tokensGone(tokens: Iterable<string>, kept: (token: string) => boolean): void {
    for (const token of tokens) {
      const ids = this.byToken.get(token);
      if (!ids) continue;
      this.byToken.delete(token);
      for (const id of ids) {
        const r = this.records.get(id);
        if (r && !r.tokens.some(kept)) this.drop(id);
      }
    }
  }

  /** Forgets every record (the tab was cleared); their items are removed with the next write. */
  clear(): void {
    for (const id of [...this.records.keys()]) this.drop(id);
    this.byToken.clear();
    this.total = 0;
  }

  /** Storage keys of every record (the tab closed). */
  allKeys(): string[] {
    return [...this.keys.values(), ...this.removed];
  }

  /** Takes a record read back from storage (validated by the caller). */
  load(key: string, record: RequestRecord, bytes: number): void {
    if (this.records.has(record.requestId)) {
      this.removed.add(key);
      return;
    }
    this.records.set(record.requestId, record);
    this.keys.set(record.requestId, key);
    this.bytes.set(record.requestId, bytes);
    this.total += bytes;
    for (const t of record.tokens) this.index(t, record.requestId);
    const n = Number(key.slice(requestKeyPrefix(this.tabId).length));
    if (Number.isInteger(n) && n >= this.next) this.next = n + 1;
  }

  /** After a load: records in time order, and those whose tokens are all gone dropped. */
  settleLoaded(kept: (token: string) => boolean): void {
    const sorted = [...this.records.values()].sort((a, b) => a.time - b.time);
    this.records.clear();
    for (const r of sorted) this.records.set(r.requestId, r);
    for (const r of sorted) if (r.tokens.length && !r.tokens.some(kept)) this.drop(r.requestId);
    this.news.clear();
    this.gone.clear();
  }

  /**
   * Sizes the changed records and keeps the bounds (oldest first). Returns the items to write
   * (`key → record`).
   */
  measure(texts?: Map<object, string>): Record<string, RequestRecord> {
    for (const id of this.dirty) {
      const r = this.records.get(id);
      if (!r) continue;
      const text = JSON.stringify(r);
      texts?.set(r, text);
      const bytes = utf8Length(this.keyOf(id)) + utf8Length(text);
      this.total += bytes - (this.bytes.get(id) ?? 0);
      this.bytes.set(id, bytes);
    }
    while (
      this.records.size > this.limits.maxRequests ||
      (this.total > this.limits.maxRequestBytes && this.records.size)
    )
      this.dropOldest();
    const items: Record<string, RequestRecord> = {};
    for (const id of this.dirty) {
      const r = this.records.get(id);
      if (r) items[this.keyOf(id)] = r;
    }
    return items;
  }

  /** Drops the oldest record (the byte budget over all tabs asked); false when there is none. */
  dropOldest(): boolean {
    const oldest = this.records.keys().next();
    if (oldest.done) return false;
    this.drop(oldest.value);
    return true;
  }

  /** Marks what a write stored: the dirty records and the removed keys. */
  written(removedKeys: readonly string[]): void {
    this.dirty.clear();
    for (const k of removedKeys) this.removed.delete(k);
  }

  /** True when records were dropped since the last {@link takeNews}. */
  hasEvictions(): boolean {
    return this.gone.size > 0;
  }

  /** What changed since the last call (records changed and still kept, ids dropped). */
  takeNews(): RequestNews | undefined {
    if (!this.news.size && !this.gone.size) return undefined;
    const requests: RequestRecord[] = [];
    for (const id of this.news) {
      const r = this.records.get(id);
      if (r) requests.push(r);
    }
    const news = { requests, requestsEvicted: [...this.gone] };
    this.news.clear();
    this.gone.clear();
    return news;
  }

  /** The records, oldest first. */
  list(): RequestRecord[] {
    return [...this.records.values()];
  }

  private create(e: RawEvent): RequestRecord {
    const r: RequestRecord = {
      requestId: e.requestId,
      time: Math.round(e.timeStamp),
      method: e.method,
      url: cutUrl(e.url),
      tokens: [],
    };
    if (e.type) r.type = e.type;
    if (e.initiator !== undefined) r.initiator = e.initiator;
    this.records.set(e.requestId, r);
    return r;
  }

  private addTokens(r: RequestRecord, tokens: readonly string[]): void {
    for (const t of tokens) {
      if (r.tokens.includes(t)) continue;
      r.tokens.push(t);
      this.index(t, r.requestId);
    }
  }

  private index(token: string, id: string): void {
    let set = this.byToken.get(token);
    if (!set) this.byToken.set(token, (set = new Set()));
    set.add(id);
  }

  private touch(id: string): void {
    this.dirty.add(id);
    this.news.add(id);
    this.gone.delete(id);
  }

  private drop(id: string): void {
    const r = this.records.get(id);
    if (!r) return;
    this.records.delete(id);
    for (const t of r.tokens) this.byToken.get(t)?.delete(id);
    const k = this.keys.get(id);
    if (k) this.removed.add(k);
    this.keys.delete(id);
    this.total -= this.bytes.get(id) ?? 0;
    this.bytes.delete(id);
    this.dirty.delete(id);
    this.news.delete(id);
    this.gone.add(id);
  }

  private keyOf(id: string): string {
    let k = this.keys.get(id);
    if (!k) this.keys.set(id, (k = `${requestKeyPrefix(this.tabId)}${this.next++}`));
    return k;
  }
}
