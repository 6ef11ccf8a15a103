import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair as joseGenerate,
  type JWK,
} from 'jose';
import type { SigningAlg } from './algs.ts';

/** Key pairs the workbench generates. */
export type KeyPairKind = 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'P-256' | 'P-384' | 'P-521' | 'Ed25519';

/** Every {@link KeyPairKind}. */
export const KEY_PAIR_KINDS: readonly KeyPairKind[] = [
  'RSA-2048',
  'RSA-3072',
  'RSA-4096',
  'P-256',
  'P-384',
  'P-521',
  'Ed25519',
];

/** A generated key pair in every form a tester copies: JWKs, a JWKS to host, PEM, and its kid. */
export interface GeneratedKeyPair {
  kind: KeyPairKind;
  /** The alg it signs with (RS256 for RSA, ES256/384/512 by curve, EdDSA). */
  alg: SigningAlg;
  privateJwk: JWK;
  publicJwk: JWK;
  /** `{"keys":[publicJwk]}`, pretty-printed. */
  jwks: string;
  /** SPKI PEM. */
  publicPem: string;
  /** PKCS#8 PEM. */
  privatePem: string;
  /** RFC 7638 SHA-256 thumbprint, also the JWKs' `kid`. */
  kid: string;
}

const KINDS: Record<KeyPairKind, { alg: SigningAlg; options: { modulusLength?: number; crv?: string } }> = {
  'RSA-2048': { alg: 'RS256', options: { modulusLength: 2048 } },
  'RSA-3072': { alg: 'RS256', options: { modulusLength: 3072 } },
  'RSA-4096': { alg: 'RS256', options: { modulusLength: 4096 } },
  'P-256': { alg: 'ES256', options: {} },
  'P-384': { alg: 'ES384', options: {} },
  'P-521': { alg: 'ES512', options: {} },
  Ed25519: { alg: 'EdDSA', options: { crv: 'Ed25519' } },
};

/** The key pair kind that signs with an alg (RSA-2048 for RS and PS). */
export function keyPairKindFor(alg: string): KeyPairKind {
  if (alg === 'ES256') return 'P-256';
  if (alg === 'ES384') return 'P-384';
  if (alg === 'ES512') return 'P-521';
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'Ed25519';
  return 'RSA-2048';
}

/** Generates a signing key pair with WebCrypto (through jose); rejects only when the runtime cannot. */
export async function generateKeyPair(kind: KeyPairKind): Promise<GeneratedKeyPair> {
  const { alg, options } = KINDS[kind];
  const pair = await joseGenerate(alg, { ...options, extractable: true });
  const [privateRaw, publicRaw, privatePem, publicPem] = await Promise.all([
    exportJWK(pair.privateKey),
    exportJWK(pair.publicKey),
    exportPKCS8(pair.privateKey),
    exportSPKI(pair.publicKey),
  ]);
  const kid = await calculateJwkThumbprint(publicRaw, 'sha256');
  const publicJwk: JWK = { ...publicRaw, kid, alg, use: 'sig' };
  const privateJwk: JWK = { ...privateRaw, kid, alg, use: 'sig' };
  return {
    kind,
    alg,
    privateJwk,
    publicJwk,
    jwks: JSON.stringify({ keys: [publicJwk] }, null, 2),
    publicPem,
    privatePem,
    kid,
  };
}
