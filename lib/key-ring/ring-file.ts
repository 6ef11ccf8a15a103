import { parseJson } from '../json-text.ts';
import type { KeyEntry } from '../types.ts';
import { isSecretKey } from './key-secrecy.ts';
import { newKeyId, readKeyEntries, upsertKey, type KeyEntryRejection } from './key-ring.ts';

/** Marker of an exported key ring file. */
export const RING_FILE_FORMAT = 'jwt-lens-key-ring';

/** An exported key ring, as text, and what was left out. */
export interface RingExport {
  text: string;
  exported: number;
  /** Keys left out because they hold secrets and secrets were not included. */
  withheld: number;
}

/**
 * Exports the key ring as JSON. Keys with secret material (HMAC secrets, private keys) are left
 * out unless `includeSecrets` is set: including them is always an explicit choice.
 */
export function exportKeyRing(ring: readonly KeyEntry[], options: { includeSecrets?: boolean } = {}): RingExport {
  const keys = options.includeSecrets ? [...ring] : ring.filter((k) => !isSecretKey(k));
  const text = `${JSON.stringify({ format: RING_FILE_FORMAT, version: 1, keys }, null, 2)}\n`;
  return { text, exported: keys.length, withheld: ring.length - keys.length };
}

/** Result of reading a key ring file. */
export type RingImport =
  | {
      ok: true;
      keys: KeyEntry[];
      skipped: number;
      /** Which entries were skipped and why (present when some were). */
      rejected?: KeyEntryRejection[];
    }
  | { ok: false; message: string };

/** Reads an exported key ring file (or a bare array of entries); entries that are not keys are skipped. */
export function parseKeyRingFile(text: string): RingImport {
  const parsed = parseJson(text.trim(), 'key ring');
  if (!parsed.ok) return { ok: false, message: `The file is not JSON: ${parsed.error.message}` };
  const v = parsed.value;
  const list = Array.isArray(v)
    ? v
    : typeof v === 'object' && v !== null && (v as Record<string, unknown>).format === RING_FILE_FORMAT
      ? (v as Record<string, unknown>).keys
      : undefined;
  if (!Array.isArray(list))
    return { ok: false, message: `Not a JWT Lens key ring file (expected "format": "${RING_FILE_FORMAT}").` };
  const { keys, rejected } = readKeyEntries(list);
  return { ok: true, keys, skipped: rejected.length, ...(rejected.length ? { rejected } : {}) };
}

/** Merges imported keys into the ring: same id and material → kept once; same id, other material → new id. */
export function mergeKeyRing(
  ring: readonly KeyEntry[],
  imported: readonly KeyEntry[],
  random?: () => number,
): KeyEntry[] {
  let out = [...ring];
  for (const k of imported) {
    const same = out.find((e) => e.id === k.id);
    if (same && same.material === k.material) out = upsertKey(out, { ...same, ...k });
    else if (same) out = [...out, { ...k, id: newKeyId(out, random) }];
    else out = [...out, k];
  }
  return out;
}
