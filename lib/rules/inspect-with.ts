import { decodeToken, type DecodedToken } from '../decode-token.ts';
import { decodeJwsJson, looksLikeJson } from '../jws-json.ts';
import { parseJson } from '../json-text.ts';
import type { RuleContext, RuleKeyFacts } from './context.ts';
import { runRules } from './run-rules.ts';
import { findCommonSecret, findConfusedKey, hmacMatches, type HmacInput } from './secret-checks.ts';
import type { ErrorInfo, Inspection, InspectOptions, KeyEntry, Verification } from '../types.ts';

/** Options of `inspect` beyond {@link InspectOptions}. */
export interface InspectExtraOptions {
  /** A secret found by the on-demand wordlist search (`crackSecret`); re-checked, then reported. */
  crackedSecret?: string;
  /** Try the built-in list of common HMAC secrets on HS* tokens (default true). */
  quickSecretCheck?: boolean;
  /** Upper bound on a JWE's PBES2 iteration count that verification will honour. */
  maxPbes2Count?: number;
}

/** What the verification engine gives `inspect`; replaceable in tests. */
export interface VerifyEngine {
  verifyToken(
    token: string,
    keys: KeyEntry[],
    options?: { maxPbes2Count?: number },
  ): Promise<Verification & { plaintext?: string }>;
  describeKeys(keys: KeyEntry[]): Promise<RuleKeyFacts[]>;
  /** Algorithms the engine verifies; with an empty key ring such tokens are answered 'no-key' without a second decode. */
  jwsAlgorithms?: Readonly<Record<string, unknown>>;
}

const DEFAULT_SKEW = 60;
const DEFAULT_MAX_LIFETIME = 86_400;
const DEFAULT_MAX_P2C = 10_000;
const encoder = new TextEncoder();

function finite(n: unknown, fallback: number): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}

/** The Verification fields alone: the engine's extras (jose results, key objects) must not reach the UI or a port. */
export function pickVerification(v: Verification): Verification {
  const out: Verification = { status: v.status };
  if (typeof v.keyId === 'string') out.keyId = v.keyId;
  if (typeof v.alg === 'string') out.alg = v.alg;
  if (typeof v.reason === 'string') out.reason = v.reason;
  return out;
}

function hmacInputOf(decoded: DecodedToken, header: Record<string, unknown> | undefined): HmacInput | undefined {
  const alg = header?.alg;
  if (decoded.kind !== 'jws' || typeof alg !== 'string' || !/^HS(256|384|512)$/.test(alg)) return undefined;
  const [h, p, s] = decoded.segments;
  if (!h || !p || !s?.bytes || s.bytes.length === 0) return undefined;
  return { alg, signingInput: encoder.encode(`${h.text}.${p.text}`), signature: s.bytes };
}

/** The same inspection as `inspect`, with the verification engine passed in. */
export async function inspectWith(
  engine: VerifyEngine,
  token: string,
  options: InspectOptions & InspectExtraOptions = {},
): Promise<Inspection> {
  if (typeof token !== 'string') {
    const error: ErrorInfo = { code: 'not-text', message: 'The token must be text.' };
    return {
      kind: 'malformed',
      error,
      verification: { status: 'not-applicable', reason: error.message },
      findings: [],
    };
  }
  const now = finite(options.now, Math.floor(Date.now() / 1000));
  const keys = Array.isArray(options.keys) ? options.keys : [];
  const json = looksLikeJson(token);
  const decoded: DecodedToken = json ? decodeJwsJson(token) : decodeToken(token);
  const header = json ? ((decoded as ReturnType<typeof decodeJwsJson>).joseHeader ?? decoded.header) : decoded.header;
  let payload = decoded.payload;

  let verification: Verification;
  let keyFacts: RuleKeyFacts[] = [];
  if (decoded.kind === 'malformed') {
    verification = { status: 'not-applicable', reason: decoded.error?.message ?? 'The token could not be decoded.' };
  } else if (
    keys.length === 0 &&
    !json &&
    decoded.kind === 'jws' &&
    typeof header?.alg === 'string' &&
    engine.jwsAlgorithms !== undefined &&
    Object.prototype.hasOwnProperty.call(engine.jwsAlgorithms, header.alg) &&
    header.b64 === undefined &&
    header.crit === undefined
  ) {
    // The common case on every captured token: nothing to verify with. verifyToken would decode the
    // token a second time only to say so (tests/lib/inspect.test.ts checks both answers agree).
    verification = { status: 'no-key', alg: header.alg, reason: 'the key ring is empty' };
  } else {
    try {
      const [outcome, facts] = await Promise.all([
        engine.verifyToken(decoded.token, keys, { maxPbes2Count: finite(options.maxPbes2Count, DEFAULT_MAX_P2C) }),
        keys.length > 0 ? engine.describeKeys(keys) : Promise.resolve([]),
      ]);
      keyFacts = facts;
      const { plaintext } = outcome;
      verification = pickVerification(outcome);
      if (decoded.kind === 'jwe' && typeof plaintext === 'string') {
        const parsed = parseJson(plaintext, 'plaintext');
        payload = parsed.ok ? parsed.value : plaintext;
      }
    } catch (e) {
      verification = {
        status: 'unsupported',
        reason: `Verification failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }

  const sigSeg = decoded.kind === 'jws' || decoded.kind === 'unsecured' ? decoded.segments[2] : undefined;
  const ctx: RuleContext = {
    decoded,
    kind: decoded.kind,
    header,
    payload,
    signature: sigSeg?.bytes ?? (sigSeg && sigSeg.text === '' ? new Uint8Array(0) : undefined),
    now,
    clockSkew: Math.max(0, finite(options.clockSkew, DEFAULT_SKEW)),
    maxLifetime: finite(options.maxLifetime, DEFAULT_MAX_LIFETIME),
    context: options.context ?? {},
    verification,
    keys: keyFacts,
    sightings: options.sightings,
    pageUrl: options.pageUrl,
  };
  const hmacInput = hmacInputOf(decoded, header);
  if (hmacInput) {
    if (typeof options.crackedSecret === 'string' && hmacMatches(hmacInput, encoder.encode(options.crackedSecret)))
      ctx.weakSecret = { secret: options.crackedSecret, alg: hmacInput.alg, source: 'search' };
    // A secret found in the common list also wins over one found by a search: it is the stronger claim.
    if (options.quickSecretCheck !== false)
      ctx.weakSecret = findCommonSecret(hmacInput, decoded.token) ?? ctx.weakSecret;
    if (keyFacts.length > 0) ctx.algConfusion = findConfusedKey(hmacInput, keyFacts);
  }

  const inspection: Inspection = { kind: decoded.kind, verification, findings: runRules(ctx) };
  if (decoded.header !== undefined) inspection.header = decoded.header;
  if (payload !== undefined) inspection.payload = payload;
  if (decoded.rawHeader !== undefined) inspection.rawHeader = decoded.rawHeader;
  if (decoded.rawPayload !== undefined) inspection.rawPayload = decoded.rawPayload;
  if (decoded.error) inspection.error = decoded.error;
  return inspection;
}
