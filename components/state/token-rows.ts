import type { CapturedToken, Sighting } from '../../lib/capture/model.ts';
import { isPasted, noLongerStoredNote } from '../../lib/capture/sighting-label.ts';
import { filterText, sightingTerms, urlParts, type FilterSubject } from '../../lib/filter/filter-subject.ts';
import { classifyToken, KIND_LABELS, type TokenClassification } from '../../lib/oauth/kind.ts';
import { isBeforeNbf, isExpiredAt, readTimeClaim } from '../../lib/time-claims.ts';
import { severityRank as rank, worstSeverity } from '../../lib/util/severity.ts';
import { SEVERITIES, type Severity, type TokenSource, type ValidityState } from '../../lib/types.ts';
import type { Finding } from '../../lib/rules/index.ts';
import { isForged } from './forged-tokens.ts';
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
  /** Where it travelled: the header, cookie, storage key or parameter names that held it, most recent first. */
  names: string[];
  /** The header's `typ` (`JWT`, `at+jwt`, `dpop+jwt`), or '' without one. */
  typ: string;
  /** Its OAuth / OpenID Connect kind (the inspection's, else classified from the token and its sightings). */
  tokenKind: TokenClassification;
  requestHost: string;
  /** "GET host/path" of the sighting that matters: the latest request (else the latest response), never a stored copy. */
  request: string;
  requestUrl?: string;
  /** The status answered to that request, once known. */
  requestStatus?: number;
  count: number;
  lastSeen: number;
  findings: Finding[];
  worst?: Severity;
  inspected: boolean;
  pasted: boolean;
  /** Made in the workbench (never traffic). */
  forged: boolean;
  /** It was kept (Web Storage, cookies) and every place has since been seen without it. */
  unstored: boolean;
  /**
   * What the row says about that: `deleted by the server at 12:04:31` (a logout's Set-Cookie deleted
   * its cookie) or `no longer stored` (the page removed it); absent while it is kept.
   */
  unstoredNote?: string;
  subject: Omit<FilterSubject, 'validity'>;
}

function hostText(url: unknown): string {
  return typeof url === 'string' ? (urlParts(url)?.host ?? '') : '';
}

function shortUrl(url: string | undefined): string {
  if (!url) return '';
  const u = urlParts(url);
  return u ? `${u.host}${u.pathname}` : url;
}

/** What a row takes from its capture entry alone (an entry object is replaced whenever it changes). */
interface EntryPart {
  view: TokenView;
  terms: ReturnType<typeof sightingTerms>;
  last: Sighting | undefined;
  requestHost: string;
  request: string;
  names: string[];
  pasted: boolean;
  forged: boolean;
  captured: boolean;
  typ: string;
  unstoredNote: string | undefined;
  /** The payload the claims below were read from, and what they gave. */
  payload: unknown;
  claims: PayloadPart;
}

/** What a row reads from a payload (the token's own, or a JWE's decrypted one). */
interface PayloadPart {
  issuerHost: string;
  exp: ReturnType<typeof readTimeClaim>;
  nbf: ReturnType<typeof readTimeClaim>;
}

const rowCache = new WeakMap<
  CapturedToken,
  { inspection: PanelInspection | undefined; row: TokenRow; part: EntryPart }
>();

/**
 * The sighting the Request column shows and sorts by: the latest request with a URL, else the
 * latest response with one; never a storage read, a cookie-jar copy or a paste (their URL is the
 * page's, or nothing travelled).
 */
export function requestSighting(sightings: readonly Sighting[]): Sighting | undefined {
  let response: Sighting | undefined;
  for (let i = sightings.length - 1; i >= 0; i--) {
    const s = sightings[i]!;
    if (!s.url) continue;
    if (s.direction === 'request') return s;
    if (s.direction === 'response') response ??= s;
  }
  return response;
}

