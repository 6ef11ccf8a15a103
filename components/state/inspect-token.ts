import type { Sighting } from '../../lib/capture/model.ts';
import { inspect, type Inspection, type InspectExtraOptions } from '../../lib/inspect/index.ts';
import type { DecodedToken } from '../../lib/decode-token.ts';
import { secretHits } from '../../lib/inspect/secret-hits.ts';
import { decodedIfCached } from './token-view.ts';
import type { Finding } from '../../lib/rules/finding.ts';
import type { InspectOptions } from '../../lib/types.ts';

/** Longest signing input the quick check of the common secrets hashes (the weak-secret section says when it was skipped). */
export { QUICK_CHECK_MAX_INPUT } from '../../lib/inspect/secret-checks.ts';

/** The engine's inspect, passed in so tests can count or slow it. */
export type InspectFn = (token: string, options: InspectOptions & InspectExtraOptions) => Promise<Inspection>;

/** What the panel asks about one token. */
export interface InspectTokenOptions {
  keys: InspectOptions['keys'];
  /** Epoch seconds. */
  now: number;
  /** Seconds of tolerance for exp/nbf/iat: the panel's setting, used by every time rule (default 0). */
  clockSkew?: number;
  /** Every sighting of the token, pasted ones included (they travelled nowhere, so no travel rule sees them). */
  sightings: readonly Sighting[];
  pageUrl?: string;
  /** What the other captured tokens tell its binding checks (DPoP proof, ID token). */
  peers?: InspectOptions['peers'];
  crackedSecret?: string;
  /** False when the quick secret check runs elsewhere (a worker) and comes back as `crackedSecret`. */
  quickSecretCheck?: boolean;
  /** What servers answered to its forged variants ("Test this endpoint"). */
  endpointTrials?: InspectOptions['endpointTrials'];
}

/** An inspection as the panel shows it: every finding merged (with counts), and a JWE's plaintext. */
export type PanelInspection = Inspection;

/**
 * The panel's one door into the engine: one `inspect` call per token returns the token's own
 * findings and those about where it travelled, merged and sorted, plus a JWE's plaintext. Never throws.
 */
export async function inspectToken(
  token: string,
  options: InspectTokenOptions,
  inspectFn: InspectFn = inspect,
): Promise<PanelInspection> {
  const { sightings, pageUrl, crackedSecret, keys, now, quickSecretCheck, peers, endpointTrials } = options;
  // The decoding the list or the detail already made, if any: a big payload is parsed once.
  const decoded = decodedIfCached(token);
  return inspectFn(token, {
    ...(decoded ? { decoded } : {}),
    keys: keys ?? [],
    now,
    clockSkew: options.clockSkew ?? 0,
    sightings,
    ...(pageUrl ? { pageUrl } : {}),
    ...(peers ? { peers } : {}),
    ...(endpointTrials ? { endpointTrials } : {}),
    ...(crackedSecret !== undefined ? { crackedSecret } : {}),
    ...(quickSecretCheck === false ? { quickSecretCheck } : {}),
  });
}

/**
 * The secret that a `weak-hmac-secret` finding names: the one the wordlist search or the off-thread
 * quick check found (one HMAC confirms it), else the one from the built-in common list (an HMAC
 * check the engine caches per token). Undefined when there is no such finding or the secret does
 * not reproduce the signature.
 */
export function weakSecretOf(
  decoded: DecodedToken,
  findings: readonly Finding[],
  cracked?: string,
): string | undefined {
  if (!findings.some((f) => f.rule === 'weak-hmac-secret')) return undefined;
  const header = decoded.header as Record<string, unknown> | undefined;
  // A known secret that reproduces the MAC is the answer: the thousand common secrets are not tried
  // again on the panel's thread (the quick check ran in a worker and came back as `cracked`).
  if (cracked !== undefined) {
    const known = secretHits(decoded, header, [], { quickSecretCheck: false, crackedSecret: cracked }).weakSecret;
    if (known) return known.secret;
  }
  return secretHits(decoded, header, [], { quickSecretCheck: true }).weakSecret?.secret;
}
