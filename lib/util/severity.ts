import { SEVERITIES, type Severity } from '../types.ts';

/** Position of a severity from the most severe (0); unknown text sorts last. */
export function severityRank(severity: Severity): number {
  const i = SEVERITIES.indexOf(severity);
  return i < 0 ? SEVERITIES.length : i;
}

/** Orders severities most severe first (a comparator for `sort`). */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}

/** The most severe of some findings, or undefined when there are none. */
export function worstSeverity(findings: Iterable<{ severity: Severity }>): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings)
    if (worst === undefined || severityRank(f.severity) < severityRank(worst)) worst = f.severity;
  return worst;
}