/** The names that held a token (header, cookie, storage key, parameter), most recent first, each once. */
function namesOf(sightings: readonly Sighting[]): string[] {
  const out = new Set<string>();
  for (let i = sightings.length - 1; i >= 0 && out.size < 8; i--) {
    const l = sightings[i]!.location;
    if (l.kind === 'paste') continue;
    out.add(l.kind === 'header' && l.url ? `${l.name} › ${l.url.name}` : l.kind === 'path' ? 'path' : l.name);
  }
  return [...out];
}

/** The row last built for a capture entry (whatever inspection it was built with), if any. */
export function builtRowOf(captured: CapturedToken): TokenRow | undefined {
  return rowCache.get(captured)?.row;
}

function payloadPart(payload: unknown): PayloadPart {
  const claims =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  const iss = Object.prototype.hasOwnProperty.call(claims, 'iss') ? claims.iss : undefined;
  return {
    issuerHost: hostText(iss) || (typeof iss === 'string' ? iss : ''),
    exp: readTimeClaim(payload, 'exp'),
    nbf: readTimeClaim(payload, 'nbf'),
  };
}

const viewCache = new WeakMap<CapturedToken, TokenView>();

/** The view of a capture entry, decoded once per entry object (shared by its row and the capture's links). */
export function entryViewOf(captured: CapturedToken): TokenView {
  let view = viewCache.get(captured);
  if (!view) {
    view = viewOf(captured.token, captured, captured.sightings.every(isPasted));
    viewCache.set(captured, view);
  }
  return view;
}

function entryPart(captured: CapturedToken): EntryPart {
  const view = entryViewOf(captured);
  const last = requestSighting(captured.sightings);
  const unstoredNote = noLongerStoredNote(captured.sightings);
  return {
    view,
    terms: sightingTerms(captured.sightings),
    last,
    requestHost: hostText(last?.url),
    request: last?.url ? `${last.method ?? ''} ${shortUrl(last.url)}`.trim() : '',
    names: namesOf(captured.sightings),
    pasted: captured.sightings.some(isPasted),
    forged: isForged(captured),
    captured: captured.sightings.some((s) => !isPasted(s)),
    typ: typeof view.decoded.header?.typ === 'string' ? view.decoded.header.typ : '',
    unstoredNote,
    payload: view.decoded.payload,
    claims: payloadPart(view.decoded.payload),
  };
}

/**
 * Builds (or reuses) the row of a token for its capture entry and inspection (whose findings are
 * merged). What comes from the entry alone (its decode, sightings, request, names) is built once
 * per entry: an inspection landing only redoes what depends on it.
 */
export function rowOf(captured: CapturedToken, inspection: PanelInspection | undefined): TokenRow {
  const hit = rowCache.get(captured);
  if (hit && hit.inspection === inspection) return hit.row;
  // An inspection landing rebuilds the row, not the view: the token is not decoded again (with
  // 10,000 tokens the decode cache cannot hold them all).
  const part = hit?.part ?? entryPart(captured);
  const { view, terms, last, requestHost, typ, unstoredNote, pasted, forged } = part;
  const payload = inspection?.payload ?? view.decoded.payload;
  // A JWE's decrypted payload is read again; a JWS's inspection decoded the same text as the view.
  let claims = part.claims;
  if (payload !== part.payload && view.decoded.kind !== 'jws' && view.decoded.kind !== 'unsecured')
    claims = payloadPart(payload);
  const { issuerHost, exp, nbf } = claims;
  const findings = inspection?.findings ?? [];
  const worst = worstSeverity(findings);
  const hosts = [...new Set([requestHost.toLowerCase(), issuerHost.toLowerCase(), ...terms.hosts])].filter(Boolean);
  const rules = [...new Set(findings.map((f) => f.rule))];
  const tokenKind = inspection?.tokenKind ?? hit?.row.tokenKind ?? classifyToken(view.decoded, captured.sightings);
  const kind = inspection?.kind ?? view.decoded.kind;
  const subject: TokenRow['subject'] = {
    kind,
    tokenKind: tokenKind.kind,
    payload,
    sources: terms.sources,
    travel: terms.travel,
    hosts,
    urls: terms.urls,
    paths: terms.paths,
    methods: terms.methods,
    statuses: terms.statuses,
    names: terms.names,
    rules,
    pasted,
    captured: part.captured,
    text: '',
  };
  if (view.alg !== '?') subject.alg = view.alg;
  if (view.decoded.header) subject.header = view.decoded.header;
  if (worst) subject.worst = worst;
  if (inspection) subject.verification = inspection.verification.status;
  subject.text = filterText({
    ...subject,
    validity: 'valid',
    extra: [view.label, typ, KIND_LABELS[tokenKind.kind], ...terms.labels, ...(forged ? ['forged'] : [])],
  });
  const row: TokenRow = {
    token: captured.token,
    view,
    captured,
    alg: view.alg,
    label: view.label,
    issuerHost,
    sources: terms.sources,
    names: part.names,
    typ,
    tokenKind,
    requestHost,
    request: part.request,
    count: captured.count,
    lastSeen: captured.lastSeen,
    findings,
    inspected: inspection !== undefined,
    pasted,
    forged,
    unstored: unstoredNote !== undefined,
    subject,
  };
  if (exp?.seconds !== undefined && exp.problem !== 'out-of-range') row.exp = exp.seconds;
  if (nbf?.seconds !== undefined) row.nbf = nbf.seconds;
  if (last?.url) row.requestUrl = last.url;
  if (last?.status !== undefined) row.requestStatus = last.status;
  if (worst) row.worst = worst;
  if (unstoredNote !== undefined) row.unstoredNote = unstoredNote;
  rowCache.set(captured, { inspection, row, part });
  return row;
}

