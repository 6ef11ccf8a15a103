import type { SightingLike, TokenContext } from '../types.ts';

/** One distinct way a token travelled, and how many sightings travelled that way. */
export interface TravelContext {
  context: TokenContext;
  count: number;
}

/** Distinct contexts judged per token at most (a token seen on 10,000 URLs need not be judged 10,000 times). */
export const MAX_TRAVEL_CONTEXTS = 100;

/**
 * Groups sightings by what the per-sighting rules read (source, name, URL, cookie flags), counting
 * the sightings of each group; groups beyond {@link MAX_TRAVEL_CONTEXTS} are not judged.
 */
export function travelContexts(sightings: readonly SightingLike[]): TravelContext[] {
  const groups = new Map<string, TravelContext>();
  for (const s of sightings) {
    const a = s.cookieAttributes;
    const key = [s.source, s.name, s.url ?? '', a ? `${a.httpOnly}|${a.secure}|${a.sameSite}` : '-'].join('\u0000');
    const hit = groups.get(key);
    if (hit) {
      hit.count++;
      continue;
    }
    if (groups.size >= MAX_TRAVEL_CONTEXTS) continue;
    const context: TokenContext = { source: s.source, name: s.name };
    if (s.url !== undefined) context.url = s.url;
    if (s.cookieAttributes !== undefined) context.cookieAttributes = s.cookieAttributes;
    groups.set(key, { context, count: 1 });
  }
  return [...groups.values()];
}
