import type { HttpHeader, RequestRecord, Sighting } from '../capture/model.ts';
import { sightingLabel, sightingSource } from '../capture/sighting-label.ts';
import type { EndpointTrial, TokenSource, ValidityState, Verification } from '../types.ts';
import type { Finding } from '../rules/finding.ts';
import type { Inspection } from '../inspect/inspection.ts';
import type { TokenClassification } from '../oauth/kind.ts';
import type { RelationKind } from '../oauth/relations.ts';
import type { SessionVerdicts } from '../timeline/model.ts';
import { REDACTED, redactText, redactToken } from './redact.ts';

/** One token as the panel knows it, ready to be reported. */
export interface ReportInput {
  token: string;
  /** The token's one inspection: its verdict, decoded text and (unless `findings` is given) findings. */
  inspection?: Pick<Inspection, 'kind' | 'rawHeader' | 'rawPayload' | 'verification'> &
    Partial<Pick<Inspection, 'findings'>>;
  /** Findings to report instead of the inspection's. */
  findings?: Finding[];
  sightings: Sighting[];
  validity: ValidityState;
  /** Label of the stored key that verified it, if any. */
  keyLabel?: string;
  /** A weak HMAC secret found for it (redacted unless secrets are included). */
  crackedSecret?: string;
  pasted?: boolean;
  /** Made in the panel's workbench (not seen in traffic), from the token `from` when it was one. */
  forged?: { from?: string };
  /** Its OAuth / OpenID Connect kind. */
  tokenKind?: TokenClassification;
  /** Its links to other tokens (lib/oauth relations read from this token's side). */
  related?: readonly { relation: RelationKind; reason: string; to: string }[];
  /** What servers answered to its forged variants ("Test this endpoint"). */
  endpointTrials?: readonly EndpointTrial[];
}

/** One request JWT Lens itself sent (a replay, an endpoint test, a key fetch), for the report's sent log. */
export interface SentRecord {
  /** Epoch milliseconds. */
  time: number;
  method: string;
  url: string;
  /** Why it was sent: `replay`, `endpoint-test`, `fetch-keys`, `use-in-app`. */
  why: string;
  /** What was sent, in a few words (the variant). */
  detail?: string;
  status?: number;
  error?: string;
}

/** One link of a reported token to another token. */
export interface ReportRelation {
  relation: RelationKind;
  reason: string;
  /** The linked token (redacted like every token unless secrets are included). */
  token: string;
  /** 1-based position of the linked token in this report, when it is in it. */
  tokenNumber?: number;
}

/** Options of {@link buildReport}. */
export interface ReportOptions {
  /** The timeline's verdicts per origin / issuer (lib/timeline `timelineVerdicts`), reported before the tokens. */
  verdicts?: readonly SessionVerdicts[];
  /** Keep signatures (and JWE tags) and secrets instead of `<redacted>`; default false. */
  includeSecrets?: boolean;
  /** Epoch milliseconds the report is made at. */
  generatedAt: number;
  /** Every request JWT Lens sent (listed at the end of the report; URLs redacted like sightings). */
  sentLog?: readonly SentRecord[];
  /** Request-log records to report with the tokens (redacted like them unless secrets are included). */
  requests?: readonly RequestRecord[];
}

/**
 * One request-log record of a report. Redacted (unless secrets are included): its tokens, the
 * values of `Authorization`, `Proxy-Authorization`, `Cookie` and `Set-Cookie`, every token in other
 * headers and the URL, and the body (only its size stays).
 */
export interface ReportRequest extends Omit<RequestRecord, 'body'> {
  body?: RequestRecord['body'] | { size: number; kept: number; redacted: true };
  /** 1-based positions in this report of the tokens it carried or received. */
  tokenNumbers?: number[];
}

/** One token of a report. */
export interface ReportToken {
  token: string;
  kind: string;
  /** Header and payload JSON exactly as decoded (original text). */
  header?: string;
  payload?: string;
  validity: ValidityState;
  verification: Verification & { keyLabel?: string };
  findings: Finding[];
  weakSecret?: string;
  /** Made in the panel's workbench: a forgery, not traffic (`from`: the token it was made from, redacted like it). */
  forged?: { from?: string };
  sightings: ReportSighting[];
  /** Its OAuth / OpenID Connect kind, with why. */
  tokenKind?: TokenClassification;
  related?: ReportRelation[];
  /** "Test this endpoint": each variant sent, the answer, and whether it was accepted (a hole) or refused (passed). */
  endpointTests?: (EndpointTrial & { passed: boolean })[];
}

/** One sighting of a report: where it was (structured, and as the panel labels it), request and answer. */
export type ReportSighting = Pick<Sighting, 'direction' | 'via' | 'location' | 'method' | 'url' | 'status' | 'time'> & {
  source: TokenSource;
  label: string;
};

/** A report on some tokens, as JSON-ready data. */
export interface Report {
  tool: 'JWT Lens';
  generatedAt: string;
  redacted: boolean;
  /** The session verdicts, when the report was given them. */
  verdicts?: SessionVerdicts[];
  tokens: ReportToken[];
  /** Every request JWT Lens itself sent, when there was one. */
  sent?: SentRecord[];
  /** The request log of the reported tokens (and 401/403 answers), when the caller gave it. */
  requests?: ReportRequest[];
}

