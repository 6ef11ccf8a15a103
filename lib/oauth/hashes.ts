import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { encodeBase64Url } from '../base64url.ts';

/** A SHA-2 hash as WebCrypto names it. */
export type ShaName = 'SHA-256' | 'SHA-384' | 'SHA-512';

const encoder = new TextEncoder();

/**
 * The hash an OpenID Connect `at_hash` / `c_hash` uses for a JWS `alg` (OIDC Core §3.1.3.6: the hash
 * of the alg; EdDSA/Ed25519 use SHA-512), or undefined for an alg that names no hash.
 */
export function hashOfAlg(alg: unknown): ShaName | undefined {
  if (typeof alg !== 'string') return undefined;
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'SHA-512';
  const m = /^(?:HS|RS|ES|PS)(256|384|512)$/.exec(alg) ?? (alg === 'ES256K' ? ['', '256'] : null);
  return m ? (`SHA-${m[1]}` as ShaName) : undefined;
}

/** The left half of `hash(value)` as base64url: `at_hash` / `c_hash` / `s_hash` of `value` (WebCrypto). */
export async function leftHalfHash(alg: unknown, value: string): Promise<string | undefined> {
  const name = hashOfAlg(alg);
  if (!name) return undefined;
  const digest = new Uint8Array(await crypto.subtle.digest(name, encoder.encode(value)));
  return encodeBase64Url(digest.subarray(0, digest.length / 2));
}

/** A DPoP proof's `ath` for an access token: base64url(SHA-256(token)) (RFC 9449 §4.2), through WebCrypto. */
export async function athOf(accessToken: string): Promise<string> {
  return encodeBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(accessToken))));
}

const SYNC = { 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;

/** {@link leftHalfHash} computed synchronously, for linking tokens (the verdicts use the WebCrypto one). */
export function leftHalfHashSync(alg: unknown, value: string): string | undefined {
  const name = hashOfAlg(alg);
  if (!name) return undefined;
  const digest = SYNC[name](encoder.encode(value));
  return encodeBase64Url(digest.subarray(0, digest.length / 2));
}

/** {@link athOf} computed synchronously, for linking tokens. */
export function athOfSync(accessToken: string): string {
  return encodeBase64Url(sha256(encoder.encode(accessToken)));
}
