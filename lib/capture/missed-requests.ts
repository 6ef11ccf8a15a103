import type { CapturedToken, Sighting, SightingLocation } from './model.ts';
import { tokensInRequestHeaders } from './parse-headers.ts';
import type { FoundSighting } from './raw-event.ts';
import { mayHoldToken } from './raw-event.ts';
import { tokensInUrl } from './url-tokens.ts';

// The panel's DevTools network log sees every request of the inspected tab, including those whose
// webRequest event died with a stopped worker. The panel keeps what it saw, waits until the worker
// has had its chance (a replayed log included), and reports only what the worker's capture lacks;
// the store drops a report that meets its twin either way, so a request is counted once.

/** How far apart (ms) DevTools' start time and webRequest's time of one request may lie. */
export const TWIN_MS = 1500;
/** How long after a request finished the panel waits before it asks whether the worker has it. */
export const RECOVER_AFTER_MS = 1500;
/** How long a connection must have lasted (since its snapshot) before the panel trusts what it shows. */
export const SETTLED_MS = 1000;
/** How long a report waits to come back in the worker's capture before it is sent again. */
export const RESEND_MS = 3000;
/** Reports of one sighting before the panel gives up on it (the worker evicted it, or keeps dying). */
const MAX_REPORTS = 3;
/**
 * Longest header value or URL scanned for recovery: the scan runs on the panel's main thread for
 * every request; a bigger token (rare, and the worker scans it anyway) is not recovered.
 */
export const MAX_RECOVERED_CHARS = 64 * 1024;
/** Requests the panel keeps waiting for at most (the oldest go first). */
export const MAX_PENDING = 4000;

/** The slice of a DevTools HAR entry read here. */
export interface HarRequestLike {
  request: { method: string; url: string; headers: readonly { name: string; value?: string }[] };
  response?: { status?: number };
  startedDateTime?: string;
}

/**
 * The tokens a request carried in its URL and headers, as DevTools' network log saw it: request
 * sightings `via: 'devtools-network'` at the request's start time. Never throws.
 */
export function requestSightings(entry: HarRequestLike, fallbackTime: number): FoundSighting[] {
  const found: FoundSighting[] = [];
  try {
    const { method, url, headers } = entry.request;
    if (typeof url !== 'string' || !Array.isArray(headers)) return found;
    const started = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : NaN;
    const time = Number.isFinite(started) ? started : fallbackTime;
    const status = entry.response?.status;
    const base = (location: SightingLocation): Sighting => ({
      direction: 'request',
      via: 'devtools-network',
      location,
      method,
      url,
      time,
      // HAR says 0 for a request that got no response; a number only when it is one.
      ...(typeof status === 'number' && status >= 0 ? { status } : {}),
    });
    if (url.length <= MAX_RECOVERED_CHARS && mayHoldToken(url))
      for (const t of tokensInUrl(url)) found.push({ token: t.token, sighting: base(t.location) });
    const candidates = headers.filter(
      (h) =>
        typeof h.value === 'string' &&
        h.value.length <= MAX_RECOVERED_CHARS &&
        (mayHoldToken(h.value) || /^(proxy-)?authorization$/i.test(h.name)),
    );
    for (const t of tokensInRequestHeaders(candidates)) found.push({ token: t.token, sighting: base(t.location) });
  } catch {
    // A malformed entry: nothing to recover from it.
  }
  return found;
}

function sameLocation(a: SightingLocation, b: SightingLocation): boolean {
  if (a.kind !== b.kind) return false;
  const an = (a as { name?: unknown }).name;
  const bn = (b as { name?: unknown }).name;
  if (typeof an === 'string' && typeof bn === 'string')
    return a.kind === 'header' ? an.toLowerCase() === bn.toLowerCase() : an === bn;
  return an === bn;
}

/**
 * True when `a` and `b` are one request seen twice: by webRequest and by DevTools' network log
 * (same URL and place, start times within {@link TWIN_MS}), or reported twice from DevTools (the
 * same start time). Two webRequest sightings are never twins: each is its own request.
 */
