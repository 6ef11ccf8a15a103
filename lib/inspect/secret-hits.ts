import type { DecodedToken } from '../decode-token.ts';
import type { AlgConfusionHit, RuleKeyFacts, WeakSecretHit } from '../rules/context.ts';
import { hmacInputOf, hmacMatches } from '../util/hmac.ts';
import type { ResolvedOptions } from './options.ts';
import { findCommonSecret, findConfusedKey } from './secret-checks.ts';

const encoder = new TextEncoder();

/** The weak secret and key-confusion checks of an HS* JWS, for the rules to report. */
export function secretHits(
  decoded: DecodedToken,
  header: Record<string, unknown> | undefined,
  keyFacts: readonly RuleKeyFacts[],
  options: Pick<ResolvedOptions, 'crackedSecret' | 'quickSecretCheck'>,
): { weakSecret?: WeakSecretHit; algConfusion?: AlgConfusionHit } {
  if (decoded.kind !== 'jws') return {};
  const [h, p, s] = decoded.segments;
  if (!h || !p) return {};
  const input = hmacInputOf(header?.alg, h.text, p.text, s?.bytes);
  if (!input) return {};
  const out: { weakSecret?: WeakSecretHit; algConfusion?: AlgConfusionHit } = {};
  if (options.crackedSecret !== undefined && hmacMatches(input, encoder.encode(options.crackedSecret)))
    out.weakSecret = { secret: options.crackedSecret, alg: input.alg, source: 'search' };
  // A secret found in the common list also wins over one found by a search: it is the stronger claim.
  if (options.quickSecretCheck) {
    const common = findCommonSecret(input, decoded.token);
    if (common) out.weakSecret = common;
  }
  if (keyFacts.length > 0) {
    const hit = findConfusedKey(input, keyFacts);
    if (hit) out.algConfusion = hit;
  }
  return out;
}
