import { hmac } from '@noble/hashes/hmac.js';
import { importJWK, type CryptoKey } from 'jose';
import { parseKeyEntryCached, type KeyItem } from '../keys/parse-key.ts';
import { HS_HASHES } from '../util/hmac.ts';
import { JWS_ALGORITHMS } from '../verify/algorithms.ts';
import type { SigningAlg } from './algs.ts';
import { fail, ok, type Result } from './result.ts';
import { jwsSubtleParams, subtle } from '../util/webcrypto.ts';

/** What signs a forged or edited token. */
export type SigningKey =
  /** HMAC secret bytes; empty bytes only with `allowEmpty` (the empty-key variant, CVE-2019-20933). */
  | { kind: 'secret'; bytes: Uint8Array; label?: string; allowEmpty?: boolean }
  /** A private key as PEM (PKCS#8, PKCS#1, SEC1) or a JWK with its private members. */
  | { kind: 'private'; text: string; label?: string }
  | { kind: 'none' };

const KEY_NAMES: Record<string, string> = {
  RSA: 'an RSA key',
  'EC:P-256': 'a P-256 key',
  'EC:P-384': 'a P-384 key',
  'EC:P-521': 'a P-521 key',
  'EC:secp256k1': 'a secp256k1 key',
  'OKP:Ed25519': 'an Ed25519 key',
  'OKP:Ed448': 'an Ed448 key',
  'OKP:X25519': 'an X25519 (key agreement) key',
  oct: 'a secret',
};

function keyName(item: Pick<KeyItem, 'kty' | 'crv'>): string {
  return KEY_NAMES[item.crv ? `${item.kty}:${item.crv}` : item.kty] ?? `a ${item.kty} key`;
}

/** What an alg needs, in words ("an RSA private key of at least 2048 bits"). */
export function keyNeededFor(alg: SigningAlg): string {
  if (alg === 'none') return 'no key';
  const need = JWS_ALGORITHMS[alg]!;
  if (need.kty === 'oct') return 'an HMAC secret';
  if (need.kty === 'RSA') return 'an RSA private key of at least 2048 bits';
  return `${need.crv!.startsWith('E') ? 'an' : 'a'} ${need.crv} private key`;
}

async function hmacSign(alg: string, secret: Uint8Array, input: Uint8Array): Promise<Uint8Array> {
  // WebCrypto refuses zero-length HMAC keys, and the empty-key forgery needs exactly one; the
  // bytes are the same HMAC (RFC 2104 pads the key with zeros either way).
  if (secret.length === 0) return hmac(HS_HASHES[alg]!, secret, input);
  const key = await subtle().importKey('raw', secret, { name: 'HMAC', hash: `SHA-${alg.slice(2)}` }, false, ['sign']);
  return new Uint8Array(await subtle().sign({ name: 'HMAC' }, key, input));
}

function signingKeyOf(item: KeyItem, alg: string): Promise<CryptoKey> {
  const cacheKey = `sign:${alg}`;
  let p = item.imported.get(cacheKey) as Promise<CryptoKey> | undefined;
  if (!p) {
    p = importJWK(item.privateJwk!, alg) as Promise<CryptoKey>;
    // A failed import is not kept: the next call reports its own error.
    p.catch(() => item.imported.delete(cacheKey));
    item.imported.set(cacheKey, p);
  }
  return p;
}

/** Reads a private key text (PEM or JWK) and checks that it fits the alg; never throws. */
export async function privateKeyFor(alg: SigningAlg, text: string): Promise<Result<KeyItem>> {
  const need = JWS_ALGORITHMS[alg];
  if (!need || need.kty === 'oct') return fail('sign-key-type', `${alg} signs with a secret, not a private key`);
  if (text.trim() === '') return fail('sign-key-missing', `${alg} needs ${keyNeededFor(alg)}; none was given`);
  // Cached by text: the workbench re-signs on every keystroke with the same key.
  const parsed = await parseKeyEntryCached({ id: 'signing-key', material: text });
  if (parsed.error) return fail(parsed.error.code, parsed.error.message);
  if (parsed.kind === 'secret' || parsed.format === 'text')
    return fail('sign-key-type', `${alg} needs ${keyNeededFor(alg)}; this is not a PEM or JWK private key`);
  const items = parsed.items.filter((i) => !i.problem);
  const priv = items.find((i) => i.isPrivate && i.privateJwk);
  if (!priv) {
    const first = parsed.items[0];
    if (first?.problem) return fail(first.problem.code, first.problem.message);
    const what =
      parsed.kind === 'certificate' ? 'a certificate' : first ? `${keyName(first)} (public part only)` : 'no key';
    return fail('sign-key-public', `${alg} needs ${keyNeededFor(alg)}; this is ${what}: paste the private key`);
  }
  if (priv.kty !== need.kty || (need.crv !== undefined && priv.crv !== need.crv))
    return fail('sign-key-type', `${alg} needs ${keyNeededFor(alg)}; this is ${keyName(priv)}`);
  if (need.kty === 'RSA' && (priv.bits ?? 0) < 2048)
    return fail(
      'sign-rsa-short',
      `${alg} needs an RSA key of at least 2048 bits (RFC 7518 §3.3); this one has ${priv.bits ?? 'unknown'} bits`,
    );
  return ok(priv);
}

/**
 * Signs the ASCII signing input (`header.payload` exactly as encoded) for a JWS alg, through
 * WebCrypto with keys imported by jose; ES* signatures come out raw r||s, as JWS needs. Never throws.
 */
export function signInput(alg: SigningAlg, key: SigningKey, signingInput: string): Promise<Result<Uint8Array>> {
  return signBytes(alg, key, new TextEncoder().encode(signingInput));
}

/** {@link signInput} over any bytes (a certificate's TBS part, too); ES* raw r||s. Never throws. */
export async function signBytes(alg: SigningAlg, key: SigningKey, input: Uint8Array): Promise<Result<Uint8Array>> {
  if (alg === 'none') return ok(new Uint8Array(0));
  const need = JWS_ALGORITHMS[alg];
  if (!need) return fail('sign-alg-unknown', `unknown signing algorithm ${JSON.stringify(alg)}`);
  try {
    if (need.kty === 'oct') {
      if (key.kind !== 'secret')
        return fail(
          key.kind === 'none' ? 'sign-key-missing' : 'sign-key-type',
          `${alg} needs an HMAC secret; ${key.kind === 'none' ? 'none was given' : 'a private key was given'}`,
        );
      if (key.bytes.length === 0 && !key.allowEmpty)
        return fail(
          'secret-empty',
          `${alg} needs a secret; it is empty (the empty-key variant signs with one on purpose)`,
        );
      return ok(await hmacSign(alg, key.bytes, input));
    }
    if (key.kind === 'none') return fail('sign-key-missing', `${alg} needs ${keyNeededFor(alg)}; none was given`);
    if (key.kind === 'secret') return fail('sign-key-type', `${alg} needs ${keyNeededFor(alg)}; a secret was given`);
    const item = await privateKeyFor(alg, key.text);
    if (!item.ok) return item;
    return ok(new Uint8Array(await subtle().sign(jwsSubtleParams(alg), await signingKeyOf(item.value, alg), input)));
  } catch (e) {
    return fail('sign-failed', `${alg} signing failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
