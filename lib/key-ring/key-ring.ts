import type { KeyEntry, KeyFormat } from '../types.ts';

/** Formats a key entry may declare. */
export const KEY_FORMATS: readonly KeyFormat[] = ['text', 'base64', 'base64url', 'hex', 'pem', 'jwk', 'jwks', 'ssh'];

/** Longest key material accepted (characters): a big JWKS fits, a pasted file by mistake does not. */
export const MAX_KEY_MATERIAL = 1_000_000;

/** Longest label or issuer accepted (characters). */
export const MAX_KEY_TEXT = 2_000;

/**
 * Largest key ring stored (characters of its entries' text): the host's local storage area holds
 * 10 MiB (JSON-encoded, so escapes can double a character), and a write past it fails.
 */
export const MAX_RING_SIZE = 4_000_000;

const isStr = (v: unknown): v is string => typeof v === 'string';
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Why `v` cannot be stored (or read back) as a key entry, in words; undefined when it can. The same
 * check runs on save and on load, so a key that was saved is always there after a reopen.
 */
export function keyEntryProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a key entry (expected an object)';
  const o = v as Record<string, unknown>;
  if (!isStr(o.id) || o.id === '') return 'it has no "id"';
  if (!isStr(o.material)) return 'it has no "material"';
  if (o.material.length > MAX_KEY_MATERIAL)
    return `the key material is ${count(o.material.length)} characters; at most ${count(MAX_KEY_MATERIAL)} can be stored (a JWKS of a few thousand keys fits)`;
  if (o.label !== undefined && !isStr(o.label)) return '"label" is not text';
  if (o.issuer !== undefined && !isStr(o.issuer)) return '"issuer" is not text';
  if ((isStr(o.label) && o.label.length > MAX_KEY_TEXT) || (isStr(o.issuer) && o.issuer.length > MAX_KEY_TEXT))
    return `the label or issuer is longer than ${count(MAX_KEY_TEXT)} characters`;
  if (o.format !== undefined && !(KEY_FORMATS as readonly unknown[]).includes(o.format))
    return `unknown format ${JSON.stringify(String(o.format).slice(0, 40))}`;
  return undefined;
}

/** Why the whole ring cannot be stored (too big for storage), or undefined. */
export function ringSizeProblem(ring: readonly KeyEntry[]): string | undefined {
  let size = 0;
  for (const k of ring) size += k.id.length + k.material.length + (k.label?.length ?? 0) + (k.issuer?.length ?? 0);
  return size > MAX_RING_SIZE
    ? `the key ring would hold ${count(size)} characters of key material; at most ${count(MAX_RING_SIZE)} can be stored — remove keys first`
    : undefined;
}

/** The entry if `v` is a well-formed stored key entry (unknown members dropped), else undefined. */
export function validKeyEntry(v: unknown): KeyEntry | undefined {
  if (keyEntryProblem(v) !== undefined) return undefined;
  const o = v as Record<string, unknown>;
  const entry: KeyEntry = { id: o.id as string, material: o.material as string };
  if (isStr(o.label) && o.label !== '') entry.label = o.label;
  if (isStr(o.issuer) && o.issuer !== '') entry.issuer = o.issuer;
  if (o.format !== undefined) entry.format = o.format as KeyFormat;
  return entry;
}

/** One entry of a list that could not be read: its position, its name when it has one, and why. */
export interface KeyEntryRejection {
  index: number;
  name?: string;
  reason: string;
}

/** Reads a list of key entries, saying for each rejected one which it is and why. */
export function readKeyEntries(value: readonly unknown[]): { keys: KeyEntry[]; rejected: KeyEntryRejection[] } {
  const keys: KeyEntry[] = [];
  const rejected: KeyEntryRejection[] = [];
  const ids = new Set<string>();
  value.forEach((v, index) => {
    const o = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
    const name = isStr(o.label) && o.label !== '' ? o.label.slice(0, 80) : isStr(o.id) ? o.id.slice(0, 80) : undefined;
    const problem = keyEntryProblem(v);
    const e = problem === undefined ? validKeyEntry(v) : undefined;
    if (!e || ids.has(e.id)) {
      rejected.push({ index, ...(name !== undefined ? { name } : {}), reason: problem ?? 'its id is used twice' });
      return;
    }
    ids.add(e.id);
    keys.push(e);
  });
  return { keys, rejected };
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
