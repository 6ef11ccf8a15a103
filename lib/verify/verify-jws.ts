import { compactVerify, flattenedVerify, type FlattenedJWSInput } from 'jose';
import { decodeBase64Url, decodeUtf8 } from '../base64url.ts';
import type { DecodedToken } from '../decode-token.ts';
import { parseJson } from '../json-text.ts';
import { importKeyItem } from '../keys/import-key.ts';
import type { KeyItem, ParsedKey } from '../keys/parse-key.ts';
import { hsHashOf } from '../util/hmac.ts';
import { JWS_ALGORITHMS } from './algorithms.ts';
import { findKeyConfusion } from './key-confusion.ts';
import type { VerifyOutcome } from './outcome.ts';
import { jwsRefusal, preferRecent, rememberRecent, secretMatches, selectKeys, summarize } from './select-keys.ts';
import { verifyOriginalBytes } from './verify-original.ts';
import { isObject } from '../util/json-value.ts';
import { timeSlice, type TimeSlice } from '../util/time-slice.ts';

// Compact and JSON JWS members are base64url text: ASCII, so UTF-8 encoding gives the bytes as sent.
const ascii = new TextEncoder();

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Why a JWS header cannot be verified here (unsupported alg or parameters), or undefined. */
export function jwsHeaderUnsupported(header: Record<string, unknown>): string | undefined {
  const alg = header.alg;
  if (typeof alg !== 'string') return 'header has no "alg" string';
  if (!JWS_ALGORITHMS[alg])
    return `alg ${JSON.stringify(alg)} is not supported (supported: ${Object.keys(JWS_ALGORITHMS).join(', ')})`;
  if (header.b64 !== undefined)
    return `"b64": ${JSON.stringify(header.b64)} (RFC 7797 unencoded payload) is not supported, so the token is not verified`;
  if (header.crit !== undefined)
    return `"crit" lists ${JSON.stringify(header.crit)}: this verifier understands no critical extension, so it must reject the token (RFC 7515 §4.1.11)`;
  return undefined;
}

type ImportedKey = Awaited<ReturnType<typeof importKeyItem>>;
type Attempt = (key: ImportedKey) => Promise<unknown>;

// importKeyItem's answers once they settled, per purpose and alg: a ring's keys are imported once,
// and a settled key is used without awaiting its promise again.
const settled = {
  verify: new WeakMap<KeyItem, Map<string, ImportedKey>>(),
  decrypt: new WeakMap<KeyItem, Map<string, ImportedKey>>(),
};

function settledKey(item: KeyItem, alg: string, purpose: 'verify' | 'decrypt'): ImportedKey | undefined {
  return settled[purpose].get(item)?.get(alg);
}

function rememberKey(item: KeyItem, alg: string, purpose: 'verify' | 'decrypt', key: ImportedKey): void {
  let byAlg = settled[purpose].get(item);
  if (!byAlg) settled[purpose].set(item, (byAlg = new Map()));
  if (!byAlg.has(alg)) byAlg.set(alg, key);
}

/** What {@link tryCandidates} found: the outcome, and the attempt's result and key item when one succeeded. */
export interface Tried {
  outcome: VerifyOutcome;
  result?: unknown;
  item?: KeyItem;
}

/** Tries each candidate in order until one verifies; reports like {@link VerifyOutcome}. */
export async function tryCandidates(
  alg: string,
  candidates: KeyItem[],
  skipped: string[],
  ambiguous: string | undefined,
  purpose: 'verify' | 'decrypt',
  attempt: Attempt,
): Promise<Tried> {
  const failures: string[] = [];
  let last: KeyItem | undefined;
  // Thousands of candidates (a big JWKS, a token without kid): the event loop runs between slices.
  // The clock starts at the second candidate: most tokens are settled by the first.
  let slice: TimeSlice | undefined;
  const ordered = preferRecent(alg, candidates);
  for (let i = 0; i < ordered.length; i++) {
    const item = ordered[i]!;
    if (i === 1) slice = timeSlice();
    else if (slice?.due()) await slice.pause();
    last = item;
    let key = settledKey(item, alg, purpose);
    try {
      key ??= await importKeyItem(item, alg, purpose);
      rememberKey(item, alg, purpose, key);
    } catch (e) {
      failures.push(`key "${item.entryId}" could not be imported for ${alg}: ${errorText(e)}`);
      continue;
    }
    try {
      const result = await attempt(key);
      rememberRecent(alg, item);
      const outcome: VerifyOutcome =
        item.kid !== undefined
          ? { status: 'verified', alg, keyId: item.entryId, jwkKid: item.kid, tried: failures.length + 1 }
          : { status: 'verified', alg, keyId: item.entryId, tried: failures.length + 1 };
      return { outcome, result, item };
    } catch (e) {
      failures.push(`key "${item.entryId}": ${errorText(e)}`);
    }
  }
  if (candidates.length === 0) {
    if (ambiguous) return { outcome: { status: 'invalid', alg, reason: ambiguous, tried: 0 } };
    return {
      outcome: {
        status: 'no-key',
        alg,
        reason: skipped.length ? `no stored key applies to ${alg}: ${summarize(skipped)}` : 'the key ring is empty',
        tried: 0,
      },
    };
  }
  const one = candidates.length === 1 ? last : undefined;
  const what = purpose === 'verify' ? 'the signature does not verify' : 'the token does not decrypt';
  const reason =
    candidates.length === 1
      ? `${what} with key "${one!.entryId}" (${failures[0]?.replace(/^key "[^"]*"(:| could not be imported for \S+:) /, '')})`
      : `${what} with any of the ${candidates.length} applicable keys (${summarize(failures)})`;
  return {
    outcome: {
      status: 'invalid',
      alg,
      reason: ambiguous ? `${reason}; ${ambiguous}` : reason,
      tried: candidates.length,
      ...(one ? { keyId: one.entryId, ...(one.kid !== undefined ? { jwkKid: one.kid } : {}) } : {}),
    },
  };
}

