import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

/** A SHA-2 hash usable with `hmac` from @noble/hashes. */
export type Sha2 = typeof sha256 | typeof sha384 | typeof sha512;

/** The hash of each HMAC JWS algorithm (RFC 7518 §3.2). */
export const HS_HASHES: Readonly<Record<string, Sha2>> = Object.freeze({ HS256: sha256, HS384: sha384, HS512: sha512 });

/** The hash of an HS* algorithm, or undefined for any other (never an inherited property). */
export function hsHashOf(alg: unknown): Sha2 | undefined {
  return typeof alg === 'string' && Object.prototype.hasOwnProperty.call(HS_HASHES, alg) ? HS_HASHES[alg] : undefined;
}

/** An HS* JWS reduced to what an HMAC check needs. */
export interface HmacInput {
  alg: string;
  /** The header and payload segments exactly as sent, joined by a dot. */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * The HMAC check of a compact HS* JWS from its original segment texts and decoded signature
 * bytes, or undefined when the token is not one (other alg, empty signature).
 */
export function hmacInputOf(
  alg: unknown,
  headerText: string,
  payloadText: string,
  signature: Uint8Array | undefined,
): HmacInput | undefined {
  const hash = hsHashOf(alg);
  if (!hash || !signature || signature.length === 0) return undefined;
  return { alg: alg as string, signingInput: encoder.encode(`${headerText}.${payloadText}`), signature };
}

/** Compares two byte strings without stopping at the first difference (length is not secret). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Whether HMAC(key, signing input) reproduces the signature. */
export function hmacMatches(input: HmacInput, key: Uint8Array): boolean {
  const hash = hsHashOf(input.alg);
  if (!hash || input.signature.length !== hash.outputLen) return false;
  return constantTimeEqual(hmac(hash, key, input.signingInput), input.signature);
}