export function isTwin(a: Sighting, b: Sighting): boolean {
  if (a.direction !== 'request' || b.direction !== 'request') return false;
  const da = a.via === 'devtools-network';
  const db = b.via === 'devtools-network';
  if (!da && !db) return false;
  if (a.url !== b.url || !sameLocation(a.location, b.location)) return false;
  const apart = Math.abs(a.time - b.time);
  return da && db ? apart === 0 : apart <= TWIN_MS;
}

/** True when the token's entry already holds a twin of `s` (see {@link isTwin}). */
export function hasTwin(entry: Pick<CapturedToken, 'sightings'> | undefined, s: Sighting): boolean {
  if (!entry || s.direction !== 'request') return false;
  for (const t of entry.sightings) if (isTwin(t, s)) return true;
  return false;
}

interface Pending {
  found: FoundSighting;
  /** The worker's dropped count when the request was seen (see {@link MissedRequests.due}). */
  dropped: number;
  /** When DevTools reported the request finished. */
  at: number;
  reports: number;
  /** The connection the last report went out on, and when. */
  reportedOn?: number;
  reportedAt?: number;
}

/**
 * What the panel saw in DevTools' network log that the worker's capture may lack (never what the
 * worker may have stored and then evicted: nothing is recovered across a change of its dropped count). Fed with the
 * worker's capture as the panel receives it (snapshot, tokens, cleared) and with the connection's
 * state; {@link due} names the sightings to report: those the worker still lacks once the request
 * is {@link RECOVER_AFTER_MS} old and the connection has been up for {@link SETTLED_MS} (a
 * restarted worker replays its log before it answers hello, so by then what it has, it shows).
 */
export class MissedRequests {
  private pending: Pending[] = [];
  private readonly known = new Map<string, CapturedToken>();
  private connection = 0;
  private connectedAt: number | undefined;
  /** The worker's count of sightings dropped by its bounds, as last told. */
  private dropped = 0;
  /** Sightings reported so far (for tests and the panel's own accounting). */
  recovered = 0;

  /** A request DevTools saw finish at `now`: its sightings wait to be checked. */
  seen(found: readonly FoundSighting[], now: number): void {
    for (const f of found) this.pending.push({ found: f, at: now, reports: 0, dropped: this.dropped });
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
  }

  /** The worker's snapshot replaced the capture (a new connection, settled from `now`). */
  snapshot(tokens: readonly CapturedToken[], now: number, dropped = 0): void {
    this.known.clear();
    this.update(tokens, [], dropped);
    this.connection++;
    this.connectedAt = now;
  }

  /** Tokens the worker changed or evicted, and its count of sightings dropped by its bounds. */
  update(tokens: readonly CapturedToken[], evicted: readonly string[], dropped = this.dropped): void {
    for (const t of tokens) this.known.set(t.token, t);
    for (const e of evicted) this.known.delete(e);
    this.dropped = dropped;
  }

  /** The capture was cleared (by the user or a navigation): what was pending is moot. */
  cleared(): void {
    this.known.clear();
    this.pending = [];
  }

  /** The connection to the worker is gone; nothing is checked until the next snapshot. */
  disconnected(): void {
    this.connectedAt = undefined;
  }

  /** The sightings to report now (each at most {@link MAX_REPORTS} times, {@link RESEND_MS} apart). */
  due(now: number): FoundSighting[] {
    if (this.connectedAt === undefined || now - this.connectedAt < SETTLED_MS) return [];
    const out: FoundSighting[] = [];
    this.pending = this.pending.filter((p) => {
      if (now - p.at < RECOVER_AFTER_MS) return true;
      if (hasTwin(this.known.get(p.found.token), p.found.sighting)) return false;
      // The worker dropped sightings since (byte budget, bounds): a missing one may have been stored
      // and evicted, and reporting it would bring back what the budget pushed out. Not recovered.
      if (this.dropped > p.dropped) return false;
      if (p.reportedOn === this.connection && now - (p.reportedAt ?? 0) < RESEND_MS) return true;
      if (p.reports >= MAX_REPORTS) return false;
      p.reports++;
      p.reportedOn = this.connection;
      p.reportedAt = now;
      if (p.reports === 1) this.recovered++;
      out.push(p.found);
      return true;
    });
    return out;
  }

  /** Requests still waiting to be checked or confirmed. */
  get waiting(): number {
    return this.pending.length;
  }
}