/**
 * An HS* outcome re-judged for key confusion: a MAC that a stored public key's text reproduces is
 * never "verified" (nor merely "invalid" or "no key"), whichever key the ring holds it as.
 */
async function judgeConfusion(
  out: VerifyOutcome,
  item: KeyItem | undefined,
  ring: ParsedKey[],
  alg: string,
  signingInput: Uint8Array,
  signature: Uint8Array | undefined,
  slice?: TimeSlice,
): Promise<VerifyOutcome> {
  if (
    !hsHashOf(alg) ||
    !signature ||
    (out.status !== 'verified' && out.status !== 'invalid' && out.status !== 'no-key')
  )
    return out;
  return (await findKeyConfusion(ring, alg, signingInput, signature, item, slice)) ?? out;
}

/**
 * Verifies a decoded compact JWS against the parsed key ring. A token whose base64url is not
 * canonical (padding, as AWS ALB sends; non-zero spare bits) is verified over its original text
 * with WebCrypto; the base64-noncanonical finding reports the spelling.
 */
export async function verifyCompactJws(decoded: DecodedToken, ring: ParsedKey[]): Promise<VerifyOutcome> {
  // One clock for the whole verification: choosing keys from a 10,000-key ring and the key-confusion
  // search after it may run in one task, so the search's first slice counts the choosing too.
  const slice = timeSlice();
  const alg = decoded.header!.alg as string;
  const token = decoded.token;
  const signingInput = ascii.encode(token.slice(0, token.lastIndexOf('.')));
  const { outcome, item } = await verifyCompactSignature(decoded, ring, signingInput);
  // Only an HS* MAC can be key confusion: no further promise for the others.
  if (!hsHashOf(alg)) return outcome;
  return judgeConfusion(outcome, item, ring, alg, signingInput, decoded.segments[2]?.bytes, slice);
}

async function verifyCompactSignature(decoded: DecodedToken, ring: ParsedKey[], input: Uint8Array): Promise<Tried> {
  const header = decoded.header!;
  const alg = header.alg as string;
  const noncanonical = decoded.segments.some((seg) => seg.noncanonical);
  const dup = decoded.segments[0]?.duplicates[0];
  if (dup)
    return {
      outcome: {
        status: 'not-applicable',
        alg,
        reason: `the header repeats the member "${dup.name}"; parsers disagree on which value counts, so the token is not verified`,
      },
    };
  const unsupported = jwsHeaderUnsupported(header);
  if (unsupported) return { outcome: { status: 'unsupported', alg, reason: unsupported } };
  const sel = selectKeys(ring, header.kid, alg, (item) => jwsRefusal(item, alg));
  const token = decoded.token;
  const signature = decoded.segments[2]?.bytes;
  let candidates = preferRecent(alg, sel.candidates);
  let screened = 0;
  if (hsHashOf(alg) && candidates.length > 1 && signature) {
    // Many secrets: find the one whose MAC matches with a cheap synchronous HMAC, then let jose
    // confirm only that one.
    const index = candidates.findIndex((c) => secretMatches(c, alg, input, signature));
    if (index < 0)
      return {
        outcome: {
          status: 'invalid',
          alg,
          reason: `the signature does not verify with any of the ${candidates.length} applicable keys (the HMAC matches none of them)${sel.ambiguous ? `; ${sel.ambiguous}` : ''}`,
          tried: candidates.length,
        },
      };
    screened = index;
    candidates = [candidates[index]!];
  }
  // WebCrypto over exactly the bytes that were signed: jose decodes base64url with whatever the
  // runtime offers (atob, Uint8Array.fromBase64), so a non-canonical token must be verified this way,
  // and a canonical one gains a cached HMAC key and no second parse of the header checked above.
  const tried = await tryCandidates(alg, candidates, sel.skipped, sel.ambiguous, 'verify', (key) =>
    signature ? verifyOriginalBytes(alg, key, input, signature) : compactVerify(token, key, { algorithms: [alg] }),
  );
  const out = tried.outcome;
  if (out.tried !== undefined) out.tried += screened;
  if (noncanonical && out.status === 'verified')
    out.reason =
      'verified over the token text as sent; its base64url is not canonical (padding or non-zero spare bits)';
  return tried.item ? { outcome: out, item: tried.item } : { outcome: out };
}

