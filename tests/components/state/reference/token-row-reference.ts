// The list row as built before issue 14's keystroke work (a frozen copy of rowOf at 595741b), the
// oracle of tests/components/state/row-fast-path.test.tsx: the fast rowOf must build an equal row.
import type { CapturedToken, Sighting } from '../../../../lib/capture/model.ts';
import { isPasted, noLongerStoredNote } from '../../../../lib/capture/sighting-label.ts';
import { filterText, sightingTerms } from '../../../../lib/filter/filter-subject.ts';
import { classifyToken, KIND_LABELS } from '../../../../lib/oauth/kind.ts';
import { readTimeClaim } from '../../../../lib/time-claims.ts';
import { authorityOf } from '../../../../lib/util/url.ts';
import { worstSeverity } from '../../../../lib/util/severity.ts';
import { isForged } from '../../../../components/state/forged-tokens.ts';
import type { PanelInspection } from '../../../../components/state/inspect-token.ts';
import type { TokenRow } from '../../../../components/state/token-rows.ts';
import { viewOf } from '../../../../components/state/token-view.ts';

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

/**
 * The sighting the Request column shows and sorts by: the latest request with a URL, else the
 * latest response with one; never a storage read, a cookie-jar copy or a paste (their URL is the
 * page's, or nothing travelled).
 */
function requestSighting(sightings: readonly Sighting[]): Sighting | undefined {
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

/** Builds (or reuses) the row of a token for its capture entry and inspection (whose findings are merged). */
export function referenceRowOf(captured: CapturedToken, inspection: PanelInspection | undefined): TokenRow {
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
  const terms = sightingTerms(captured.sightings);
  const { sources, travel, labels } = terms;
  const last = requestSighting(captured.sightings);
  const findings = inspection?.findings ?? [];
  const worst = worstSeverity(findings);
  const issuerHost = hostText(iss) || (typeof iss === 'string' ? iss : '');
  const requestHost = hostText(last?.url);
  const hosts = [...new Set([requestHost.toLowerCase(), issuerHost.toLowerCase(), ...terms.hosts])].filter(Boolean);
  const pasted = captured.sightings.some(isPasted);
  const forged = isForged(captured);
  const typ = typeof view.decoded.header?.typ === 'string' ? view.decoded.header.typ : '';
  const rules = [...new Set(findings.map((f) => f.rule))];
  const unstoredNote = noLongerStoredNote(captured.sightings);
  const tokenKind = inspection?.tokenKind ?? hit?.row.tokenKind ?? classifyToken(view.decoded, captured.sightings);
  const subjectBase = {
    ...(view.alg !== '?' ? { alg: view.alg } : {}),
    kind: inspection?.kind ?? view.decoded.kind,
    tokenKind: tokenKind.kind,
    ...(view.decoded.header ? { header: view.decoded.header } : {}),
    payload,
    sources,
    travel,
    hosts,
    urls: terms.urls,
    paths: terms.paths,
    methods: terms.methods,
    statuses: terms.statuses,
    names: terms.names,
    rules,
    ...(worst ? { worst } : {}),
    ...(inspection ? { verification: inspection.verification.status } : {}),
    pasted,
    captured: captured.sightings.some((s) => !isPasted(s)),
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
    names: namesOf(captured.sightings),
    typ,
    tokenKind,
    requestHost,
    request: last?.url ? `${last.method ?? ''} ${shortUrl(last.url)}`.trim() : '',
    ...(last?.url ? { requestUrl: last.url } : {}),
    ...(last?.status !== undefined ? { requestStatus: last.status } : {}),
    count: captured.count,
    lastSeen: captured.lastSeen,
    findings,
    ...(worst ? { worst } : {}),
    inspected: inspection !== undefined,
    pasted,
    forged,
    unstored: unstoredNote !== undefined,
    ...(unstoredNote !== undefined ? { unstoredNote } : {}),
    subject: {
      ...subjectBase,
      text: filterText({
        ...subjectBase,
        validity: 'valid',
        extra: [view.label, typ, KIND_LABELS[tokenKind.kind], ...labels, ...(forged ? ['forged'] : [])],
      }),
    },
  };
  rowCache.set(captured, { inspection, row });
  return row;
}
