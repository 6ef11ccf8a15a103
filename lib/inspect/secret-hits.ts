import type { DecodedToken } from '../decode-token.ts';
import type { AlgConfusionHit, RuleKeyFacts, WeakSecretHit } from '../rules/context.ts';
import { hmacInputOf, hmacMatches, hsHashOf, type HmacInput } from '../util/hmac.ts';
import type { ResolvedOptions } from './options.ts';
import { COMMON_SECRETS } from '../rules/common-secrets.ts';
import { decodeToken } from '../decode-token.ts';
import type { Verification } from '../types.ts';
import { findCommonSecret } from './secret-checks.ts';

const encoder = new TextEncoder();

/**
 * The weak secret check of an HS* JWS and the key-confusion hit, for the rules to report. The
 * confusion scan is the verifier's (its `key-confusion` outcome names the key): not repeated here.
 */
export function secretHits(
  decoded: DecodedToken,
  header: Record<string, unknown> | undefined,
  keyFacts: readonly RuleKeyFacts[],
  options: Pick<ResolvedOptions, 'crackedSecret' | 'quickSecretCheck'>,
  verification?: Verification,
): { weakSecret?: WeakSecretHit; algConfusion?: AlgConfusionHit } {
  if (decoded.kind !== 'jws') return {};
  const [h, p, s] = decoded.segments;
  if (!h || !p) return {};
  const alg = header?.alg;
  // hmacInputOf's own test, without encoding the signing input: most checks hit the quick check's cache.
  if (hsHashOf(alg) === undefined || !s?.bytes || s.bytes.length === 0) return {};
  let made: HmacInput | undefined;
  const input = (): HmacInput => (made ??= hmacInputOf(alg, h.text, p.text, s.bytes)!);
  const out: { weakSecret?: WeakSecretHit; algConfusion?: AlgConfusionHit } = {};
  if (options.crackedSecret !== undefined && hmacMatches(input(), encoder.encode(options.crackedSecret)))
    // A secret from the common list stays a common-list hit when the quick check ran elsewhere
    // (off the panel's main thread) and came back as `crackedSecret`.
    out.weakSecret = {
      secret: options.crackedSecret,
      alg: alg as string,
      source: isCommonSecret(options.crackedSecret) ? 'common-list' : 'search',
    };
  // A secret found in the common list also wins over one found by a search: it is the stronger claim.
  if (options.quickSecretCheck) {
    const common = findCommonSecret(alg as string, input, decoded.token);
    if (common) out.weakSecret = common;
  }
  if (verification?.status === 'key-confusion' && verification.keyId !== undefined) {
    const key = keyFacts.find((k) => k.id === verification.keyId);
    const hit: AlgConfusionHit = { keyId: verification.keyId, alg: verification.alg ?? (alg as string) };
    if (key?.label !== undefined) hit.keyLabel = key.label;
    // The type of the public key whose text was the secret (a secret entry holding a PEM has none).
    if (key?.kty !== undefined && key.kind !== 'secret') hit.kty = key.kty;
    out.algConfusion = hit;
  }
  return out;
}

let common: Set<string> | undefined;

function isCommonSecret(secret: string): boolean {
  common ??= new Set(['', ...COMMON_SECRETS]);
  return common.has(secret);
}

/**
 * The quick secret check on its own, for a worker: the empty key or the common secret that
 * reproduces an HS* token's MAC, or undefined (other tokens, no hit). Feed a hit back to `inspect`
 * as `crackedSecret` with `quickSecretCheck: false`; it is reported as a common-list secret.
 */
export function quickSecretOf(token: string): string | undefined {
  if (typeof token !== 'string') return undefined;
  const decoded = decodeToken(token);
  if (decoded.kind !== 'jws') return undefined;
  const [h, p, s] = decoded.segments;
  if (!h || !p) return undefined;
  const input = hmacInputOf(decoded.header?.alg, h.text, p.text, s?.bytes);
  return input ? findCommonSecret(input.alg, () => input, token)?.secret : undefined;
}
