/** What a JWS "alg" needs from a key. */
export interface JwsAlgorithm {
  kty: 'oct' | 'RSA' | 'EC' | 'OKP';
  /** Required curve, for ECDSA and EdDSA. */
  crv?: string;
  /** Hash output size, for HMAC: RFC 7518 §3.2 wants a key at least this long. */
  hashBits?: number;
}

/** JWS algorithms verified here (RFC 7518 §3.1, RFC 8037, RFC 9864 "Ed25519"). */
export const JWS_ALGORITHMS: Readonly<Record<string, JwsAlgorithm>> = {
  HS256: { kty: 'oct', hashBits: 256 },
  HS384: { kty: 'oct', hashBits: 384 },
  HS512: { kty: 'oct', hashBits: 512 },
  RS256: { kty: 'RSA' },
  RS384: { kty: 'RSA' },
  RS512: { kty: 'RSA' },
  PS256: { kty: 'RSA' },
  PS384: { kty: 'RSA' },
  PS512: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256' },
  ES384: { kty: 'EC', crv: 'P-384' },
  ES512: { kty: 'EC', crv: 'P-521' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  Ed25519: { kty: 'OKP', crv: 'Ed25519' },
};

/** What a JWE "alg" needs from a key. */
export interface JweAlgorithm {
  kty: 'oct' | 'RSA' | 'EC/OKP';
  /** Exact secret length in bits (AES key wrap and GCM key wrap). */
  keyBits?: number;
  /** The key is a password (PBES2) or the content key itself (dir). */
  mode: 'wrap' | 'password' | 'direct' | 'rsa' | 'ecdh';
}

/** JWE key-management algorithms decrypted here (RFC 7518 §4, RFC 8037 §3.2). */
export const JWE_ALGORITHMS: Readonly<Record<string, JweAlgorithm>> = {
  dir: { kty: 'oct', mode: 'direct' },
  A128KW: { kty: 'oct', keyBits: 128, mode: 'wrap' },
  A192KW: { kty: 'oct', keyBits: 192, mode: 'wrap' },
  A256KW: { kty: 'oct', keyBits: 256, mode: 'wrap' },
  A128GCMKW: { kty: 'oct', keyBits: 128, mode: 'wrap' },
  A192GCMKW: { kty: 'oct', keyBits: 192, mode: 'wrap' },
  A256GCMKW: { kty: 'oct', keyBits: 256, mode: 'wrap' },
  'PBES2-HS256+A128KW': { kty: 'oct', mode: 'password' },
  'PBES2-HS384+A192KW': { kty: 'oct', mode: 'password' },
  'PBES2-HS512+A256KW': { kty: 'oct', mode: 'password' },
  'RSA-OAEP': { kty: 'RSA', mode: 'rsa' },
  'RSA-OAEP-256': { kty: 'RSA', mode: 'rsa' },
  'RSA-OAEP-384': { kty: 'RSA', mode: 'rsa' },
  'RSA-OAEP-512': { kty: 'RSA', mode: 'rsa' },
  'ECDH-ES': { kty: 'EC/OKP', mode: 'ecdh' },
  'ECDH-ES+A128KW': { kty: 'EC/OKP', mode: 'ecdh' },
  'ECDH-ES+A192KW': { kty: 'EC/OKP', mode: 'ecdh' },
  'ECDH-ES+A256KW': { kty: 'EC/OKP', mode: 'ecdh' },
};

/** Content-encryption key sizes in bits of each JWE "enc" (RFC 7518 §5.1). */
export const JWE_ENC_BITS: Readonly<Record<string, number>> = {
  A128GCM: 128,
  A192GCM: 192,
  A256GCM: 256,
  'A128CBC-HS256': 256,
  'A192CBC-HS384': 384,
  'A256CBC-HS512': 512,
};

/**
 * Normalises a key's declared "alg" for comparison. "ES521" is a common misspelling of ES512 (the
 * curve is P-521; RFC 7520 test keys carry it), so a key declaring it is bound to ES512.
 */
export function normalizeKeyAlg(alg: string): string {
  return alg === 'ES521' ? 'ES512' : alg;
}
