import { lastMember, PATH_SEPARATOR } from './json-tokens.ts';
import type {
  CapturedToken,
  Sighting,
  SightingDirection,
  SightingLocation,
  SightingVia,
  TokenContext,
  TokenSource,
} from './model.ts';
import { isCapturedToken, isSighting } from './validate-capture.ts';

/** A sighting as protocol v3 stored it: a source word, a display name and a resource type. */
export interface SightingV3 {
  source: TokenSource;
  name: string;
  method?: string;
  url?: string;
  /** webRequest resource type, or `cookie-jar`. */
  type?: string;
  requestId?: string;
  frameId?: number;
  initiator?: string;
  time: number;
  status?: number;
  cookieAttributes?: { httpOnly?: boolean; secure?: boolean; sameSite?: string };
}

const RESPONSE_BODY = `response${PATH_SEPARATOR}`;
const LOCATION = `Location${PATH_SEPARATOR}`;

/** Which part of `url` holds `token` (the fragment, the query, else the path). */
function partOf(url: string | undefined, token: string | undefined): 'query' | 'fragment' | 'path' {
  if (url === undefined) return 'query';
  const hash = url.indexOf('#');
  const query = url.indexOf('?');
  const at = token ? url.indexOf(token) : -1;
  if (at >= 0) {
    if (hash >= 0 && at > hash) return 'fragment';
    if (query >= 0 && at > query) return 'query';
    return 'path';
  }
  return hash >= 0 && query < 0 ? 'fragment' : 'query';
}

// A v3 body name was a JSON path when it has path punctuation; a plain word was a form field.
const looksLikeJsonPath = (name: string) => /[.[\]$]|^\[/.test(name) || name.includes(PATH_SEPARATOR);

/**
 * Reads a v3 source word and display name as a v4 direction, way and location. `token` and `url`
 * help place a URL token in its part. Heuristic where v3 kept too little (a v3 header could be a
 * request or a response header: it is taken as a request header, the common case).
 */
export function locationFromV3(
  v3: Pick<SightingV3, 'source' | 'name' | 'type' | 'status' | 'url'>,
  token?: string,
): { direction: SightingDirection; via: SightingVia; location: SightingLocation } {
  const name = v3.name;
  switch (v3.source) {
    case 'header':
      return { direction: 'request', via: 'webrequest', location: { kind: 'header', name } };
    case 'cookie':
      return v3.type === 'cookie-jar'
        ? { direction: 'stored', via: 'cookie-jar', location: { kind: 'cookie', name } }
        : { direction: 'request', via: 'webrequest', location: { kind: 'cookie', name } };
    case 'set-cookie':
      return { direction: 'response', via: 'webrequest', location: { kind: 'set-cookie', name } };
    case 'url': {
      if (name.startsWith(LOCATION)) {
        const param = name.slice(LOCATION.length);
        return {
          direction: 'response',
          via: 'webrequest',
          location: { kind: 'header', name: 'Location', url: { kind: partOf(v3.url, token), name: param } },
        };
      }
      const kind = name === 'path' ? 'path' : partOf(v3.url, token);
      return { direction: 'request', via: 'webrequest', location: { kind, name } };
    }
    case 'body': {
      if (name.startsWith(RESPONSE_BODY) || (v3.status !== undefined && v3.type === undefined)) {
        const jsonPath = name.startsWith(RESPONSE_BODY) ? name.slice(RESPONSE_BODY.length) : name;
        return {
          direction: 'response',
          via: 'devtools-network',
          location: { kind: 'json-body', name: lastMember(jsonPath), jsonPath },
        };
      }
      if (name === 'body') return { direction: 'request', via: 'webrequest', location: { kind: 'text-body', name } };
      if (looksLikeJsonPath(name))
        return {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'json-body', name: lastMember(name), jsonPath: name },
        };
      return { direction: 'request', via: 'webrequest', location: { kind: 'form-body', name } };
    }
    case 'local-storage':
    case 'session-storage': {
      const cut = name.indexOf(PATH_SEPARATOR);
      const key = cut < 0 ? name : name.slice(0, cut);
      const jsonPath = cut < 0 ? undefined : name.slice(cut + PATH_SEPARATOR.length);
      return {
        direction: 'stored',
        via: 'page-storage',
        location: {
          kind: 'storage',
          area: v3.source === 'session-storage' ? 'session' : 'local',
          name: key,
          ...(jsonPath ? { jsonPath } : {}),
        },
      };
    }
    case 'pasted':
      return { direction: 'input', via: 'paste', location: { kind: 'paste', name: 'paste' } };
  }
}

