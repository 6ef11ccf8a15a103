import { findTokens } from '../find-tokens.ts';
import { jsonStringTokens, utf8Prefix } from './json-tokens.ts';
import type { StorageLocation } from './model.ts';

/** A Web Storage area. */
export type StorageArea = StorageLocation['area'];

/** A token found in localStorage or sessionStorage. */
export interface StorageToken {
  token: string;
  /** The area, the storage key and (when the value is JSON) the path inside the value. */
  location: StorageLocation;
}

/** Bytes of one stored value scanned at most (the usual per-origin quota). */
export const MAX_STORAGE_VALUE_BYTES = 5 * 1024 * 1024;

// Strings encoded as JSON more than this many times are read as text from there on.
const MAX_STRING_DECODES = 4;

/** Decodes a stored value: JSON (repeatedly, for JSON-stringified strings), or the text itself. */
function decodeStored(value: string): unknown {
  let current: unknown = value;
  for (let i = 0; i < MAX_STRING_DECODES && typeof current === 'string'; i++) {
    const t = current.trim();
    if (!/^["{[]/.test(t)) break;
    try {
      current = JSON.parse(t);
    } catch {
      break;
    }
  }
  return current;
}

/**
 * Finds JWTs in Web Storage entries, including tokens inside JSON values and JSON-stringified
 * strings: MSAL's credential entries (`secret`), Auth0 SPA's cache (`body.access_token`), Firebase's
 * `stsTokenManager.accessToken`, Amplify/Cognito's raw `…idToken` values. Names are the storage
 * key plus, for JSON values, ` › ` and the path inside (`@@auth0spajs@@::abc::default::openid › body.id_token`).
 */
export function tokensInStorage(entries: readonly { key: string; value: string }[], area: StorageArea): StorageToken[] {
  const out: StorageToken[] = [];
  if (!Array.isArray(entries)) return out;
  for (const entry of entries) {
    const key: unknown = entry?.key;
    const raw: unknown = entry?.value;
    if (typeof key !== 'string' || typeof raw !== 'string' || raw.length < 10) continue;
    const value = utf8Prefix(raw, MAX_STORAGE_VALUE_BYTES).text;
    const decoded = decodeStored(value);
    const seen = new Set<string>();
    const push = (token: string, path: string) => {
      if (seen.has(`${path}\u0000${token}`)) return;
      seen.add(`${path}\u0000${token}`);
      out.push({ token, location: { kind: 'storage', area, name: key, ...(path ? { jsonPath: path } : {}) } });
    };
    const walked = jsonStringTokens(decoded);
    for (const t of walked.tokens) push(t.token, t.path);
    if (walked.truncated || typeof decoded !== 'object' || decoded === null) {
      // Not JSON, or JSON too deep to walk: whatever else the text holds is still reported under the key.
      const found = new Set(walked.tokens.map((t) => t.token));
      for (const f of findTokens(value)) if (!found.has(f.token)) push(f.token, '');
    }
  }
  return out;
}

/** What changed in a page's storage since the last read of the same origin. */
export interface StorageChange {
  added: StorageToken[];
  removed: StorageToken[];
}

/** Origins whose last storage read is remembered (older ones are forgotten: their next read is all new). */
const MAX_TRACKED_ORIGINS = 32;

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

const placeKey = (t: StorageToken) =>
  `${t.location.area}\u0000${t.location.name}\u0000${t.location.jsonPath ?? ''}\u0000${t.token}`;

/**
 * Remembers the tokens of each origin's last storage read and says what a new read added and
 * removed, so a poll reports changes only (a sighting per change, not one per read). Storage is
 * per origin: a read of another origin removes nothing here.
 */
export class StorageTracker {
  private readonly byOrigin = new Map<string, Map<string, StorageToken>>();

  /** Takes the tokens now in the storage of `url`'s origin; returns the change since its last read. */
  update(url: string, current: readonly StorageToken[]): StorageChange {
    const origin = originOf(url);
    const before = this.byOrigin.get(origin);
    const now = new Map<string, StorageToken>();
    for (const t of current) now.set(placeKey(t), t);
    this.byOrigin.delete(origin);
    this.byOrigin.set(origin, now);
    if (this.byOrigin.size > MAX_TRACKED_ORIGINS) this.byOrigin.delete(this.byOrigin.keys().next().value!);
    const added = [...now].filter(([k]) => !before?.has(k)).map(([, t]) => t);
    const removed = before ? [...before].filter(([k]) => !now.has(k)).map(([, t]) => t) : [];
    return { added, removed };
  }
}