// Header values that are credentials as a whole: never reported unless secrets are included.
const CREDENTIAL_HEADERS = /^(?:proxy-)?authorization$|^cookie$|^set-cookie$/i;

function reportRequest(
  r: RequestRecord,
  include: boolean,
  secrets: readonly string[],
  tokens: readonly string[],
  numberOf: ReadonlyMap<string, number>,
): ReportRequest {
  const numbers = r.tokens.flatMap((t) => (numberOf.has(t) ? [numberOf.get(t)!] : []));
  const out: ReportRequest = { ...r, tokens: [...r.tokens], ...(numbers.length ? { tokenNumbers: numbers } : {}) };
  if (include) return out;
  const all = [...tokens, ...r.tokens];
  const clean = (text: string) => redactText(text, secrets, all);
  const headers = (list: readonly HttpHeader[]) =>
    list.map((h) => ({ name: h.name, value: CREDENTIAL_HEADERS.test(h.name) ? REDACTED : clean(h.value) }));
  out.tokens = r.tokens.map(redactToken);
  out.url = clean(r.url);
  if (r.initiator !== undefined) out.initiator = clean(r.initiator);
  if (r.headers) out.headers = headers(r.headers);
  if (r.responseHeaders) out.responseHeaders = headers(r.responseHeaders);
  if (r.body) out.body = { size: r.body.size, kept: r.body.kept, redacted: true };
  if (r.challenge)
    out.challenge = {
      ...r.challenge,
      raw: clean(r.challenge.raw),
      ...(r.challenge.description !== undefined ? { description: clean(r.challenge.description) } : {}),
    };
  return out;
}

/**
 * Builds a report for a bug ticket. By default signatures are replaced by `<redacted>` (so the
 * tokens cannot be replayed) and so are cracked secrets, wherever they appear (messages, URLs).
 */
export function buildReport(inputs: readonly ReportInput[], options: ReportOptions): Report {
  const include = options.includeSecrets === true;
  const secrets = include ? [] : inputs.flatMap((i) => (i.crackedSecret ? [i.crackedSecret] : []));
  const tokens = include ? [] : inputs.map((i) => i.token);
  const clean = (s: string) => (include ? s : redactText(s, secrets, tokens));
  const numberOf = new Map<string, number>();
  inputs.forEach((i, n) => {
    if (!numberOf.has(i.token)) numberOf.set(i.token, n + 1);
  });
  const sent = options.sentLog?.map((e) => ({ ...e, url: clean(e.url) }));
  return {
    tool: 'JWT Lens',
    generatedAt: new Date(options.generatedAt).toISOString(),
    redacted: !include,
    ...(sent?.length ? { sent } : {}),
    ...(options.verdicts?.length
      ? {
          verdicts: options.verdicts.map((g) => ({
            session: clean(g.session),
            label: clean(g.label),
            verdicts: g.verdicts.map((v) => ({ ...v, title: clean(v.title), evidence: v.evidence.map(clean) })),
          })),
        }
      : {}),
    tokens: inputs.map((i): ReportToken => {
      const v = i.inspection?.verification ?? { status: 'not-applicable' as const };
      const out: ReportToken = {
        token: include ? i.token : redactToken(i.token),
        kind: i.inspection?.kind ?? 'unknown',
        validity: i.validity,
        verification: {
          ...v,
          ...(v.reason ? { reason: clean(v.reason) } : {}),
          ...(i.keyLabel ? { keyLabel: i.keyLabel } : {}),
        },
        findings: (i.findings ?? i.inspection?.findings ?? []).map((f) => ({ ...f, message: clean(f.message) })),
        sightings: i.sightings.map((s) => ({
          direction: s.direction,
          via: s.via,
          location: s.location,
          source: sightingSource(s),
          label: sightingLabel(s),
          ...(s.method !== undefined ? { method: s.method } : {}),
          ...(s.url !== undefined ? { url: clean(s.url) } : {}),
          ...(s.status !== undefined ? { status: s.status } : {}),
          time: s.time,
        })),
      };
      if (i.inspection?.rawHeader !== undefined) out.header = i.inspection.rawHeader;
      if (i.inspection?.rawPayload !== undefined) out.payload = i.inspection.rawPayload;
      if (i.crackedSecret !== undefined) out.weakSecret = include ? i.crackedSecret : REDACTED;
      if (i.forged)
        out.forged = i.forged.from !== undefined ? { from: include ? i.forged.from : redactToken(i.forged.from) } : {};
      if (i.tokenKind) out.tokenKind = i.tokenKind;
      if (i.endpointTrials?.length)
        out.endpointTests = i.endpointTrials.map((t) => ({
          ...t,
          url: clean(t.url),
          evidence: clean(t.evidence),
          passed: t.verdict === 'refused',
        }));
      if (i.related?.length)
        out.related = i.related.map((r) => {
          const n = numberOf.get(r.to);
          return {
            relation: r.relation,
            reason: r.reason,
            token: include ? r.to : redactToken(r.to),
            ...(n !== undefined ? { tokenNumber: n } : {}),
          };
        });
      return out;
    }),
    ...(options.requests?.length
      ? { requests: options.requests.map((r) => reportRequest(r, include, secrets, tokens, numberOf)) }
      : {}),
  };
}

/** The report as pretty-printed JSON text. */
export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
