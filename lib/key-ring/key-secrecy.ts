import { parseJson } from '../json-text.ts';
import type { KeyEntry } from '../types.ts';
import { inferKeyFormat } from '../keys/parse-key.ts';

const PRIVATE_JWK_MEMBERS = ['d', 'k', 'p', 'q', 'dp', 'dq', 'qi', 'priv'];

function jwkHasSecret(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.keys)) return o.keys.some(jwkHasSecret);
  return PRIVATE_JWK_MEMBERS.some((m) => Object.prototype.hasOwnProperty.call(o, m));
}

/**
 * True when a stored key holds secret material (an HMAC secret, a private key, or a JWK/JWKS with
 * private members): such material is masked in the UI and left out of exports unless asked for.
 */
export function isSecretKey(entry: Pick<KeyEntry, 'material' | 'format'>): boolean {
  const format = entry.format ?? inferKeyFormat(entry.material);
  if (format === 'text' || format === 'base64' || format === 'base64url' || format === 'hex') return true;
  if (format === 'pem') return /PRIVATE KEY/.test(entry.material);
  if (format === 'ssh') return false;
  const parsed = parseJson(entry.material.trim(), 'key');
  // Unreadable JSON might still hold a secret: treat it as one.
  return parsed.ok ? jwkHasSecret(parsed.value) : true;
}

/** Masked form of secret material for display: bullets plus its length. */
export function maskMaterial(material: string): string {
  return `${'•'.repeat(Math.min(12, Math.max(4, material.length)))} (${material.length} characters)`;
}
