import { decodeAny, type DecodedToken } from '../decode-token.ts';
import { parseJson } from '../json-text.ts';
import type { DecodedJwsJson } from '../jws-json.ts';
import type { RuleContext } from '../rules/context.ts';
import type { ErrorInfo, InspectOptions } from '../types.ts';
import type { Inspection } from '../inspect/inspection.ts';
import { describeKeys } from '../keys/key-facts.ts';
import { JWS_ALGORITHMS } from '../verify/algorithms.ts';
import { verifyDecoded } from '../verify/verify-token.ts';
import { verifyDpopProof } from '../oauth/dpop.ts';
import { oauthFacts } from '../oauth/facts.ts';
import { classifyToken, type TokenKind } from '../oauth/kind.ts';
import { resolveOptions } from './options.ts';
import { runRules } from './run-rules.ts';
import { secretHits } from './secret-hits.ts';
import { settledStep, verifyStep, type VerifyEngine } from './verify-step.ts';

/** Options of `inspect` beyond the token's own ({@link InspectOptions}' secret and JWE ones, and a decoding the caller holds). */
export type InspectExtraOptions = Pick<InspectOptions, 'crackedSecret' | 'quickSecretCheck' | 'maxPbes2Count'> & {
  /**
   * The token as `decodeAny` decodes it, when the caller holds that already (a panel's cache): used
   * as it is instead of decoding again (a 100 KB payload costs its `JSON.parse` once). It must be
   * this token's decoding, and is only read.
   */
  decoded?: DecodedToken;
};

/** The real verification engine: jose/WebCrypto over the stored key ring. */
export const REAL_ENGINE: VerifyEngine = { verify: verifyDecoded, describeKeys, jwsAlgorithms: JWS_ALGORITHMS };

const HAS_CHECKS: ReadonlySet<TokenKind> = new Set<TokenKind>(['dpop', 'id']);

function malformed(error: ErrorInfo): Inspection {
  return {
    kind: 'malformed',
    error,
    verification: { status: 'not-applicable', code: 'malformed', reason: error.message },
    findings: [],
  };
}

/** The same inspection as {@link inspect}, with the verification engine passed in. */
export async function inspectWith(
  engine: VerifyEngine,
  token: string,
  options: InspectOptions & InspectExtraOptions = {},
): Promise<Inspection> {
  if (typeof token !== 'string') return malformed({ code: 'not-text', message: 'The token must be text.' });
  const opts = resolveOptions(options ?? {});
  const decoded = options?.decoded ?? decodeAny(token);
  const header =
    'serialization' in decoded ? ((decoded as DecodedJwsJson).joseHeader ?? decoded.header) : decoded.header;
  const classification = classifyToken(decoded, opts.sightings);
  // A DPoP proof is verified with the key it carries (RFC 9449 §4.3), never with the issuer's keys.
  const proof =
    classification.kind === 'dpop' && decoded.kind === 'jws' && !('serialization' in decoded)
      ? await verifyDpopProof(decoded)
      : undefined;
  const { verification, keyFacts, plaintext } = proof
    ? { verification: proof.verification, keyFacts: [], plaintext: undefined }
    : (settledStep(engine, decoded, header, opts.keys) ?? (await verifyStep(engine, decoded, header, opts)));
  let payload = decoded.payload;
  if (plaintext !== undefined) {
    const parsed = parseJson(plaintext, 'plaintext');
    payload = parsed.ok ? parsed.value : plaintext;
  }
  const sigSeg = decoded.kind === 'jws' || decoded.kind === 'unsecured' ? decoded.segments[2] : undefined;
  const ctx: RuleContext = {
    decoded,
    kind: decoded.kind,
    header,
    payload,
    signature: sigSeg?.bytes ?? (sigSeg && sigSeg.text === '' ? new Uint8Array(0) : undefined),
    now: opts.now,
    clockSkew: opts.clockSkew,
    maxLifetime: opts.maxLifetime,
    context: opts.context,
    verification,
    keys: keyFacts,
  };
  const hits = secretHits(decoded, header, keyFacts, opts, verification);
  if (hits.weakSecret) ctx.weakSecret = hits.weakSecret;
  if (hits.algConfusion) ctx.algConfusion = hits.algConfusion;
  const payloadText = plaintext ?? decoded.rawPayload;
  if (payloadText !== undefined) ctx.payloadText = payloadText;
  if (opts.hasSightings) ctx.sightings = opts.sightings;
  if (opts.pageUrl !== undefined) ctx.pageUrl = opts.pageUrl;
  if (opts.endpointTrials) ctx.endpointTrials = opts.endpointTrials;
  // Only a DPoP proof and an ID token have binding checks (and hashes to await); every other kind's
  // facts are its classification (tests/lib/inspect-fast-paths.test.ts holds oauthFacts to that).
  ctx.oauth = HAS_CHECKS.has(classification.kind)
    ? await oauthFacts(decoded, classification, {
        sightings: opts.sightings,
        now: opts.now,
        clockSkew: opts.clockSkew,
        ...(opts.peers ? { peers: opts.peers } : {}),
        ...(proof?.jkt !== undefined ? { jkt: proof.jkt } : {}),
      })
    : { classification, checks: [] };

  const inspection: Inspection = { kind: decoded.kind, verification, findings: runRules(ctx, opts) };
  inspection.tokenKind = classification;
  if (ctx.oauth.checks.length) inspection.checks = ctx.oauth.checks;
  if (decoded.header !== undefined) inspection.header = decoded.header;
  if (payload !== undefined) inspection.payload = payload;
  if (decoded.rawHeader !== undefined) inspection.rawHeader = decoded.rawHeader;
  if (decoded.rawPayload !== undefined) inspection.rawPayload = decoded.rawPayload;
  if (decoded.error) inspection.error = decoded.error;
  if (plaintext !== undefined) inspection.plaintext = plaintext;
  return inspection;
}

/**
 * Everything the engine says about one token, in one call: decodes it (compact JWS/JWE, unsecured
 * JWT, or JWS JSON serialisation) once, verifies it against the stored keys (a JWE's plaintext
 * comes back on the result), and runs the whole findings catalogue — the token's own rules and,
 * with `sightings`, the rules about how it travelled — deduplicated and most severe first.
 * Never throws: undecodable input comes back as `kind: 'malformed'` with a specific error code.
 */
export async function inspect(token: string, options: InspectOptions & InspectExtraOptions = {}): Promise<Inspection> {
  try {
    return await inspectWith(REAL_ENGINE, token, options);
  } catch (e) {
    return malformed({
      code: 'internal',
      message: `The inspector failed on this input: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}
