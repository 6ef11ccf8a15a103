import type { Verification } from '../types.ts';

/** Result of {@link verifyToken}: a {@link Verification} with what the verifier learned on the way. */
export interface VerifyOutcome extends Verification {
  /** JWKS member kid of the key that verified (or was tried), when it has one. */
  jwkKid?: string;
  /** How many stored keys were tried. */
  tried?: number;
  /** JWE only: decrypted plaintext (UTF-8 text) when a stored key decrypted it. */
  plaintext?: string;
  /** JWE only: the decryption's protected header. */
  protectedHeader?: Record<string, unknown>;
  /** JWS JSON serialisation only: index of the signature that verified. */
  signatureIndex?: number;
}

/** Options of {@link verifyToken}. */
export interface VerifyOptions {
  /** Highest PBES2 iteration count ("p2c") attempted; default 10,000. */
  maxPbes2Count?: number;
  /**
   * Treat a key the token carries (`jwk`, `x5c`) as its verification key: for tokens that are meant
   * to carry one, such as DPoP proofs (RFC 9449). Off by default: a carried key proves nothing.
   */
  trustCarriedKey?: boolean;
}

/** Default cap on PBES2 iterations: more costs seconds per key and is a denial-of-service vector. */
export const DEFAULT_MAX_PBES2_COUNT = 10_000;
