import type { CapturedToken } from '../../lib/capture/model.ts';

/** A token made in the workbench and added to the list: never traffic, linked to the token it came from. */
export interface ForgedInfo {
  token: string;
  /** The token it was forged from (absent for a new token made from the template). */
  source?: string;
  /** The forged variant that made it, when one did (`alg-none`, `resign-known-secret`, …). */
  variant?: string;
  /** Epoch ms it was added. */
  created: number;
}

/** A list entry for a forged token: a typed-in sighting (it travelled nowhere) and what it was forged from. */
export type ForgedEntry = CapturedToken & { forged: ForgedInfo };

/** The stored key of the forged tokens (in the panel's preferences, so they survive a panel reopen). */
export const FORGED_KEY = 'forgedTokens';
/** Most forged tokens kept; the oldest go first. */
export const MAX_FORGED = 200;
/** Longest forged token kept, in characters. */
export const MAX_FORGED_CHARS = 65_536;

/** True for a list entry made in the workbench. */
export function isForged(c: CapturedToken): c is ForgedEntry {
  return (c as Partial<ForgedEntry>).forged !== undefined;
}

/** The list entry of a forged token. */
export function forgedEntry(info: ForgedInfo): ForgedEntry {
  return {
    token: info.token,
    firstSeen: info.created,
    lastSeen: info.created,
    count: 1,
    sightings: [{ direction: 'input', via: 'paste', location: { kind: 'paste', name: 'paste' }, time: info.created }],
    forged: info,
  };
}

/** Adds one forged token (replacing an older record of the same token), keeping at most {@link MAX_FORGED}. */
export function addForged(forged: ReadonlyMap<string, ForgedInfo>, info: ForgedInfo): Map<string, ForgedInfo> {
  const out = new Map(forged);
  out.delete(info.token);
  out.set(info.token, info);
  while (out.size > MAX_FORGED) out.delete(out.keys().next().value!);
  return out;
}

const TOKEN_TEXT = /^[A-Za-z0-9_\-.~+/=]+$/;

/** Forged tokens read back from storage (untrusted): what is not a well-formed record is dropped. */
export function readForged(stored: unknown): Map<string, ForgedInfo> {
  const out = new Map<string, ForgedInfo>();
  if (!Array.isArray(stored)) return out;
  for (const r of stored.slice(-MAX_FORGED)) {
    if (typeof r !== 'object' || r === null) continue;
    const { token, source, variant, created } = r as Record<string, unknown>;
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_FORGED_CHARS || !TOKEN_TEXT.test(token))
      continue;
    if (typeof created !== 'number' || !Number.isFinite(created)) continue;
    out.set(token, {
      token,
      created,
      ...(typeof source === 'string' && source.length <= MAX_FORGED_CHARS ? { source } : {}),
      ...(typeof variant === 'string' && variant.length <= 64 ? { variant } : {}),
    });
  }
  return out;
}

/** The forged tokens as stored (oldest first). */
export function storedForged(forged: ReadonlyMap<string, ForgedInfo>): ForgedInfo[] {
  return [...forged.values()];
}

/** The tokens forged from `token`, newest first. */
export function forgedFrom(forged: ReadonlyMap<string, ForgedInfo>, token: string): ForgedInfo[] {
  return [...forged.values()].filter((f) => f.source === token).sort((a, b) => b.created - a.created);
}
