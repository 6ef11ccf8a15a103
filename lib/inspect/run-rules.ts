import type { RuleContext } from '../rules/context.ts';
import type { Rule, RuleScope } from '../rules/define-rule.ts';
import { RULE_MODULES, type RuleId } from '../rules/index.ts';
import type { Finding } from '../rules/finding.ts';
import { severityRank } from '../util/severity.ts';
import type { ResolvedOptions } from './options.ts';
import { travelContexts } from './travel-contexts.ts';

const ORDER = new Map<string, number>(RULE_MODULES.map((r, i) => [r.id, i]));

// Appends the findings one rule reports in one context to `into` (no array per rule: most report nothing).
function collect(rule: Rule, ctx: RuleContext, count: number, into: KeyedFinding[]): void {
  let reports;
  try {
    reports = rule.check(ctx);
  } catch {
    // A rule bug must not hide the other findings or break the panel.
    return;
  }
  for (let i = 0; i < reports.length; i++) {
    const r = reports[i]!;
    if (typeof r === 'string') {
      into.push({ rule: rule.id as RuleId, severity: rule.severity, message: r, count });
      continue;
    }
    const f: KeyedFinding = {
      rule: rule.id as RuleId,
      severity: r.severity ?? rule.severity,
      message: r.message,
      count,
    };
    if (r.key !== undefined) f.key = r.key;
    into.push(f);
  }
}

/** A finding with the location key its rule gave (see RuleReport.key); the key never leaves the merge. */
export type KeyedFinding = Finding & { key?: string };

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
 * Folds findings collected in catalogue order (rule, severity, message, count, and a location key)
 * like {@link mergeFindings}: in that order the stable sort by severity then catalogue position is
 * a stable bucketing by severity alone.
 */
export function mergeCollected(found: KeyedFinding[]): Finding[] {
  if (found.length === 0) return [];
  if (found.length === 1) {
    const f = found[0]!;
    return [{ rule: f.rule, severity: f.severity, message: f.message, count: f.count ?? 1 }];
  }
  const folded = found.length <= SMALL ? foldFew(found) : foldMany(found);
  const buckets: Finding[][] = [];
  for (const f of folded) (buckets[severityRank(f.severity)] ??= []).push(f);
  const merged: Finding[] = [];
  for (const b of buckets) if (b) for (const f of b) merged.push(f);
  return merged;
}

// Up to this many findings, same-key findings are found by comparing with each folded one: no key
// strings built and hashed (a token has a handful of findings; many only with many sightings).
const SMALL = 16;

function fold(hit: Finding, f: KeyedFinding): void {
  hit.count = (hit.count ?? 1) + (f.count ?? 1);
  if (severityRank(f.severity) < severityRank(hit.severity)) hit.severity = f.severity;
}

// The same folding as foldMany, in first-seen order: equal rule, and equal key (or, both without
// one, equal message).
function foldFew(found: KeyedFinding[]): Finding[] {
  const out: Finding[] = [];
  const keys: (string | undefined)[] = [];
  outer: for (const f of found) {
    for (let i = 0; i < out.length; i++) {
      const hit = out[i]!;
      if (hit.rule !== f.rule || keys[i] !== f.key || (f.key === undefined && hit.message !== f.message)) continue;
      fold(hit, f);
      continue outer;
    }
    out.push({ rule: f.rule, severity: f.severity, message: f.message, count: f.count ?? 1 });
    keys.push(f.key);
  }
  return out;
}

function foldMany(found: KeyedFinding[]): Iterable<Finding> {
  const out = new Map<string, Finding>();
  for (const f of found) {
    const key = `${f.rule}\u0000${f.key === undefined ? `m${f.message}` : `k${f.key}`}`;
    const hit = out.get(key);
    if (!hit) out.set(key, { rule: f.rule, severity: f.severity, message: f.message, count: f.count ?? 1 });
    else fold(hit, f);
  }
  return out.values();
}

const ALL_SCOPES: readonly RuleScope[] = ['token', 'sighting', 'sightings'];

/**
 * Runs the whole catalogue on one token: token rules once, per-sighting rules on the caller's
 * context and on each distinct way the token travelled, over-all-sightings rules on every sighting.
 */
export function runRules(
  base: RuleContext,
  options: Pick<ResolvedOptions, 'sightings'>,
  scopes: readonly RuleScope[] = ALL_SCOPES,
): Finding[] {
  const found: KeyedFinding[] = [];
  const travels = options.sightings.length ? travelContexts(options.sightings) : [];
  const every = scopes === ALL_SCOPES;
  for (const rule of RULE_MODULES as readonly Rule[]) {
    if (!every && !scopes.includes(rule.scope)) continue;
    collect(rule, base, 1, found);
    if (rule.scope === 'sighting')
      for (const t of travels) collect(rule, { ...base, context: t.context }, t.count, found);
  }
  return mergeCollected(found);
}
