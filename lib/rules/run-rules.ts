import { SEVERITIES } from '../types.ts';
import type { Finding } from '../types.ts';
import type { RuleContext } from './context.ts';
import { RULE_MODULES } from './index.ts';

/** Runs every rule on one token and returns the findings, most severe first. A failing rule is skipped, never thrown. */
export function runRules(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULE_MODULES) {
    try {
      for (const f of rule.check(ctx)) findings.push(f);
    } catch {
      // A rule bug must not hide the other findings or break the panel.
    }
  }
  const rank = (f: Finding): number => SEVERITIES.indexOf(f.severity);
  // Array.prototype.sort is stable, so equal severities keep the catalogue's order.
  return findings.sort((a, b) => rank(a) - rank(b));
}
