import type { RuleContext } from '../rules/context.ts';
import type { Rule, RuleScope } from '../rules/define-rule.ts';
import { RULE_MODULES, type RuleId } from '../rules/index.ts';
import type { Finding } from '../rules/finding.ts';
import { severityRank } from '../util/severity.ts';
import type { ResolvedOptions } from './options.ts';
import { travelContexts } from './travel-contexts.ts';

const ORDER = new Map<string, number>(RULE_MODULES.map((r, i) => [r.id, i]));

/** The findings one rule reports in one context, each seen `count` times; a failing rule reports nothing. */
export function runRule(rule: Rule, ctx: RuleContext, count = 1): Finding[] {
  let reports;
  try {
    reports = rule.check(ctx);
  } catch {
    // A rule bug must not hide the other findings or break the panel.
    return [];
  }
  return reports.map((r) => {
    if (typeof r === 'string') return { rule: rule.id as RuleId, severity: rule.severity, message: r, count };
    const f: KeyedFinding = {
      rule: rule.id as RuleId,
      severity: r.severity ?? rule.severity,
      message: r.message,
      count,
    };
    if (r.key !== undefined) f.key = r.key;
    return f;
  });
}

// A finding with the location key its rule gave (see RuleReport.key); the key never leaves mergeFindings.
type KeyedFinding = Finding & { key?: string };

/**
 * Folds findings into one per rule and message (summing counts, keeping the most severe level),
 * ordered most severe first, then by catalogue order, then as found.
 */
export function mergeFindings(findings: Iterable<Finding>): Finding[] {
  const out = new Map<string, Finding>();
  for (const f of findings) {
    const { key: where, ...finding } = f as KeyedFinding;
    const key = `${f.rule}\u0000${where === undefined ? `m${f.message}` : `k${where}`}`;
    const hit = out.get(key);
    if (!hit) out.set(key, { ...finding, count: f.count ?? 1 });
    else {
      hit.count = (hit.count ?? 1) + (f.count ?? 1);
      if (severityRank(f.severity) < severityRank(hit.severity)) hit.severity = f.severity;
    }
  }
  // Array.prototype.sort is stable, so equal keys keep the order they were found in.
  return [...out.values()].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      (ORDER.get(a.rule) ?? ORDER.size) - (ORDER.get(b.rule) ?? ORDER.size),
  );
}

/**
 * Runs the whole catalogue on one token: token rules once, per-sighting rules on the caller's
 * context and on each distinct way the token travelled, over-all-sightings rules on every sighting.
 */
export function runRules(
  base: RuleContext,
  options: Pick<ResolvedOptions, 'sightings'>,
  scopes: readonly RuleScope[] = ['token', 'sighting', 'sightings'],
): Finding[] {
  const found: Finding[] = [];
  const travels = travelContexts(options.sightings);
  for (const rule of RULE_MODULES as readonly Rule[]) {
    if (!scopes.includes(rule.scope)) continue;
    if (rule.scope === 'sighting') {
      found.push(...runRule(rule, base));
      for (const t of travels) found.push(...runRule(rule, { ...base, context: t.context }, t.count));
    } else found.push(...runRule(rule, base));
  }
  return mergeFindings(found);
}
