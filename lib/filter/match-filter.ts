import type { Severity, ValidityState } from '../types.ts';
import { severityRank as rank } from '../util/severity.ts';
import { valueContains, type FilterSubject } from './filter-subject.ts';
import type { Filter, FilterTerm } from './parse-filter.ts';

// Spellings of the OAuth kinds people type (`kind:id_token`, `kind:access_token`).
const KIND_ALIASES: Readonly<Record<string, string>> = {
  id_token: 'id',
  'id-token': 'id',
  access_token: 'access',
  'access-token': 'access',
  refresh_token: 'refresh',
  'refresh-token': 'refresh',
  logout_token: 'logout',
  client_assertion: 'client-assertion',
  request: 'request-object',
};

function claimOf(subject: Pick<FilterSubject, 'payload' | 'header'>, name: string): unknown {
  const p = subject.payload;
  if (typeof p === 'object' && p !== null && !Array.isArray(p) && Object.prototype.hasOwnProperty.call(p, name))
    return (p as Record<string, unknown>)[name];
  const h = subject.header;
  if (h && Object.prototype.hasOwnProperty.call(h, name)) return h[name];
  return undefined;
}

// Iterative and bounded (no JSON.stringify): a 50,000-deep claim must not overflow the stack.
const contains = valueContains;

function sourceMatches(sources: readonly string[], value: string): boolean {
  if (value === 'storage') return sources.some((s) => s.endsWith('-storage'));
  if (value === 'localstorage') return sources.includes('local-storage');
  if (value === 'sessionstorage') return sources.includes('session-storage');
  return sources.some((s) => s === value || (value.length >= 3 && s.startsWith(value)));
}

function statusMatches(statuses: readonly number[], value: string): boolean {
  if (value === 'failed' || value === '0') return statuses.includes(0);
  const cls = /^([1-5])xx$/.exec(value);
  if (cls) return statuses.some((n) => Math.floor(n / 100) === Number(cls[1]));
  const cmp = /^(>=|<=|>|<)([0-9]+)$/.exec(value);
  if (cmp) {
    const bound = Number(cmp[2]);
    const ok = (n: number) =>
      cmp[1] === '>=' ? n >= bound : cmp[1] === '<=' ? n <= bound : cmp[1] === '>' ? n > bound : n < bound;
    // A failed request has no status to compare.
    return statuses.some((n) => n !== 0 && ok(n));
  }
  return statuses.includes(Number(value));
}

function termMatches(term: FilterTerm, s: Omit<FilterSubject, 'validity'>, validity: ValidityState): boolean {
  const v = term.value;
  switch (term.field) {
    case 'text':
      return s.text.includes(v);
    case 'alg':
      return (s.alg ?? '').toLowerCase() === v;
    case 'source':
      return sourceMatches(s.sources, v) || sourceMatches(s.travel ?? [], v);
    case 'iss':
      return contains(claimOf(s, 'iss'), v);
    case 'sub':
      return contains(claimOf(s, 'sub'), v);
    case 'rule':
      return s.rules.some((r) => r === v || r.startsWith(v));
    case 'severity':
      return s.worst !== undefined && rank(s.worst) <= rank(v as Severity);
    case 'host':
      return s.hosts.some((h) => h.includes(v));
    case 'url':
      return (s.urls ?? []).some((u) => u.includes(v));
    case 'path':
      return (s.paths ?? []).some((p) => p.includes(v));
    case 'method':
      return (s.methods ?? []).includes(v);
    case 'status':
      return statusMatches(s.statuses ?? [], v);
    case 'name':
      return (s.names ?? []).some((n) => n.includes(v));
    case 'kind':
      return (
        s.kind === v ||
        s.tokenKind === v ||
        (v === 'none' && s.kind === 'unsecured') ||
        (KIND_ALIASES[v] !== undefined && s.tokenKind === KIND_ALIASES[v])
      );
    case 'is':
      switch (v) {
        case 'expired':
        case 'valid':
        case 'not-yet-valid':
        case 'no-expiry':
          return validity === v;
        case 'pasted':
          return s.pasted;
        case 'captured':
          return s.captured ?? s.sources.some((x) => x !== 'pasted');
        default:
          return s.verification === v;
      }
    case 'claim':
      return contains(claimOf(s, term.name ?? ''), v);
  }
}

/** True when the token passes every term of the filter (a negated term must not match). */
export function matchFilter(filter: Filter, subject: FilterSubject): boolean {
  return matchSubject(filter, subject, subject.validity);
}

/**
 * {@link matchFilter} with the validity given apart from the subject, so a list can judge one
 * subject at different instants without copying it.
 */
export function matchSubject(
  filter: Filter,
  subject: Omit<FilterSubject, 'validity'>,
  validity: ValidityState,
): boolean {
  for (const term of filter.terms) if (termMatches(term, subject, validity) === term.negate) return false;
  return true;
}

// Fields whose match is "contains the value": a longer value that contains the shorter one matches fewer tokens.
const CONTAINS = new Set<FilterTerm['field']>(['text', 'iss', 'sub', 'host', 'claim']);

function sameTerm(a: FilterTerm, b: FilterTerm): boolean {
  return a.field === b.field && a.value === b.value && a.name === b.name && a.negate === b.negate;
}

/**
 * True when every token `next` matches also matches `previous` (the user typed on: a term's
 * contained value grew, or terms were added), so `next` can be matched on `previous`'s result.
 */
export function filterNarrows(previous: Filter, next: Filter): boolean {
  const old = previous.terms;
  if (next.terms.length < old.length) return false;
  for (let i = 0; i < old.length; i++) {
    const a = old[i]!;
    const b = next.terms[i]!;
    if (sameTerm(a, b)) continue;
    const grew =
      !a.negate &&
      !b.negate &&
      a.field === b.field &&
      a.name === b.name &&
      CONTAINS.has(a.field) &&
      b.value.includes(a.value);
    if (!grew) return false;
  }
  return true;
}
