import type { CryptoKey } from 'jose';
import type { JoseKey } from '../keys/import-key.ts';
import { jwsSubtleParams, subtle, type SubtleAlgorithm } from '../util/webcrypto.ts';

// Imported HMAC keys per secret and alg: a ring's secrets are imported once, not per token.
const hmacKeys = new WeakMap<Uint8Array, Map<string, Promise<CryptoKey>>>();

// Per alg, the WebCrypto parameters (never modified by subtle); RSA keys whose size passed the floor.
const paramsByAlg = new Map<string, SubtleAlgorithm>();
const bigEnoughRsa = new WeakSet<CryptoKey>();

function hmacKey(secret: Uint8Array, alg: string): Promise<CryptoKey> {
  let byAlg = hmacKeys.get(secret);
  if (!byAlg) hmacKeys.set(secret, (byAlg = new Map()));
  let p = byAlg.get(alg);
  if (!p) {
    p = subtle().importKey('raw', secret, { name: 'HMAC', hash: `SHA-${alg.slice(2)}` }, false, ['verify']);
    // A failed import is not cached: the next token tries again (and reports the error itself).
    p.catch(() => byAlg.delete(alg));
    byAlg.set(alg, p);
  }
  return p;
}

/**
 * Verifies a JWS signature over its signing input exactly as sent (the header and payload text,
 * padding and all) with WebCrypto: the bytes that were signed, whatever their base64url spelling,
 * and no second parse of a header the decoder already read. `key` is what
 * {@link importKeyItem} gave for this alg. Throws when the signature does not verify, like jose.
 */
export async function verifyOriginalBytes(
  alg: string,
  key: JoseKey,
  signingInput: Uint8Array,
  signature: Uint8Array,
): Promise<void> {
  let algorithm = paramsByAlg.get(alg);
  if (!algorithm) paramsByAlg.set(alg, (algorithm = jwsSubtleParams(alg)));
  let cryptoKey: CryptoKey;
  if (key instanceof Uint8Array) {
    if (algorithm.name !== 'HMAC') throw new TypeError(`${alg} needs an asymmetric key, not a secret`);
    cryptoKey = await hmacKey(key, alg);
  } else {
    cryptoKey = key;
    if (algorithm.name.startsWith('RSA') && !bigEnoughRsa.has(cryptoKey)) {
      const modulus = (cryptoKey.algorithm as { modulusLength?: unknown }).modulusLength;
      // The same floor jose applies to RS*/PS* keys.
      if (typeof modulus !== 'number' || modulus < 2048)
        throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
      bigEnoughRsa.add(cryptoKey);
    }
  }
  if (!(await subtle().verify(algorithm, cryptoKey, signature, signingInput)))
    throw new TypeError('signature verification failed');
}
