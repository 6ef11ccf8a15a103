import type { SightingLike, TokenContext } from '../types.ts';

/** One distinct way a token travelled, and how many sightings travelled that way. */
export interface TravelContext {
  context: TokenContext;
  count: number;
}

/** Distinct contexts judged per token at most (a token seen on 10,000 URLs need not be judged 10,000 times). */
export const MAX_TRAVEL_CONTEXTS = 100;

// Fields that differ from one sighting to the next without changing where or how the token travelled.
const PER_EVENT = new Set(['time', 'status', 'method', 'initiator', 'type', 'resourceType', 'requestId', 'frameId']);

function keyOf(s: SightingLike): string {
  const parts: [string, unknown][] = [];
  for (const [k, v] of Object.entries(s)) if (!PER_EVENT.has(k) && v !== undefined) parts.push([k, v]);
  parts.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return JSON.stringify(parts);
}

/**
 * Groups sightings by what the per-sighting rules read (where and how the token travelled: source or
 * location, name, URL, cookie flags), counting the sightings of each group; groups beyond
 * {@link MAX_TRAVEL_CONTEXTS} are not judged. A sighting is its own context.
 */
export function travelContexts(sightings: readonly SightingLike[]): TravelContext[] {
  const groups = new Map<string, TravelContext>();
  for (const s of sightings) {
    const key = keyOf(s);
    const hit = groups.get(key);
    if (hit) hit.count++;
    else if (groups.size < MAX_TRAVEL_CONTEXTS) groups.set(key, { context: s, count: 1 });
  }
  return [...groups.values()];
}
