import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';

/** The hash of each HS* algorithm. */
export const HMAC_HASHES: Readonly<Record<string, CHash>> = { HS256: sha256, HS384: sha384, HS512: sha512 };

/** The bytes of an ASCII string (a compact token's signing input). */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Length-checked comparison without early exit on the first differing byte. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Whether HMAC(key, input) equals the signature, for screening keys and spotting key confusion;
 * a "verified" verdict is always confirmed through jose or WebCrypto.
 */
export function hmacEquals(alg: string, key: Uint8Array, input: Uint8Array, signature: Uint8Array): boolean {
  const hash = HMAC_HASHES[alg];
  return hash !== undefined && signature.length === hash.outputLen && equalBytes(hmac(hash, key, input), signature);
}