/**
 * The validity of a row at `now` (epoch ms) with `skew` seconds of tolerance, judged exactly as the
 * detail's `timeStatus` judges its payload (a JWE's decrypted one once inspected), from the `exp`
 * and `nbf` the row read from that payload: a filter or sort by validity judges 10,000 rows in a
 * keystroke, without reading every payload's claims again.
 */
export function rowValidity(row: TokenRow, now: number, skew = 0): ValidityState {
  const at = now / 1000;
  const { exp, nbf } = row;
  if (exp !== undefined && isExpiredAt(exp, at, skew)) return 'expired';
  if (nbf !== undefined && isBeforeNbf(nbf, at, skew)) return 'not-yet-valid';
  return exp !== undefined ? 'valid' : 'no-expiry';
}

/** Columns the list can sort by. */
export type SortColumn =
  | 'seen'
  | 'validity'
  | 'alg'
  | 'typ'
  | 'subject'
  | 'name'
  | 'issuer'
  | 'expiry'
  | 'sources'
  | 'request'
  | 'count'
  | 'severity';

/** A sort order of the list. */
export interface SortOrder {
  column: SortColumn;
  descending: boolean;
}

const VALIDITY_RANK: Record<ValidityState, number> = { expired: 0, 'not-yet-valid': 1, 'no-expiry': 2, valid: 3 };
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts rows in place by a column (ties: most recently seen first). */
export function sortRows(rows: TokenRow[], order: SortOrder, now: number, skew = 0): TokenRow[] {
  const dir = order.descending ? -1 : 1;
  const key = (r: TokenRow): number | string => {
    switch (order.column) {
      case 'seen':
        return r.lastSeen;
      case 'validity':
        return VALIDITY_RANK[rowValidity(r, now, skew)];
      case 'alg':
        return r.alg.toLowerCase();
      case 'typ':
        return r.typ.toLowerCase();
      case 'subject':
        return r.label.toLowerCase();
      case 'name':
        return r.names.join(',').toLowerCase();
      case 'issuer':
        return r.issuerHost.toLowerCase();
      case 'expiry':
        return r.exp ?? Number.MAX_SAFE_INTEGER;
      case 'sources':
        return r.sources.join(',');
      case 'request':
        // By where it went (host and path), then method; rows that never travelled go last.
        return r.requestUrl ? `${shortUrl(r.requestUrl)} ${r.request}`.toLowerCase() : '\uffff';
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
