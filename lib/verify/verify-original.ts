import type { CryptoKey } from 'jose';
import type { JoseKey } from '../keys/import-key.ts';

interface SubtleAlgorithm {
  name: string;
  hash?: string;
  saltLength?: number;
}

// The two SubtleCrypto calls used here; typed locally so lib/ compiles without host (DOM) types.
interface Subtle {
  importKey(
    format: 'raw',
    keyData: Uint8Array,
    algorithm: SubtleAlgorithm,
    extractable: boolean,
    usages: string[],
  ): Promise<CryptoKey>;
  verify(algorithm: SubtleAlgorithm, key: CryptoKey, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

function subtle(): Subtle {
  return (globalThis as unknown as { crypto: { subtle: Subtle } }).crypto.subtle;
}

function params(alg: string): SubtleAlgorithm {
  const bits = alg.slice(-3);
  switch (alg.slice(0, 2)) {
    case 'HS':
      return { name: 'HMAC' };
    case 'RS':
      return { name: 'RSASSA-PKCS1-v1_5' };
    case 'PS':
      return { name: 'RSA-PSS', saltLength: Number(bits) / 8 };
    case 'ES':
      return { name: 'ECDSA', hash: `SHA-${bits}` };
    default:
      return { name: 'Ed25519' };
  }
}

/**
 * Verifies a JWS signature over its signing input exactly as sent (the header and payload text,
 * padding and all) with WebCrypto, for tokens whose base64url is not canonical. `key` is what
 * {@link importKeyItem} gave for this alg. Throws when the signature does not verify, like jose.
 */
export async function verifyOriginalBytes(
  alg: string,
  key: JoseKey,
  signingInput: Uint8Array,
  signature: Uint8Array,
): Promise<void> {
  const algorithm = params(alg);
  let cryptoKey: CryptoKey;
  if (key instanceof Uint8Array) {
    if (algorithm.name !== 'HMAC') throw new TypeError(`${alg} needs an asymmetric key, not a secret`);
    cryptoKey = await subtle().importKey('raw', key, { name: 'HMAC', hash: `SHA-${alg.slice(2)}` }, false, ['verify']);
  } else {
    cryptoKey = key;
    const modulus = (cryptoKey.algorithm as { modulusLength?: unknown }).modulusLength;
    // The same floor jose applies to RS*/PS* keys.
    if (algorithm.name.startsWith('RSA') && (typeof modulus !== 'number' || modulus < 2048))
      throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
  }
  if (!(await subtle().verify(algorithm, cryptoKey, signature, signingInput)))
    throw new TypeError('signature verification failed');
}
