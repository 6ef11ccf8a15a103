/** Cookie attributes known for a sighting (from Set-Cookie or the cookie jar). */
export interface CookieAttributes {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
}

/**
 * Which way the token was moving when it was seen: sent by the page (`request`), sent by a server
 * (`response`), at rest in the browser (`stored`: Web Storage, the cookie jar), or typed in by the
 * user (`input`: a paste), which travelled nowhere.
 */
export type SightingDirection = 'request' | 'response' | 'stored' | 'input';

/** How JWT Lens saw it. */
export type SightingVia =
  | 'webrequest'
  | 'cookie-jar'
  | 'devtools-network'
  | 'page-storage'
  | 'paste'
  /** Reserved for imported files (HAR). */
  | 'file-import';

/** Which part of a URL carried a token. */
export type UrlPart = 'query' | 'fragment' | 'path';

/**
 * A place inside a URL: a query or fragment parameter (`name` is the parameter; the part's own name
 * when the value has no parameter name, e.g. `?eyJ…`), or a path segment (`name` is `path`).
 */
export interface UrlLocation {
  kind: UrlPart;
  name: string;
}

/** In a header (request or response). */
export interface HeaderLocation {
  kind: 'header';
  /** The header name, as sent. */
  name: string;
  /** The authentication scheme in front of the token (`Bearer`, `DPoP`, `Basic`), as sent. */
  scheme?: string;
  /** For `Basic` credentials: which half of `user:password` held the token. */
  credential?: 'user' | 'password';
  /** For a header holding a URL (a redirect's `Location`): where in that URL the token sat. */
  url?: UrlLocation;
}

/** In a `Cookie` request header, or the cookie jar. */
export interface CookieLocation {
  kind: 'cookie';
  /** The cookie name. */
  name: string;
}

/** In a `Set-Cookie` response header. */
export interface SetCookieLocation {
  kind: 'set-cookie';
  /** The cookie name. */
  name: string;
}

/** In a form body: a urlencoded field or a multipart part (`jsonPath` when the part is JSON). */
export interface FormBodyLocation {
  kind: 'form-body';
  /** The field name. */
  name: string;
  jsonPath?: string;
}

/** In a JSON body. */
export interface JsonBodyLocation {
  kind: 'json-body';
  /** The member (or array) name holding the token: the last name on `jsonPath`; `$` for the root. */
  name: string;
  /** Path from the root (`data.tokens[0]`; ` › ` steps into a JSON string); `$` for the root itself. */
  jsonPath: string;
}

/** In a body that is neither parsed JSON nor a form (plain text, or JSON cut short). */
export interface TextBodyLocation {
  kind: 'text-body';
  /** The JSON key or form field right before the token, else `body`. */
  name: string;
}

/** In the page's Web Storage. */
export interface StorageLocation {
  kind: 'storage';
  area: 'local' | 'session';
  /** The storage key. */
  name: string;
  /** Path inside the value when the value is JSON ('' or absent when the value itself holds the token). */
  jsonPath?: string;
}

/** Typed or pasted into the panel. */
export interface PasteLocation {
  kind: 'paste';
  name: 'paste';
}

/**
 * Exactly where a token sat, structured so that it can be put back there (replay): a `query`,
 * `fragment` or `path` location is in the sighting's `url`; a header's `url` is in that header's URL.
 */
export type SightingLocation =
  | HeaderLocation
  | CookieLocation
  | SetCookieLocation
  | (UrlLocation & { kind: UrlPart })
  | FormBodyLocation
  | JsonBodyLocation
  | TextBodyLocation
  | StorageLocation
  | PasteLocation;

/** Every `kind` a {@link SightingLocation} can have. */
export type LocationKind = SightingLocation['kind'];

/** One time a token was seen. */
export interface Sighting {
  direction: SightingDirection;
  via: SightingVia;
  location: SightingLocation;
  method?: string;
  /**
   * The request's URL; for a redirect's `Location`, the resolved Location (where the token goes
   * next); for Web Storage and the cookie jar, the page's URL.
   */
  url?: string;
  /** webRequest resource type (`xmlhttprequest`, `main_frame`, …), for webRequest sightings. */
  resourceType?: string;
  requestId?: string;
  frameId?: number;
  initiator?: string;
  /** Epoch milliseconds. */
  time: number;
  /** HTTP status of the response (0: failed without one), once known; never for stored or pasted tokens. */
  status?: number;
  cookieAttributes?: CookieAttributes;
}

/** A distinct token captured in one tab, with its sightings (newest last). */
export interface CapturedToken {
  token: string;
  firstSeen: number;
  lastSeen: number;
  /** Total sightings, including those no longer kept. */
  count: number;
  sightings: Sighting[];
}

/** Something the panel must tell the user about the capture (e.g. stored data that could not be read). */
export interface CaptureNotice {
  /** `migrated`: data stored by an older version was converted; `unreadable`: stored data was dropped. */
  code: 'migrated' | 'unreadable';
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
}

/** Bounds on what one tab keeps. */
export interface CaptureLimits {
  maxTokens: number;
  maxSightings: number;
  maxSightingsPerToken: number;
}

/** Default bounds per tab. */
export const DEFAULT_LIMITS: CaptureLimits = { maxTokens: 2000, maxSightings: 20_000, maxSightingsPerToken: 500 };

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
