import type { CapturedToken } from '../lib/capture/model.ts';
import { isPasted } from '../lib/capture/sighting-label.ts';
import { sightingFindings } from '../lib/rules/sighting-findings.ts';
import { SEVERITIES, type Finding, type Inspection, type Severity } from '../lib/types.ts';

const contextCache = new WeakMap<CapturedToken, { pageUrl: string | undefined; findings: Finding[] }>();

/** Findings about where a token travelled, cached per capture entry (a new sighting makes a new entry). */
export function contextFindings(
  captured: CapturedToken | undefined,
  payload: unknown,
  pageUrl: string | undefined,
  now: number,
): Finding[] {
  if (!captured) return [];
  const hit = contextCache.get(captured);
  if (hit && hit.pageUrl === pageUrl) return hit.findings;
  const sightings = captured.sightings.filter((s) => !isPasted(s));
  let findings: Finding[];
  try {
    findings = sightingFindings(captured.token, payload, sightings, {
      ...(pageUrl ? { pageUrl } : {}),
      now: Math.floor(now / 1000),
    });
  } catch {
    findings = [];
  }
  contextCache.set(captured, { pageUrl, findings });
  return findings;
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** The token's own findings and its context findings, deduplicated by rule and message, most severe first. */
export function mergeFindings(inspection: Inspection | undefined, context: readonly Finding[]): Finding[] {
  const out = new Map<string, Finding>();
  for (const f of [...(inspection?.findings ?? []), ...context]) out.set(`${f.rule}\u0000${f.message}`, f);
  return [...out.values()].sort((a, b) => rank(a.severity) - rank(b.severity));
}

/** The most severe of some findings. */
export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) if (worst === undefined || rank(f.severity) < rank(worst)) worst = f.severity;
  return worst;
}
