import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { decodeBase64Url } from '../base64url.ts';
import { decodeToken } from '../decode-token.ts';

/** The HMAC algorithms a secret search handles. */
export type HsAlg = 'HS256' | 'HS384' | 'HS512';

/** A hash function of the SHA-2 family as @noble/hashes exposes it. */
type Sha2 = typeof sha256 | typeof sha384 | typeof sha512;

const HASHES: Record<HsAlg, Sha2> = { HS256: sha256, HS384: sha384, HS512: sha512 };

/** The parts of an HS* token that a secret search needs, prepared once. */
export interface HmacTarget {
  hash: Sha2;
  alg: HsAlg;
  /** The signing input (ASCII of `header.payload`). */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

const encoder = new TextEncoder();

/** Prepares an HS256/384/512 compact JWS for a secret search, or returns undefined for any other token. */
export function hmacTarget(token: string): HmacTarget | undefined {
  const decoded = decodeToken(token);
  const alg = decoded.header?.alg;
  if (decoded.kind !== 'jws' || typeof alg !== 'string' || !Object.hasOwn(HASHES, alg)) return undefined;
  const hash = HASHES[alg as HsAlg];
  const t = decoded.token;
  const lastDot = t.lastIndexOf('.');
  const sig = decodeBase64Url(t.slice(lastDot + 1)).bytes;
  if (!sig || sig.length !== hash.outputLen) return undefined;
  return { hash, alg: alg as HsAlg, signingInput: encoder.encode(t.slice(0, lastDot)), signature: sig };
}

/**
 * Computes HMAC(key, signing input) into `out` and says whether it equals the token's signature.
 * The compare exits early: this is the attacker's side of the search, so there is no timing to protect.
 */
export function macMatches(target: HmacTarget, key: Uint8Array, out: Uint8Array): boolean {
  hmac.create(target.hash, key).update(target.signingInput).digestInto(out);
  const sig = target.signature;
  for (let i = 0; i < sig.length; i++) if (out[i] !== sig[i]) return false;
  return true;
}
