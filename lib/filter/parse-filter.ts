import { SEVERITIES, type Severity } from '../types.ts';

/** Fields a filter term can name (`field:value`); `text` is free text. */
export type FilterField =
  | 'text'
  | 'alg'
  | 'source'
  | 'iss'
  | 'sub'
  | 'rule'
  | 'severity'
  | 'host'
  | 'kind'
  | 'is'
  | 'url'
  | 'path'
  | 'method'
  | 'status'
  | 'name'
  | 'claim';

/** One term of a filter, e.g. `-source:url`. */
export interface FilterTerm {
  field: FilterField;
  /** Lower-cased value. */
  value: string;
  /** For `claim` terms: the claim or header parameter name (as typed, case kept). */
  name?: string;
  negate: boolean;
}

/** A parsed filter: every term must match. */
export interface Filter {
  terms: FilterTerm[];
  /** Terms that were not understood, with why; they are matched as free text. */
  warnings: string[];
}

const FIELDS = new Set<FilterField>([
  'alg',
  'source',
  'iss',
  'sub',
  'rule',
  'severity',
  'host',
  'kind',
  'is',
  'url',
  'path',
  'method',
  'status',
  'name',
]);

/** What `status:` takes: a code (`401`), a class (`4xx`), a comparison (`>=400`), or `failed` (no answer). */
export const STATUS_VALUE = /^(?:[1-5][0-9]{2}|[1-5]xx|(?:>=|<=|>|<)[0-9]{1,3}|failed|0)$/;

/** States `is:` (and the same bare words) understands. */
export const FILTER_STATES = [
  'expired',
  'valid',
  'not-yet-valid',
  'no-expiry',
  'verified',
  'invalid',
  'no-key',
  'unsupported',
  'key-confusion',
  'pasted',
  'captured',
] as const;

const BARE_STATES = new Set(['expired', 'verified', 'pasted']);

/** Splits filter text into words, keeping "quoted phrases" whole. */
function words(text: string): string[] {
  const out: string[] = [];
  const re = /(-?)(?:([\w#.-]+):)?"([^"]*)"?|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[4] !== undefined) out.push(m[4]);
    else out.push(`${m[1] ?? ''}${m[2] !== undefined ? `${m[2]}:` : ''}\u0000${m[3] ?? ''}`);
  }
  return out;
}

/**
 * Parses the list filter: free text plus `alg:none`, `expired`, `severity:high` (that severity or
 * worse), `source:cookie`, `iss:…`, `sub:…`, `rule:…`, `host:…`, `kind:jwe` or an OAuth kind (`kind:id`, `kind:dpop`), `is:verified`, the
 * request side (`url:/api/me`, `path:…`, `method:POST`, `status:401` / `4xx` / `>=400`,
 * `name:Authorization`), any other `claim:value`, quoted phrases and negation with a leading `-`.
 * Never throws.
 */
export function parseFilter(text: string): Filter {
  const terms: FilterTerm[] = [];
  const warnings: string[] = [];
  for (let word of words(text)) {
    let negate = false;
    if (word.startsWith('-') && word.length > 1) {
      negate = true;
      word = word.slice(1);
    }
    const quoted = word.indexOf('\u0000');
    const colon = word.indexOf(':');
    if (quoted === 0) {
      terms.push({ field: 'text', value: word.slice(1).toLowerCase(), negate });
      continue;
    }
    if (colon > 0 && (quoted < 0 || colon < quoted)) {
      const name = word.slice(0, colon);
      const value = word.slice(colon + 1).replace('\u0000', '');
      const field = name.toLowerCase() as FilterField;
      if (value === '') {
        warnings.push(`"${name}:" needs a value`);
        continue;
      }
      if (field === 'severity' && !SEVERITIES.includes(value.toLowerCase() as Severity)) {
        warnings.push(`unknown severity "${value}" (use ${SEVERITIES.join(', ')})`);
        terms.push({ field: 'text', value: word.toLowerCase(), negate });
        continue;
      }
      if (field === 'is' && !(FILTER_STATES as readonly string[]).includes(value.toLowerCase())) {
        warnings.push(`unknown state "${value}" (use ${FILTER_STATES.join(', ')})`);
        terms.push({ field: 'text', value: word.toLowerCase(), negate });
        continue;
      }
      if (field === 'status' && !STATUS_VALUE.test(value.toLowerCase())) {
        warnings.push(`unknown status "${value}" (use 401, 4xx, >=400 or failed)`);
        terms.push({ field: 'text', value: word.toLowerCase(), negate });
        continue;
      }
      if (FIELDS.has(field)) terms.push({ field, value: value.toLowerCase(), negate });
      else terms.push({ field: 'claim', name, value: value.toLowerCase(), negate });
      continue;
    }
    const value = word.replace('\u0000', '').toLowerCase();
    if (value === '') continue;
    if (BARE_STATES.has(value)) terms.push({ field: 'is', value, negate });
    else terms.push({ field: 'text', value, negate });
  }
  return { terms, warnings };
}
