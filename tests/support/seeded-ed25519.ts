import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

// PKCS #8 wrapping of an Ed25519 seed (RFC 8410 §7): this prefix, then the 32-byte seed.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The `i`-th Ed25519 key pair of a fixed series, made from a seed with createPrivateKey, not
 * generated. Node 20 can deadlock exporting a generated Ed25519 key as JWK: a garbage collection
 * inside the export runs the generating job's destructor, which locks the mutex the export
 * holds (gdb on a stalled vitest fork: KeyObjectHandle::ExportJWK → ExportJWKEdKey → GC →
 * ~KeyGenJob → uv_mutex_lock). A key no job made has no such destructor. Tests that make
 * thousands of keys use this.
 */
export function seededEd25519(i: number, series = 'jwt-lens-tests'): { privateKey: KeyObject; publicKey: KeyObject } {
  const seed = createHash('sha256').update(`${series}:${i}`).digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}
