import { importJWK, type CryptoKey } from 'jose';
import type { KeyItem } from './parse-key.ts';

/** A key in the form jose takes: a CryptoKey, or the raw bytes of a secret. */
export type JoseKey = CryptoKey | Uint8Array;

/**
 * Imports a key item for one algorithm and purpose, once: later calls return the cached promise.
 * Secrets are used as bytes; asymmetric keys import their public JWK to verify and their private
 * JWK to decrypt. Rejects when jose or WebCrypto refuse the material (e.g. a point off the curve).
 */
export function importKeyItem(item: KeyItem, alg: string, purpose: 'verify' | 'decrypt'): Promise<JoseKey> {
  const cacheKey = `${purpose}:${alg}`;
  let p = item.imported.get(cacheKey) as Promise<JoseKey> | undefined;
  if (!p) {
    if (item.secret) p = Promise.resolve(item.secret);
    else {
      const jwk = purpose === 'verify' ? item.publicJwk : item.privateJwk;
      p = jwk
        ? (importJWK(jwk, alg) as Promise<JoseKey>)
        : Promise.reject(new TypeError(purpose === 'decrypt' ? 'a private key is needed to decrypt' : 'no public key'));
    }
    // The rejection is observed by every caller; this handler only keeps a cached failure quiet.
    p.catch(() => undefined);
    item.imported.set(cacheKey, p);
  }
  return p;
}
