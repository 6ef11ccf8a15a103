import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import { COMMON_SECRETS } from '../rules/common-secrets.ts';
import type { AlgConfusionHit, RuleKeyFacts, WeakSecretHit } from '../rules/context.ts';
import { constantTimeEqual, hmacMatches, hsHashOf, type HmacInput, type Sha2 } from '../util/hmac.ts';
import { LruCache } from '../util/lru-cache.ts';

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

const CACHE_SIZE = 256;
const CACHE_MAX_KEY = 16_384;
// The same token is captured on request after request: remember the answer for recent tokens.
const cache = new LruCache<string, WeakSecretHit | null>(CACHE_SIZE);

/**
 * Tries the empty key and the built-in common secrets on an HS* token; `cacheKey` (the token text)
 * lets repeated sightings of the same token skip the thousand HMACs.
 */
export function findCommonSecret(input: HmacInput, cacheKey?: string): WeakSecretHit | undefined {
  const key = cacheKey !== undefined && cacheKey.length <= CACHE_MAX_KEY ? `${input.alg} ${cacheKey}` : undefined;
  if (key !== undefined) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
  }
  const found = searchCommon(input);
  if (key !== undefined) {
    cache.set(key, found ?? null);
  }
  return found;
}

function searchCommon(input: HmacInput): WeakSecretHit | undefined {
  const hash = hsHashOf(input.alg);
  if (!hash || input.signature.length !== hash.outputLen) return undefined;
  const out = new Uint8Array(hash.outputLen);
  for (const { secret, state } of statesFor(input.alg, hash)) {
    state.clone().update(input.signingInput).digestInto(out);
    if (constantTimeEqual(out, input.signature)) return { secret, alg: input.alg, source: 'common-list' };
  }
  return undefined;
}

/** Finds a stored asymmetric key whose confusion secrets (PEM, JWK text…) reproduce an HS* signature. */
export function findConfusedKey(input: HmacInput, keys: readonly RuleKeyFacts[]): AlgConfusionHit | undefined {
  if (!hsHashOf(input.alg)) return undefined;
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
