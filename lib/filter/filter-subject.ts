import type { Severity, TokenSource, ValidityState, Verification } from '../types.ts';

/** What the filter can see of one token, precomputed once per token (and inspection). */
export interface FilterSubject {
  alg?: string;
  kind: string;
  header?: Record<string, unknown>;
  payload?: unknown;
  sources: TokenSource[];
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

/** Builds the free-text haystack of a subject from its parts. */
export function filterText(parts: Omit<FilterSubject, 'text'> & { extra?: string[] }): string {
  const pieces = [
    parts.alg ?? '',
    parts.kind,
    ...valueTexts(parts.payload),
    ...valueTexts(parts.header),
    ...parts.sources,
    ...parts.hosts,
    ...parts.rules,
    ...(parts.extra ?? []),
  ];
  return pieces.join('\n').toLowerCase();
}
