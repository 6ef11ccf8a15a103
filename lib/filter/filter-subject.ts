import type { Sighting } from '../capture/model.ts';
import { sightingLabel, sightingSource } from '../capture/sighting-label.ts';
import type { Severity, TokenSource, ValidityState, Verification } from '../types.ts';

/** What the filter can see of one token, precomputed once per token (and inspection). */
export interface FilterSubject {
  alg?: string;
  kind: string;
  header?: Record<string, unknown>;
  payload?: unknown;
  sources: TokenSource[];
  /** How it travelled, also matched by `source:`: directions (`response`), ways (`cookie-jar`) and location kinds (`json-body`). */
  travel?: string[];
  /** Request hosts and the issuer's host, lower-cased. */
  hosts: string[];
  /** Rule ids of the findings. */
  rules: string[];
  /** Most severe finding, if any. */
  worst?: Severity;
  validity: ValidityState;
  verification?: Verification['status'];
  pasted: boolean;
  /** Lower-cased text that free text searches: claim values, hosts, sources, rule ids, alg. */
  text: string;
}

/** Every string and number inside a JSON value, as text (bounded, so a huge claim costs little). */
export function valueTexts(value: unknown, out: string[] = [], budget = { left: 4000 }): string[] {
  if (budget.left <= 0) return out;
  budget.left--;
  if (typeof value === 'string') out.push(value.length > 2000 ? value.slice(0, 2000) : value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) valueTexts(v, out, budget);
  else if (typeof value === 'object' && value !== null)
    for (const k of Object.keys(value)) valueTexts((value as Record<string, unknown>)[k], out, budget);
  return out;
}

/** What the filter reads from a token's sightings: source words, travel words and each location's label. */
export function sightingTerms(sightings: readonly Sighting[]): {
  sources: TokenSource[];
  travel: string[];
  labels: string[];
} {
  const sources = new Set<TokenSource>();
  const travel = new Set<string>();
  const labels = new Set<string>();
  for (const s of sightings) {
    sources.add(sightingSource(s));
    travel.add(s.direction).add(s.via).add(s.location.kind);
    labels.add(sightingLabel(s));
  }
  return { sources: [...sources], travel: [...travel], labels: [...labels] };
}

/** Builds the free-text haystack of a subject from its parts. */
export function filterText(parts: Omit<FilterSubject, 'text'> & { extra?: string[] }): string {
  const pieces = [
    parts.alg ?? '',
    parts.kind,
    ...valueTexts(parts.payload),
    ...valueTexts(parts.header),
    ...parts.sources,
    ...(parts.travel ?? []),
    ...parts.hosts,
    ...parts.rules,
    ...(parts.extra ?? []),
  ];
  return pieces.join('\n').toLowerCase();
}
