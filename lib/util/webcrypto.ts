import type { CryptoKey } from 'jose';

/** A WebCrypto algorithm description, as the JWS algorithms need it. */
export interface SubtleAlgorithm {
  name: string;
  hash?: string;
  saltLength?: number;
}

// The SubtleCrypto calls lib/ makes; typed here so lib/ compiles without host (DOM) types.
interface Subtle {
  importKey(
    format: 'raw',
    keyData: Uint8Array,
    algorithm: SubtleAlgorithm,
    extractable: boolean,
    usages: string[],
  ): Promise<CryptoKey>;
  sign(algorithm: SubtleAlgorithm, key: CryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  verify(algorithm: SubtleAlgorithm, key: CryptoKey, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

/** The runtime's SubtleCrypto (browser, worker or Node). */
export function subtle(): Subtle {
  return (globalThis as unknown as { crypto: { subtle: Subtle } }).crypto.subtle;
}

/** The WebCrypto sign/verify parameters of a JWS algorithm (HS*, RS*, PS*, ES*, EdDSA). */
export function jwsSubtleParams(alg: string): SubtleAlgorithm {
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
