// The sighting's own types are declared in lib/types.ts (which every lib/ folder may import) and re-exported here.
import type { RequestRecord, Sighting } from '../types.ts';

export type {
  CookieAttributes,
  SightingDirection,
  SightingVia,
  UrlPart,
  UrlLocation,
  HeaderLocation,
  CookieLocation,
  SetCookieLocation,
  FormBodyLocation,
  JsonBodyLocation,
  TextBodyLocation,
  StorageLocation,
  PasteLocation,
  SightingLocation,
  LocationKind,
  Sighting,
  TokenSource,
  TokenContext,
  SightingLike,
  HttpHeader,
  AuthChallenge,
  RequestRecord,
} from '../types.ts';

/** A distinct token captured in one tab, with its sightings (newest last). */
export interface CapturedToken {
  token: string;
  firstSeen: number;
  lastSeen: number;
  /** Total sightings, including those no longer kept. */
  count: number;
  sightings: Sighting[];
  /** Set when the token's item is larger than a storage item may be: listed, but kept in memory only. */
  tooLarge?: { bytes: number };
}

/** Something the panel must tell the user about the capture (e.g. stored data that could not be read). */
export interface CaptureNotice {
  /**
   * `migrated`: data stored by an older version was converted; `unreadable`: stored data was dropped;
   * `storage-full`: writes failed and sightings were not kept; `too-large`: tokens listed but not stored;
   * `response-body-missed`: a token endpoint's response body could not be read (the panel's own notice).
   */
  code: 'migrated' | 'unreadable' | 'storage-full' | 'too-large' | 'response-body-missed';
  /** Tokens (for `unreadable`: stored items or sightings) concerned. */
  count: number;
  message: string;
}

/** Everything captured in one tab. */
export interface TabCapture {
  tabId: number;
  tokens: CapturedToken[];
  /** Sightings kept, over all tokens. */
  kept: number;
  /** Sightings dropped to stay within bounds. */
  dropped: number;
  /** Notes for the user about this tab's stored data (kept until the tab is cleared). */
  notices?: CaptureNotice[];
  /** The tab's request log, oldest first (filled by `CaptureStore.get`). */
  requests?: RequestRecord[];
}

/** Bounds on what one tab keeps (counts), and on the bytes all tabs keep together. */
export interface CaptureLimits {
  maxTokens: number;
  maxSightings: number;
  maxSightingsPerToken: number;
  /**
   * Bytes of stored items (key + JSON value, as Chrome counts its quota) over all tabs. Beyond it,
   * the tab using the most evicts its own least recently seen tokens, so a tab within its fair share
   * (this budget over the tabs holding data) never loses data to another tab.
   */
  maxTotalBytes?: number;
  /** Largest token item kept in storage; a larger one is listed from memory with a `too-large` notice. */
  maxTokenBytes?: number;
  /** Request-log records per tab (default 2,000); beyond it the oldest go. */
  maxRequests?: number;
  /** Bytes of request-log items per tab (default 1 MiB), counted inside `maxTotalBytes` too. */
  maxRequestBytes?: number;
}

/** storage.session's quota in Chromium (10 MiB). */
export const SESSION_QUOTA_BYTES = 10_485_760;

/** Default bounds: 7 MiB of tokens leaves 3 MiB of the quota to the write-ahead log and summaries. */
export const DEFAULT_LIMITS: CaptureLimits = {
  maxTokens: 2000,
  maxSightings: 20_000,
  maxSightingsPerToken: 500,
  maxTotalBytes: 7 * 1_048_576,
  maxTokenBytes: 1_048_576,
  maxRequests: 2000,
  maxRequestBytes: 1_048_576,
};

/** Longest URL kept in a sighting; longer ones are cut (the token itself is kept whole). */
export const MAX_SIGHTING_URL = 4096;

/** An empty capture for a tab. */
export function emptyCapture(tabId: number): TabCapture {
  return { tabId, tokens: [], kept: 0, dropped: 0 };
}

/** What adding one sighting changed, so a store can write only that. */
export interface AddResult {
  entry: CapturedToken;
  /** Tokens removed to keep the token bound. */
  evicted: CapturedToken[];
  /** Other tokens that lost their oldest sighting to the sighting bound. */
  trimmed: CapturedToken[];
}

/**
 * Adds a sighting to a tab's capture (deduplicating by token value through `index`, keeping
 * bounds: least recently seen tokens go first, then oldest sightings). Mutates `capture` and
 * `index` (token → entry, kept in step with `capture.tokens`).
 */
export function addSighting(
  capture: TabCapture,
  index: Map<string, CapturedToken>,
  token: string,
  sighting: Sighting,
  limits: CaptureLimits = DEFAULT_LIMITS,
): AddResult {
  const evicted: CapturedToken[] = [];
  const trimmed: CapturedToken[] = [];
  let entry = index.get(token);
  if (!entry) {
    entry = { token, firstSeen: sighting.time, lastSeen: sighting.time, count: 0, sightings: [] };
    capture.tokens.push(entry);
    index.set(token, entry);
    while (capture.tokens.length > limits.maxTokens) {
      let oldest = 0;
      for (let i = 1; i < capture.tokens.length; i++) {
        if (capture.tokens[i]!.lastSeen < capture.tokens[oldest]!.lastSeen) oldest = i;
      }
      const [gone] = capture.tokens.splice(oldest, 1);
      index.delete(gone!.token);
      capture.dropped += gone!.sightings.length;
      capture.kept -= gone!.sightings.length;
      evicted.push(gone!);
    }
  }
  if (sighting.url && sighting.url.length > MAX_SIGHTING_URL)
    sighting = { ...sighting, url: `${sighting.url.slice(0, MAX_SIGHTING_URL)}…` };
  entry.count++;
  entry.lastSeen = Math.max(entry.lastSeen, sighting.time);
  entry.sightings.push(sighting);
  capture.kept++;
  if (entry.sightings.length > limits.maxSightingsPerToken) {
    entry.sightings.shift();
    capture.kept--;
    capture.dropped++;
  }
  while (capture.kept > limits.maxSightings) {
    let oldest: CapturedToken | undefined;
    for (const t of capture.tokens) {
      const first = t.sightings[0];
      if (first && (!oldest || first.time < oldest.sightings[0]!.time)) oldest = t;
    }
    if (!oldest) break;
    oldest.sightings.shift();
    capture.kept--;
    capture.dropped++;
    if (oldest !== entry) trimmed.push(oldest);
  }
  return { entry, evicted, trimmed };
}

/** The sighting of a token typed or pasted into the panel at `time` (epoch milliseconds). */
export function pasteSighting(time: number): Sighting {
  return { direction: 'input', via: 'paste', location: { kind: 'paste', name: 'paste' }, time };
}
