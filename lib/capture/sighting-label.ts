import type { Sighting, SightingDirection, SightingLocation, TokenSource } from './model.ts';

/** Separates the steps of a label (`response › data.token`, `localStorage › key › path`). */
const STEP = ' › ';

/** The parts of a sighting its labels are derived from. */
type Labelled = Pick<Sighting, 'direction' | 'location'> & Partial<Pick<Sighting, 'via' | 'body' | 'removed' | 'time'>>;

/** Where a token sat, as short text: `Authorization`, `Location › id_token`, `response › a.b`, `localStorage › key`. */
export function locationLabel(location: SightingLocation, direction?: SightingDirection): string {
  switch (location.kind) {
    case 'header': {
      if (location.url) return `${location.name}${STEP}${location.url.name}`;
      if (location.credential) return `${location.name} (${location.scheme ?? 'Basic'} ${location.credential})`;
      return location.name;
    }
    case 'cookie':
    case 'set-cookie':
    case 'query':
    case 'fragment':
    case 'path':
      return location.name;
    case 'form-body':
    case 'json-body':
    case 'text-body': {
      const where =
        location.kind === 'json-body'
          ? location.jsonPath
          : location.kind === 'form-body' && location.jsonPath
            ? `${location.name}.${location.jsonPath}`
            : location.name;
      return direction === 'response' ? `response${STEP}${where}` : where;
    }
    case 'storage': {
      const area = location.area === 'session' ? 'sessionStorage' : 'localStorage';
      return `${area}${STEP}${location.name}${location.jsonPath ? STEP + location.jsonPath : ''}`;
    }
    case 'paste':
      return 'paste';
  }
}

/** The label of a sighting's location (see {@link locationLabel}). */
export function sightingLabel(s: Labelled): string {
  const label = locationLabel(s.location, s.direction);
  if (s.removed && s.location.kind === 'storage') return `${label} (${removedNote(s.location.area, s.time)})`;
  if (s.removed && s.location.kind === 'set-cookie') return `${label} (${deletedNote(s.time)})`;
  return s.body ? `${label} (${bodyNote(s.body)})` : label;
}

/** Says when a stored token left its place: `removed from sessionStorage at 12:04:31` (local time). */
export function removedNote(area: 'local' | 'session', time: number | undefined): string {
  const where = area === 'session' ? 'sessionStorage' : 'localStorage';
  return `removed from ${where}${atTime(time)}`;
}

/** Says when a response deleted the cookie that held a token: `deleted by the server at 12:04:31` (local time). */
export function deletedNote(time: number | undefined): string {
  return `deleted by the server${atTime(time)}`;
}

function atTime(time: number | undefined): string {
  return typeof time === 'number' && Number.isFinite(time) ? ` at ${new Date(time).toTimeString().slice(0, 8)}` : '';
}

type Placed = Pick<Sighting, 'direction' | 'location' | 'removed'> & Partial<Pick<Sighting, 'time'>>;

/**
 * The latest sighting at each place that keeps a token: a Web Storage location (stored sightings),
 * or a cookie by name (a Cookie header, a Set-Cookie, the cookie jar).
 */
function latestPerPlace(sightings: readonly Placed[]): Map<string, Placed> {
  const latest = new Map<string, Placed>();
  for (const s of sightings) {
    const l = s.location;
    if (l.kind === 'storage' && s.direction === 'stored')
      latest.set(`s\u0000${l.area}\u0000${l.name}\u0000${l.jsonPath ?? ''}`, s);
    else if (l.kind === 'cookie' || l.kind === 'set-cookie') latest.set(`c\u0000${l.name}`, s);
  }
  return latest;
}

/**
 * True when every place that kept the token — Web Storage locations, cookies — has since been seen
 * without it (the page removed it, or a response deleted the cookie) and at least one removal was
 * seen; false when it was never kept or is still somewhere.
 */
export function noLongerStored(sightings: readonly Placed[]): boolean {
  const latest = [...latestPerPlace(sightings).values()];
  return latest.length > 0 && latest.every((s) => s.removed === true);
}

/**
 * What a token no longer kept says in its row (undefined while it is kept somewhere): `deleted by
 * the server at 12:04:31` when the last removal was a cookie deletion, else `no longer stored`.
 */
export function noLongerStoredNote(sightings: readonly Placed[]): string | undefined {
  const latest = [...latestPerPlace(sightings).values()];
  if (!latest.length || !latest.every((s) => s.removed === true)) return undefined;
  let last: Placed | undefined;
  for (const s of latest) if (!last || (s.time ?? 0) >= (last.time ?? 0)) last = s;
  return last?.location.kind === 'set-cookie' ? deletedNote(last.time) : 'no longer stored';
}

/** Says how much of a body was read: `body 5.2 MB: only the first 1 MiB scanned`. */
export function bodyNote(body: { size: number; scanned: number; tail?: number }): string {
  const tail = body.tail ? ` and the last ${binaryBytes(body.tail)}` : '';
  return `body ${megabytes(body.size)}: only the first ${binaryBytes(body.scanned)}${tail} scanned`;
}

/** What a token too large for a storage item says in its row and detail: `too large to keep (1.4 MB) — not stored`. */
export function tooLargeNote(bytes: number): string {
  return `too large to keep (${megabytes(bytes)}) — not stored`;
}

/** A byte count in decimal units, as sizes are said to users: `5.2 MB`, `40.0 kB`, `12 bytes`. */
export function megabytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} bytes`;
}

/** A byte count in binary units, as limits are said: `1 MiB`, `16 KiB`, `12 bytes`. */
export function binaryBytes(n: number): string {
  if (n >= 1_048_576) return `${+(n / 1_048_576).toFixed(2)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Where a token was seen as one word: the filter's `source:` values and the list's Sources column. */
export function sightingSource(s: Labelled): TokenSource {
  const l = s.location;
  switch (l.kind) {
    case 'header':
      return l.url ? 'url' : 'header';
    case 'cookie':
    case 'set-cookie':
      return l.kind;
    case 'query':
    case 'fragment':
    case 'path':
      return 'url';
    case 'form-body':
    case 'json-body':
    case 'text-body':
      return 'body';
    case 'storage':
      return l.area === 'session' ? 'session-storage' : 'local-storage';
    case 'paste':
      return 'pasted';
  }
}

/** How a sighting was seen, as short text for a table: `request`, `response`, `cookie jar`, `storage`, `pasted`. */
export function sightingOrigin(s: Labelled): string {
  if (s.via === 'cookie-jar') return 'cookie jar';
  if (s.direction === 'stored') return 'storage';
  if (s.direction === 'input') return 'pasted';
  return s.direction;
}

/** True when the page sent the token to a server (not a response, a stored copy or a paste). */
export function isSent(s: Pick<Sighting, 'direction'>): boolean {
  return s.direction === 'request';
}

/** True for a token typed or pasted into the panel. */
export function isPasted(s: Pick<Sighting, 'via'>): boolean {
  return s.via === 'paste';
}

/** True while a request's response status may still arrive (stored and pasted tokens never get one). */
export function awaitsStatus(s: Pick<Sighting, 'direction' | 'via' | 'status'>): boolean {
  return s.status === undefined && s.direction === 'request' && s.via === 'webrequest';
}
