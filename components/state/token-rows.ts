import type { CapturedToken } from '../../lib/capture/model.ts';
import { isPasted } from '../../lib/capture/sighting-label.ts';
import { filterText, sightingTerms, type FilterSubject } from '../../lib/filter/filter-subject.ts';
import { readTimeClaim, timeStatus } from '../../lib/time-claims.ts';
import { authorityOf } from '../../lib/util/url.ts';
import { severityRank as rank, worstSeverity } from '../../lib/util/severity.ts';
import { SEVERITIES, type Severity, type TokenSource, type ValidityState } from '../../lib/types.ts';
import type { Finding } from '../../lib/rules/index.ts';
import type { PanelInspection } from './inspect-token.ts';
import { viewOf, type TokenView } from './token-view.ts';

/** One row of the token list: everything its columns, sorting and the filter need. */
export interface TokenRow {
  token: string;
  view: TokenView;
  captured: CapturedToken;
  alg: string;
  label: string;
  issuerHost: string;
  /** exp in epoch seconds, when usable. */
  exp?: number;
  nbf?: number;
  sources: TokenSource[];
  requestHost: string;
  /** "GET host/path" of the latest request. */
  request: string;
  requestUrl?: string;
  count: number;
  lastSeen: number;
  findings: Finding[];
  worst?: Severity;
  inspected: boolean;
  pasted: boolean;
  subject: Omit<FilterSubject, 'validity'>;
}

function hostText(url: unknown): string {
  return typeof url === 'string' ? (authorityOf(url) ?? '') : '';
}

function shortUrl(url: string | undefined): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

const rowCache = new WeakMap<CapturedToken, { inspection: PanelInspection | undefined; row: TokenRow }>();

/** Builds (or reuses) the row of a token for its capture entry and inspection (whose findings are merged). */
export function rowOf(captured: CapturedToken, inspection: PanelInspection | undefined): TokenRow {
  const hit = rowCache.get(captured);
  if (hit && hit.inspection === inspection) return hit.row;
  // An inspection landing rebuilds the row, not the view: the token is not decoded again (with
  // 10,000 tokens the decode cache cannot hold them all).
  const view = hit?.row.view ?? viewOf(captured.token, captured, captured.sightings.every(isPasted));
  const payload = inspection?.payload ?? view.decoded.payload;
  const claims =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  const iss = Object.prototype.hasOwnProperty.call(claims, 'iss') ? claims.iss : undefined;
  const exp = readTimeClaim(payload, 'exp');
  const nbf = readTimeClaim(payload, 'nbf');
  const { sources, travel, labels } = sightingTerms(captured.sightings);
  let last = captured.sightings[captured.sightings.length - 1];
  for (let i = captured.sightings.length - 1; i >= 0; i--) {
    const s = captured.sightings[i]!;
    if (s.url) {
      last = s;
      break;
    }
  }
  const findings = inspection?.findings ?? [];
  const worst = worstSeverity(findings);
  const issuerHost = hostText(iss) || (typeof iss === 'string' ? iss : '');
  const requestHost = hostText(last?.url);
  const hosts = [...new Set([requestHost, issuerHost, ...captured.sightings.map((s) => hostText(s.url))])]
    .filter(Boolean)
    .map((h) => h.toLowerCase());
  const rules = [...new Set(findings.map((f) => f.rule))];
  const subjectBase = {
    ...(view.alg !== '?' ? { alg: view.alg } : {}),
    kind: inspection?.kind ?? view.decoded.kind,
    ...(view.decoded.header ? { header: view.decoded.header } : {}),
    payload,
    sources,
    travel,
    hosts,
    rules,
    ...(worst ? { worst } : {}),
    ...(inspection ? { verification: inspection.verification.status } : {}),
    pasted: sources.includes('pasted'),
  };
  const row: TokenRow = {
    token: captured.token,
    view,
    captured,
    alg: view.alg,
    label: view.label,
    issuerHost,
    ...(exp?.seconds !== undefined && exp.problem !== 'out-of-range' ? { exp: exp.seconds } : {}),
    ...(nbf?.seconds !== undefined ? { nbf: nbf.seconds } : {}),
    sources,
    requestHost,
    request: last?.url ? `${last.method ?? ''} ${shortUrl(last.url)}`.trim() : '',
    ...(last?.url ? { requestUrl: last.url } : {}),
    count: captured.count,
    lastSeen: captured.lastSeen,
    findings,
    ...(worst ? { worst } : {}),
    inspected: inspection !== undefined,
    pasted: subjectBase.pasted,
    subject: {
      ...subjectBase,
      text: filterText({
        ...subjectBase,
        validity: 'valid',
        extra: [view.label, ...labels],
      }),
    },
  };
  rowCache.set(captured, { inspection, row });
  return row;
}

/** The validity of a row at `now` (epoch ms), computed live from its payload. */
export function rowValidity(row: TokenRow, now: number): ValidityState {
  return timeStatus(row.view.decoded.payload, now / 1000).state;
}

/** Columns the list can sort by. */
export type SortColumn =
  'seen' | 'validity' | 'alg' | 'subject' | 'issuer' | 'expiry' | 'sources' | 'request' | 'count' | 'severity';

/** A sort order of the list. */
export interface SortOrder {
  column: SortColumn;
  descending: boolean;
}

const VALIDITY_RANK: Record<ValidityState, number> = { expired: 0, 'not-yet-valid': 1, 'no-expiry': 2, valid: 3 };
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts rows in place by a column (ties: most recently seen first). */
export function sortRows(rows: TokenRow[], order: SortOrder, now: number): TokenRow[] {
  const dir = order.descending ? -1 : 1;
  const key = (r: TokenRow): number | string => {
    switch (order.column) {
      case 'seen':
        return r.lastSeen;
      case 'validity':
        return VALIDITY_RANK[rowValidity(r, now)];
      case 'alg':
        return r.alg.toLowerCase();
      case 'subject':
        return r.label.toLowerCase();
      case 'issuer':
        return r.issuerHost.toLowerCase();
      case 'expiry':
        return r.exp ?? Number.MAX_SAFE_INTEGER;
      case 'sources':
        return r.sources.join(',');
      case 'request':
        return r.request.toLowerCase();
      case 'count':
        return r.count;
      case 'severity':
        return r.worst === undefined ? SEVERITIES.length : rank(r.worst);
    }
  };
  const keyed = rows.map((r) => ({ r, k: key(r) }));
  keyed.sort((a, b) => {
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : text(String(a.k), String(b.k));
    return c !== 0 ? c * dir : b.r.lastSeen - a.r.lastSeen;
  });
  for (let i = 0; i < keyed.length; i++) rows[i] = keyed[i]!.r;
  return rows;
}