// Why a member is not base64url at all; padding or spare bits are not a problem (verified as sent).
function undecodable(text: unknown, what: string): string | undefined {
  if (typeof text !== 'string') return `${what} must be a string`;
  const r = decodeBase64Url(text);
  if (r.error) return `${what}: ${r.error.message}`;
  return undefined;
}

function isNoncanonical(text: unknown): boolean {
  return typeof text === 'string' && decodeBase64Url(text).noncanonical;
}

/** Verifies a JWS in JSON serialisation (flattened or general), given as parsed JSON. */
export async function verifyJsonJws(jws: Record<string, unknown>, ring: ParsedKey[]): Promise<VerifyOutcome> {
  const signatures: unknown[] = Array.isArray(jws.signatures) ? jws.signatures : 'signature' in jws ? [jws] : [];
  if (signatures.length === 0)
    return { status: 'not-applicable', reason: 'JWS JSON has no "signature" or "signatures"' };
  if (jws.payload === undefined)
    return {
      status: 'not-applicable',
      reason: 'JWS JSON has no "payload" (detached content): there is nothing to verify',
    };
  const payloadProblem = undecodable(jws.payload, 'payload');
  if (payloadProblem) return { status: 'not-applicable', reason: payloadProblem };
  const outcomes: VerifyOutcome[] = [];
  for (let i = 0; i < signatures.length; i++) {
    const sig = signatures[i];
    if (!isObject(sig)) {
      outcomes.push({ status: 'not-applicable', reason: `signature ${i} is not an object` });
      continue;
    }
    const problem =
      undecodable(sig.signature, `signature ${i}`) ??
      (sig.protected !== undefined ? undecodable(sig.protected, `signature ${i} "protected"`) : undefined);
    if (problem) {
      outcomes.push({ status: 'not-applicable', reason: problem });
      continue;
    }
    let protectedHeader: Record<string, unknown> = {};
    if (sig.protected !== undefined) {
      const parsed = parseJson(decodeUtf8(decodeBase64Url(sig.protected as string).bytes!).text, 'protected header');
      if (!parsed.ok || !isObject(parsed.value)) {
        outcomes.push({ status: 'not-applicable', reason: `signature ${i}: protected header is not a JSON object` });
        continue;
      }
      protectedHeader = parsed.value;
    }
    const unprotected = isObject(sig.header) ? sig.header : {};
    const joint = { ...unprotected, ...protectedHeader };
    const alg = joint.alg;
    if (typeof alg !== 'string') {
      outcomes.push({ status: 'not-applicable', reason: `signature ${i}: the header has no "alg" string` });
      continue;
    }
    if (alg.toLowerCase() === 'none') {
      outcomes.push({ status: 'not-applicable', alg, reason: 'alg none: there is no signature to verify' });
      continue;
    }
    const unsupported = jwsHeaderUnsupported(joint);
    if (unsupported) {
      outcomes.push({ status: 'unsupported', alg, reason: unsupported });
      continue;
    }
    const input: FlattenedJWSInput = {
      payload: jws.payload as string,
      signature: sig.signature as string,
      ...(sig.protected !== undefined ? { protected: sig.protected as string } : {}),
      ...(isObject(sig.header) ? { header: sig.header } : {}),
    };
    const sel = selectKeys(ring, joint.kid, alg, (item) => jwsRefusal(item, alg));
    const signingInput = ascii.encode(`${input.protected ?? ''}.${input.payload as string}`);
    const signature = decodeBase64Url(input.signature).bytes!;
    const noncanonical = [input.payload, input.protected, input.signature].some(isNoncanonical);
    const tried = await tryCandidates(alg, sel.candidates, sel.skipped, sel.ambiguous, 'verify', (key) =>
      noncanonical
        ? verifyOriginalBytes(alg, key, signingInput, signature)
        : flattenedVerify(input, key, { algorithms: [alg] }),
    );
    const out = await judgeConfusion(tried.outcome, tried.item, ring, alg, signingInput, signature);
    if (out.status === 'verified') return signatures.length > 1 ? { ...out, signatureIndex: i } : out;
    outcomes.push(signatures.length > 1 ? { ...out, reason: `signature ${i}: ${out.reason}` } : out);
  }
  if (outcomes.length === 1) return outcomes[0]!;
  const rank = ['key-confusion', 'invalid', 'no-key', 'unsupported', 'not-applicable'] as const;
  const best = rank.map((s) => outcomes.find((o) => o.status === s)).find(Boolean)!;
  return { ...best, reason: outcomes.map((o) => o.reason).join(' | ') };
}
