import type { KeyEntry, KeyFormat } from '../types.ts';

/** Formats a key entry may declare. */
export const KEY_FORMATS: readonly KeyFormat[] = ['text', 'base64', 'base64url', 'hex', 'pem', 'jwk', 'jwks', 'ssh'];

/** Longest key material accepted (characters): a big JWKS fits, a pasted file by mistake does not. */
export const MAX_KEY_MATERIAL = 1_000_000;

const isStr = (v: unknown): v is string => typeof v === 'string';

/** The entry if `v` is a well-formed stored key entry (unknown members dropped), else undefined. */
export function validKeyEntry(v: unknown): KeyEntry | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (!isStr(o.id) || o.id === '' || !isStr(o.material) || o.material.length > MAX_KEY_MATERIAL) return undefined;
  if (o.label !== undefined && !isStr(o.label)) return undefined;
  if (o.issuer !== undefined && !isStr(o.issuer)) return undefined;
  if (o.format !== undefined && !(KEY_FORMATS as readonly unknown[]).includes(o.format)) return undefined;
  const entry: KeyEntry = { id: o.id, material: o.material };
  if (isStr(o.label) && o.label !== '') entry.label = o.label;
  if (isStr(o.issuer) && o.issuer !== '') entry.issuer = o.issuer;
  if (o.format !== undefined) entry.format = o.format as KeyFormat;
  return entry;
}

/** Reads a key ring back from storage: keeps the well-formed entries with distinct ids, drops the rest. */
export function readKeyRing(value: unknown): { keys: KeyEntry[]; dropped: number } {
  if (!Array.isArray(value)) return { keys: [], dropped: value === undefined ? 0 : 1 };
  const keys: KeyEntry[] = [];
  const ids = new Set<string>();
  let dropped = 0;
  for (const v of value) {
    const e = validKeyEntry(v);
    if (!e || ids.has(e.id)) dropped++;
    else {
      ids.add(e.id);
      keys.push(e);
    }
  }
  return { keys, dropped };
}

/** The ring with `entry` added, or replacing the entry with the same id. */
export function upsertKey(ring: readonly KeyEntry[], entry: KeyEntry): KeyEntry[] {
  const i = ring.findIndex((k) => k.id === entry.id);
  if (i < 0) return [...ring, entry];
  const out = [...ring];
  out[i] = entry;
  return out;
}

/** The ring without the entry of that id. */
export function removeKey(ring: readonly KeyEntry[], id: string): KeyEntry[] {
  return ring.filter((k) => k.id !== id);
}

/** An id not used in the ring, from a random source (passed in: lib has no host APIs). */
export function newKeyId(ring: readonly KeyEntry[], random: () => number = Math.random): string {
  for (;;) {
    const id = `k-${Math.floor(random() * 36 ** 8)
      .toString(36)
      .padStart(8, '0')}`;
    if (!ring.some((k) => k.id === id)) return id;
  }
}
