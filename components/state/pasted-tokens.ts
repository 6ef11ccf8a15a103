import { pasteSighting, type CapturedToken } from '../../lib/capture/model.ts';

/**
 * Keeps a pasted token in the list (a `paste` sighting). While the user types, a token that extends
 * (or is cut from) the latest pasted one replaces it instead of piling up.
 */
export function pastedEntry(
  pasted: ReadonlyMap<string, CapturedToken>,
  token: string,
  time: number,
): Map<string, CapturedToken> {
  const out = new Map(pasted);
  const existing = out.get(token);
  if (existing) {
    out.set(token, {
      ...existing,
      lastSeen: time,
      count: existing.count + 1,
      sightings: [...existing.sightings, pasteSighting(time)],
    });
    return out;
  }
  let latest: CapturedToken | undefined;
  for (const c of out.values()) if (!latest || c.lastSeen >= latest.lastSeen) latest = c;
  if (latest && (token.startsWith(latest.token) || latest.token.startsWith(token))) out.delete(latest.token);
  out.set(token, {
    token,
    firstSeen: time,
    lastSeen: time,
    count: 1,
    sightings: [pasteSighting(time)],
  });
  return out;
}

/** Captured and pasted tokens together, newest first; a token both captured and pasted is one entry. */
export function mergeEntries(
  captured: ReadonlyMap<string, CapturedToken>,
  pasted: ReadonlyMap<string, CapturedToken>,
): CapturedToken[] {
  const all: CapturedToken[] = [];
  for (const c of captured.values()) {
    const p = pasted.get(c.token);
    all.push(
      p
        ? {
            ...c,
            count: c.count + p.count,
            lastSeen: Math.max(c.lastSeen, p.lastSeen),
            sightings: [...c.sightings, ...p.sightings],
          }
        : c,
    );
  }
  for (const p of pasted.values()) if (!captured.has(p.token)) all.push(p);
  return all.sort((a, b) => b.lastSeen - a.lastSeen);
}