/** A v3 sighting in the v4 shape (see {@link locationFromV3}). */
export function migrateSightingV3(v3: SightingV3, token?: string): Sighting {
  const out: Sighting = { ...locationFromV3(v3, token), time: v3.time };
  for (const k of ['method', 'url', 'requestId', 'frameId', 'initiator', 'status', 'cookieAttributes'] as const)
    if (v3[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = v3[k];
  if (v3.type !== undefined && v3.type !== 'cookie-jar') out.resourceType = v3.type;
  return out;
}

/** A rule context's travel, structured: a v3-style `{source, name}` context is read as a location. */
export function travelOf(context: TokenContext): Pick<TokenContext, 'direction' | 'via' | 'location'> {
  if (context.location) return context;
  if (context.source === undefined) return {};
  return locationFromV3(
    { source: context.source, name: context.name ?? '', ...(context.url !== undefined ? { url: context.url } : {}) },
    undefined,
  );
}

/** A stored token read back: as it was (v4), converted from v3, or with unreadable sightings left out. */
export interface StoredTokenRead {
  entry: CapturedToken;
  /** The entry was in the v3 shape and was converted. */
  migrated: boolean;
  /** Sightings that were neither v4 nor v3 and were left out. */
  droppedSightings: number;
}

const V3_SOURCES = new Set<string>([
  'header',
  'cookie',
  'set-cookie',
  'url',
  'body',
  'local-storage',
  'session-storage',
  'pasted',
]);

/** True when `v` has the shape protocol v3 stored a sighting in. */
export function isSightingV3(v: unknown): v is SightingV3 {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const optStr = (x: unknown) => x === undefined || typeof x === 'string';
  const optNum = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isFinite(x));
  const ca = s.cookieAttributes;
  return (
    typeof s.source === 'string' &&
    V3_SOURCES.has(s.source) &&
    typeof s.name === 'string' &&
    typeof s.time === 'number' &&
    Number.isFinite(s.time) &&
    optStr(s.method) &&
    optStr(s.url) &&
    optStr(s.type) &&
    optStr(s.requestId) &&
    optStr(s.initiator) &&
    optNum(s.frameId) &&
    optNum(s.status) &&
    (ca === undefined || (typeof ca === 'object' && ca !== null))
  );
}

/**
 * Reads a stored token item written by this version or by v3 (whose sightings are converted, see
 * {@link migrateSightingV3}); sightings of neither shape are left out and counted. Undefined when
 * the item is not a token at all.
 */
export function readStoredToken(v: unknown): StoredTokenRead | undefined {
  if (isCapturedToken(v)) return { entry: v, migrated: false, droppedSightings: 0 };
  if (typeof v !== 'object' || v === null) return undefined;
  const t = v as Record<string, unknown>;
  if (
    typeof t.token !== 'string' ||
    t.token === '' ||
    typeof t.firstSeen !== 'number' ||
    typeof t.lastSeen !== 'number' ||
    !Number.isInteger(t.count) ||
    !Array.isArray(t.sightings)
  )
    return undefined;
  const sightings: Sighting[] = [];
  let migrated = false;
  let droppedSightings = 0;
  for (const s of t.sightings as unknown[]) {
    if (isSighting(s)) sightings.push(s);
    else if (isSightingV3(s)) {
      const m: Sighting = migrateSightingV3(s, t.token);
      if (isSighting(m)) {
        sightings.push(m);
        migrated = true;
      } else droppedSightings++;
    } else droppedSightings++;
  }
  const entry: CapturedToken = {
    token: t.token,
    firstSeen: t.firstSeen,
    lastSeen: t.lastSeen,
    count: t.count as number,
    sightings,
  };
  return { entry, migrated, droppedSightings };
}
