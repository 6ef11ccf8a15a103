import { decodeToken } from '../decode-token.ts';
import type { RuleContext } from '../rules/context.ts';
import type { SightingLike } from '../types.ts';
import type { Finding } from '../rules/finding.ts';
import { DEFAULT_CLOCK_SKEW, DEFAULT_MAX_LIFETIME, resolveOptions } from './options.ts';
import { classifyToken } from '../oauth/kind.ts';
import { runRules } from './run-rules.ts';

/**
 * The travel findings alone (per-sighting and over-all-sightings rules) of a token whose payload
 * is already known: the same rules, merge and order as {@link inspect} uses, without verification.
 */
export function sightingFindings(
  token: string,
  payload: unknown,
  sightings: readonly SightingLike[],
  options: { pageUrl?: string; now: number; clockSkew?: number },
): Finding[] {
  if (!sightings.length) return [];
  const opts = resolveOptions({ sightings, now: options.now, clockSkew: options.clockSkew ?? DEFAULT_CLOCK_SKEW });
  const decoded = decodeToken(token);
  const base: RuleContext = {
    decoded,
    kind: decoded.kind,
    header: decoded.header,
    payload,
    now: opts.now,
    clockSkew: opts.clockSkew,
    maxLifetime: DEFAULT_MAX_LIFETIME,
    context: {},
    verification: { status: 'not-applicable' },
    keys: [],
    sightings: opts.sightings,
    oauth: { classification: classifyToken({ header: decoded.header, payload }, opts.sightings), checks: [] },
  };
  if (options.pageUrl !== undefined) base.pageUrl = options.pageUrl;
  return runRules(base, opts, ['sighting', 'sightings']);
}
