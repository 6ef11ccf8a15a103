import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { _HMAC } from '@noble/hashes/hmac.js';
import { COMMON_SECRETS } from './common-secrets.ts';
import type { AlgConfusionHit, RuleKeyFacts, WeakSecretHit } from './context.ts';

type Sha2 = typeof sha256 | typeof sha384 | typeof sha512;
const HASHES: Record<string, Sha2> = { HS256: sha256, HS384: sha384, HS512: sha512 };

/** An HS* JWS reduced to what an HMAC check needs. */
export interface HmacInput {
  alg: string;
  signingInput: Uint8Array;
  signature: Uint8Array;
}

const encoder = new TextEncoder();
// Keyed HMAC states of the common secrets, built once per hash on first use: cloning a keyed state
// skips the two key-block compressions, halving the cost of the quick check on every token.
const keyedStates = new Map<string, { secret: string; state: _HMAC<never> }[]>();

function statesFor(alg: string, hash: Sha2): { secret: string; state: _HMAC<never> }[] {
  let states = keyedStates.get(alg);
  if (!states) {
    states = ['', ...COMMON_SECRETS].map((secret) => ({
      secret,
      state: hmac.create(hash, encoder.encode(secret)) as _HMAC<never>,
    }));
    keyedStates.set(alg, states);
  }
  return states;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  // Constant-time compare: these checks also judge the user's own keys.
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Whether HMAC(key, signing input) reproduces the signature. */
export function hmacMatches(input: HmacInput, key: Uint8Array): boolean {
  const hash = HASHES[input.alg];
  if (!hash || input.signature.length !== hash.outputLen) return false;
  return sameBytes(hmac(hash, key, input.signingInput), input.signature);
}

const CACHE_SIZE = 256;
const CACHE_MAX_KEY = 16_384;
// The same token is captured on request after request: remember the answer for recent tokens.
const cache = new Map<string, WeakSecretHit | null>();

/**
 * Tries the empty key and the built-in common secrets on an HS* token; `cacheKey` (the token text)
 * lets repeated sightings of the same token skip the thousand HMACs.
 */
export function findCommonSecret(input: HmacInput, cacheKey?: string): WeakSecretHit | undefined {
  const key = cacheKey !== undefined && cacheKey.length <= CACHE_MAX_KEY ? `${input.alg} ${cacheKey}` : undefined;
  if (key !== undefined) {
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit ?? undefined;
    }
  }
  const found = searchCommon(input);
  if (key !== undefined) {
    cache.set(key, found ?? null);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return found;
}

function searchCommon(input: HmacInput): WeakSecretHit | undefined {
  const hash = HASHES[input.alg];
  if (!hash || input.signature.length !== hash.outputLen) return undefined;
  const out = new Uint8Array(hash.outputLen);
  for (const { secret, state } of statesFor(input.alg, hash)) {
    state.clone().update(input.signingInput).digestInto(out);
    if (sameBytes(out, input.signature)) return { secret, alg: input.alg, source: 'common-list' };
  }
  return undefined;
}

/** Finds a stored asymmetric key whose confusion secrets (PEM, JWK text…) reproduce an HS* signature. */
export function findConfusedKey(input: HmacInput, keys: readonly RuleKeyFacts[]): AlgConfusionHit | undefined {
  if (!HASHES[input.alg]) return undefined;
  for (const key of keys) {
    if (key.kind === 'secret' || key.kind === 'invalid' || !key.confusionSecrets) continue;
    for (const secret of key.confusionSecrets) {
      if (hmacMatches(input, secret)) {
        const hit: AlgConfusionHit = { keyId: key.id, alg: input.alg };
        if (key.label !== undefined) hit.keyLabel = key.label;
        if (key.kty !== undefined) hit.kty = key.kty;
        return hit;
      }
    }
  }
  return undefined;
}
