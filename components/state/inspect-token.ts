import type { Sighting } from '../../lib/capture/model.ts';
import { isPasted } from '../../lib/capture/sighting-label.ts';
import { sightingFindings } from '../../lib/rules/sighting-findings.ts';
import { inspect, type InspectExtraOptions } from '../../lib/inspect.ts';
import { SEVERITIES, type Finding, type Inspection, type InspectOptions, type Severity } from '../../lib/types.ts';
import { verifyToken } from '../../lib/verify/index.ts';
import { decodeCached } from './token-view.ts';

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
  crackedSecret?: string;
}

/** An inspection as the panel shows it: every finding merged, and a JWE's plaintext when a stored key opens it. */
export type PanelInspection = Inspection & { plaintext?: string };

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/**
 * The panel's one door into the engine's inspection: the token's own findings and the findings
 * about where it travelled, deduplicated by rule and message, most severe first. Nothing else in
 * components/ merges or sorts findings. Never throws.
 */
export async function inspectToken(
  token: string,
  options: InspectTokenOptions,
  inspectFn: InspectFn = inspect,
): Promise<PanelInspection> {
  const { sightings, pageUrl, crackedSecret, keys, now } = options;
  const clockSkew = options.clockSkew ?? 0;
  const inspection = await inspectFn(token, {
    keys: keys ?? [],
    now,
    clockSkew,
    ...(crackedSecret !== undefined ? { crackedSecret } : {}),
  });
  const travelled = sightings.filter((s) => !isPasted(s));
  let context: Finding[] = [];
  if (travelled.length) {
    try {
      context = sightingFindings(token, inspection.payload ?? decodeCached(token).payload, travelled, {
        ...(pageUrl ? { pageUrl } : {}),
        now,
        clockSkew,
      });
    } catch {
      context = [];
    }
  }
  const merged = new Map<string, Finding>();
  for (const f of [...inspection.findings, ...context]) merged.set(`${f.rule}\u0000${f.message}`, f);
  const findings = [...merged.values()].sort((a, b) => rank(a.severity) - rank(b.severity));
  let plaintext: string | undefined;
  if (inspection.kind === 'jwe' && keys?.length) {
    const outcome = await verifyToken(token, keys).catch(() => undefined);
    if (typeof outcome?.plaintext === 'string') plaintext = outcome.plaintext;
  }
  return { ...inspection, findings, ...(plaintext !== undefined ? { plaintext } : {}) };
}
