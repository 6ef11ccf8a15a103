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
