import type { CapturedToken } from '../../lib/capture/model.ts';
import { pastedSighting, type PastedToken } from '../../lib/capture/paste-tokens.ts';

/**
 * Keeps the tokens found in a paste in the list, each with a `paste` sighting saying where in the
 * pasted text it sat. While the user types (`previous`: what the text before this edit held), a
 * token that extends (or is cut from) one of the previous text replaces it instead of piling up,
 * and a token the previous text already held at the same place is not counted again.
 */
export function pastedEntries(
  pasted: ReadonlyMap<string, CapturedToken>,
  found: readonly PastedToken[],
  time: number,
  previous: readonly PastedToken[] = [],
): Map<string, CapturedToken> {
  const out = new Map(pasted);
  const now = new Set(found.map((f) => f.token));
  const before = new Set(previous.map((p) => p.token));
  for (const f of found) {
    if (out.has(f.token)) continue;
    for (const p of before)
      if (!now.has(p) && (f.token.startsWith(p) || p.startsWith(f.token))) {
        out.delete(p);
        before.delete(p);
      }
  }
  const held = new Set(previous.map((p) => `${p.token}\u0000${JSON.stringify(p.location)}`));
  for (const f of found) {
    const existing = out.get(f.token);
    const sighting = pastedSighting(f, time);
    if (!existing) {
      out.set(f.token, { token: f.token, firstSeen: time, lastSeen: time, count: 1, sightings: [sighting] });
    } else if (!held.has(`${f.token}\u0000${JSON.stringify(f.location)}`)) {
      out.set(f.token, {
        ...existing,
        lastSeen: time,
        count: existing.count + 1,
        sightings: [...existing.sightings, sighting],
      });
    }
  }
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
