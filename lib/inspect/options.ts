import type { EndpointTrial, InspectOptions, KeyEntry, SightingLike, TokenContext, TokenPeers } from '../types.ts';
import { travelOf } from '../capture/legacy.ts';
import { DEFAULT_MAX_PBES2_COUNT } from '../verify/outcome.ts';

/** Default seconds of tolerance for exp/nbf/iat: none (RFC 7519 §4.1.4: expired once `now >= exp`). */
export const DEFAULT_CLOCK_SKEW = 0;
/** Default seconds above which a token's lifetime is flagged (24 h). */
export const DEFAULT_MAX_LIFETIME = 86_400;

/** {@link InspectOptions} with every default applied and every bad value replaced. */
export interface ResolvedOptions {
  keys: KeyEntry[];
  now: number;
  clockSkew: number;
  maxLifetime: number;
  maxPbes2Count: number;
  context: TokenContext;
  /** Sightings that are travel (pasted ones are not). */
  sightings: readonly SightingLike[];
  /** Whether the caller passed sightings at all (the over-all-sightings rules need them). */
  hasSightings: boolean;
  pageUrl?: string;
  crackedSecret?: string;
  quickSecretCheck: boolean;
  peers?: TokenPeers;
  trustCarriedKey: boolean;
  endpointTrials?: readonly EndpointTrial[];
}

function finite(n: unknown, fallback: number): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}

/** Applies the defaults of {@link InspectOptions}; never throws on odd values. */
export function resolveOptions(options: InspectOptions): ResolvedOptions {
  const sightings = Array.isArray(options.sightings) ? options.sightings : undefined;
  const out: ResolvedOptions = {
    keys: Array.isArray(options.keys) ? options.keys : [],
    now: finite(options.now, Math.floor(Date.now() / 1000)),
    clockSkew: Math.max(0, finite(options.clockSkew, DEFAULT_CLOCK_SKEW)),
    maxLifetime: finite(options.maxLifetime, DEFAULT_MAX_LIFETIME),
    maxPbes2Count: finite(options.maxPbes2Count, DEFAULT_MAX_PBES2_COUNT),
    context: typeof options.context === 'object' && options.context !== null ? options.context : {},
    // A pasted token travelled nowhere (v3 spelled it source 'pasted', v4 via 'paste').
    sightings: sightings ? sightings.filter((s) => travelOf(s).via !== 'paste') : [],
    hasSightings: sightings !== undefined,
    quickSecretCheck: options.quickSecretCheck !== false,
    trustCarriedKey: options.trustCarriedKey === true,
  };
  if (typeof options.pageUrl === 'string') out.pageUrl = options.pageUrl;
  if (typeof options.crackedSecret === 'string') out.crackedSecret = options.crackedSecret;
  if (typeof options.peers === 'object' && options.peers !== null) out.peers = options.peers;
  if (Array.isArray(options.endpointTrials)) out.endpointTrials = options.endpointTrials;
  return out;
}
