import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import { COMMON_SECRETS } from '../rules/common-secrets.ts';
import type { WeakSecretHit } from '../rules/context.ts';
import { constantTimeEqual, hsHashOf, type HmacInput, type Sha2 } from '../util/hmac.ts';
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

/**
 * Longest signing input (bytes) the synchronous quick check hashes: 1,000 HMACs over 16 KiB take a
 * few milliseconds, over a 1 MiB header seconds of a blocked panel. Larger tokens are left to the
 * secret search, which runs in the crack worker pool.
 */
export const QUICK_CHECK_MAX_INPUT = 16_384;

const CACHE_SIZE = 256;
const CACHE_MAX_KEY = 16_384;
// The same token is captured on request after request: remember the answer for recent tokens,
// keyed by the token text itself (a string hashes once: no key built per lookup) with its alg.
const cache = new LruCache<string, { alg: string; hit: WeakSecretHit | null }>(CACHE_SIZE);

/**
 * Tries the empty key and the built-in common secrets on an HS* token; `cacheKey` (the token text)
 * lets repeated sightings of the same token skip the thousand HMACs. `build` makes the HMAC input
 * (of `alg` over the token `cacheKey` names) and runs only when the answer is not remembered: the
 * signing input's encoding costs more than the lookup.
 */
export function findCommonSecret(alg: string, build: () => HmacInput, cacheKey?: string): WeakSecretHit | undefined {
  const key = cacheKey !== undefined && cacheKey.length <= CACHE_MAX_KEY ? cacheKey : undefined;
  if (key !== undefined) {
    const remembered = cache.get(key);
    if (remembered !== undefined && remembered.alg === alg) return remembered.hit ?? undefined;
  }
  const input = build();
  // Only an input within the bound is searched or remembered (so a remembered answer implies it).
  if (input.signingInput.length > QUICK_CHECK_MAX_INPUT) return undefined;
  const found = searchCommon(input);
  if (key !== undefined) cache.set(key, { alg, hit: found ?? null });
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
