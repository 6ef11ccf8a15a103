import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import type { KeyItem, ParsedKey } from '../keys/parse-key.ts';
import { constantTimeEqual, hsHashOf } from '../util/hmac.ts';
import { JWE_ALGORITHMS, JWE_ENC_BITS, JWS_ALGORITHMS, normalizeKeyAlg } from './algorithms.ts';

/** Keys that may be tried for a token, and why the others were left out. */
export interface KeySelection {
  candidates: KeyItem[];
  /** One human-readable reason per stored key that was left out. */
  skipped: string[];
  /** Set when the token's kid names several keys of one JWKS: none of them is used. */
  ambiguous?: string;
}

function keyName(item: KeyItem, parsed: ParsedKey): string {
  const label = parsed.entry.label ? ` (${parsed.entry.label})` : '';
  const member =
    parsed.format === 'jwks' ? ` JWKS member ${item.kid !== undefined ? `kid "${item.kid}"` : `#${item.index}`}` : '';
  return `key "${parsed.entry.id}"${label}${member}`;
}

const KTY_NAMES: Record<string, string> = { oct: 'a secret', RSA: 'an RSA key', EC: 'an EC key', OKP: 'an OKP key' };

/** Why a key item may not verify a JWS with this alg, or undefined when it may. */
export function jwsRefusal(item: KeyItem, alg: string): string | undefined {
  const spec = JWS_ALGORITHMS[alg];
  if (!spec) return `${alg} is not supported`;
  if (item.problem) return item.problem.message;
  if (item.publicKeyText) return `is the text of ${item.publicKeyText}: a public key is never an HMAC secret`;
  if (item.kty !== spec.kty) {
    if (spec.kty === 'oct') return `is ${KTY_NAMES[item.kty]}, never used as an HMAC secret`;
    return `is ${KTY_NAMES[item.kty]}, not usable for ${alg}`;
  }
  if (spec.crv && item.crv !== spec.crv) return `is on curve ${item.crv}; ${alg} needs ${spec.crv}`;
  if (item.use !== undefined && item.use !== 'sig') return `has "use": ${JSON.stringify(item.use)}, not "sig"`;
  if (item.keyOps && !item.keyOps.includes('verify') && !(item.isPrivate && item.keyOps.includes('sign')))
    return `has "key_ops" ${JSON.stringify(item.keyOps)} without "verify"`;
  // A secret shorter than the hash (RFC 7518 §3.2) still verifies, as in jose and pyjwt; the
  // short-hmac-key finding reports it.
  if (item.alg !== undefined && normalizeKeyAlg(item.alg) !== alg) return `is bound to "alg" ${item.alg}`;
  return undefined;
}

/** Why a key item may not decrypt a JWE with this alg/enc/epk curve, or undefined when it may. */
export function jweRefusal(item: KeyItem, alg: string, enc: string, epkCrv: string | undefined): string | undefined {
  const spec = JWE_ALGORITHMS[alg];
  if (!spec) return `${alg} is not supported`;
  if (item.problem) return item.problem.message;
  if (item.publicKeyText) return `is the text of ${item.publicKeyText}: a public key is never a secret`;
  if (spec.kty === 'oct' && item.kty !== 'oct') return `is ${KTY_NAMES[item.kty]}, not a secret`;
  if (spec.kty === 'RSA' && item.kty !== 'RSA') return `is ${KTY_NAMES[item.kty]}, not an RSA key`;
  if (spec.kty === 'EC/OKP') {
    if (item.kty !== 'EC' && item.kty !== 'OKP') return `is ${KTY_NAMES[item.kty]}, not an EC/OKP key`;
    if (item.crv !== epkCrv) return `is on curve ${item.crv}; the token's ephemeral key is on ${epkCrv ?? '(none)'}`;
  }
  if (spec.kty !== 'oct' && !item.privateJwk) return 'is a public key; decryption needs the private key';
  if (item.use !== undefined && item.use !== 'enc') return `has "use": ${JSON.stringify(item.use)}, not "enc"`;
  if (item.keyOps && !['decrypt', 'unwrapKey', 'deriveKey', 'deriveBits'].some((o) => item.keyOps!.includes(o)))
    return `has "key_ops" ${JSON.stringify(item.keyOps)} without "decrypt", "unwrapKey" or "deriveKey"`;
  if (item.alg !== undefined && item.alg !== alg && !(alg === 'dir' && item.alg === enc))
    return `is bound to "alg" ${item.alg}`;
  const want = spec.mode === 'wrap' ? spec.keyBits : spec.mode === 'direct' ? JWE_ENC_BITS[enc] : undefined;
  if (want !== undefined && item.bits !== want)
    return `is ${item.bits} bits; ${alg}${spec.mode === 'direct' ? ` with ${enc}` : ''} needs ${want}`;
  return undefined;
}

// Per context, each key's verdict: one weak map per context rather than a map per key (a 10,000-key
// JWKS made 10,000 maps, most of a selection's time).
const refusals = new Map<string, WeakMap<KeyItem, string | null>>();

/** The kid-independent part of a selection, and the kid lookups done on it, for one ring and context. */
interface RingSelection {
  ring: readonly ParsedKey[];
  all: KeySelection;
  byKid: Map<string, KeySelection>;
}

// Per context (alg, enc, curve): the last ring's selection. A ring is stable across a stream of
// tokens, so a token costs one identity check of the ring's entries and one kid lookup.
const selections = new Map<string, RingSelection>();
const MAX_CONTEXTS = 64;

function sameRing(a: readonly ParsedKey[], b: readonly ParsedKey[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function selectAll(
  ring: readonly ParsedKey[],
  context: string,
  refusal: (item: KeyItem) => string | undefined,
): KeySelection {
  const candidates: KeyItem[] = [];
  const skipped: string[] = [];
  let verdicts = refusals.get(context);
  if (!verdicts) {
    if (refusals.size >= MAX_CONTEXTS) refusals.clear();
    refusals.set(context, (verdicts = new WeakMap()));
  }
  for (const parsed of ring) {
    if (parsed.error && (parsed.format === 'jwks' || parsed.items.length === 0)) {
      skipped.push(`key "${parsed.entry.id}" is unusable: ${parsed.error.message}`);
      continue;
    }
    for (const item of parsed.items) {
      // Each key's verdict per context is computed once, even across rings that share the key.
      let skip = verdicts.get(item);
      if (skip === undefined) {
        const why = refusal(item);
        skip =
          why === undefined
            ? null
            : `${keyName(item, parsed)} ${why.startsWith('is ') || why.startsWith('has ') ? why : `is unusable: ${why}`}`;
        verdicts.set(item, skip);
      }
      if (skip === null) candidates.push(item);
      else skipped.push(skip);
    }
  }
  return { candidates, skipped };
}

function selectByKid(all: KeySelection, kid: string): KeySelection {
  const { candidates, skipped } = all;
  const byKid = candidates.filter((c) => c.kid === kid);
  if (byKid.length === 0) return all;
  const perEntry = new Map<string, number>();
  for (const c of byKid) perEntry.set(c.entryId, (perEntry.get(c.entryId) ?? 0) + 1);
  const dup = [...perEntry].find(([, n]) => n > 1);
  if (dup) {
    const rest = byKid.filter((c) => c.entryId !== dup[0]);
    return {
      candidates: rest,
      skipped,
      ambiguous: `key "${dup[0]}" is a JWKS with ${dup[1]} keys whose kid is ${JSON.stringify(kid)}; an ambiguous kid is not resolved by trying each`,
    };
  }
  return { candidates: byKid, skipped };
}

/**
 * Chooses the stored keys to try. A key whose entry is unusable, or that the alg, use, key_ops or
 * key type rule out, is skipped with its reason. When the token has a kid that some candidate
 * carries, only those are tried; a kid shared by several members of one JWKS is ambiguous.
 * `context` names what `refusal` depends on (alg, enc, curve), so the selection is cached per ring
 * and context. The result is shared: callers must not modify it.
 */
export function selectKeys(
  ring: readonly ParsedKey[],
  kid: unknown,
  context: string,
  refusal: (item: KeyItem) => string | undefined,
): KeySelection {
  let sel = selections.get(context);
  if (!sel || !sameRing(sel.ring, ring)) {
    if (!sel && selections.size >= MAX_CONTEXTS) selections.clear();
    sel = { ring: [...ring], all: selectAll(ring, context, refusal), byKid: new Map() };
    selections.set(context, sel);
  }
  if (typeof kid !== 'string') return sel.all;
  let hit = sel.byKid.get(kid);
  if (!hit) {
    hit = selectByKid(sel.all, kid);
    // A kid is token text: bound the lookups remembered per ring.
    if (sel.byKid.size < 1024) sel.byKid.set(kid, hit);
  }
  return hit;
}

// HMAC states keyed with each stored secret, per alg: screening a ring's secrets then costs only
// the message's compressions, not the two key blocks of every secret.
const keyedSecrets = new WeakMap<KeyItem, Map<string, _HMAC<never>>>();
let scratch: _HMAC<never> | undefined;
const macOut = new Uint8Array(64);

/** Whether a candidate's secret reproduces an HS* MAC (a cheap screen; jose/WebCrypto confirms). */
export function secretMatches(item: KeyItem, alg: string, signingInput: Uint8Array, signature: Uint8Array): boolean {
  const hash = hsHashOf(alg);
  if (!hash || !item.secret || signature.length !== hash.outputLen) return false;
  let byAlg = keyedSecrets.get(item);
  if (!byAlg) keyedSecrets.set(item, (byAlg = new Map()));
  let state = byAlg.get(alg);
  if (!state) byAlg.set(alg, (state = hmac.create(hash, item.secret) as _HMAC<never>));
  // The scratch state may hold another hash's state: _cloneInto only reuses one of the same kind.
  scratch = scratch && scratch.outputLen === hash.outputLen ? state._cloneInto(scratch) : state.clone();
  const out = macOut.subarray(0, hash.outputLen);
  scratch.update(signingInput).digestInto(out);
  return constantTimeEqual(out, signature);
}

/** Lists up to three reasons, then how many more. */
export function summarize(reasons: string[]): string {
  const shown = reasons.slice(0, 3).join('; ');
  return reasons.length > 3 ? `${shown}; and ${reasons.length - 3} more` : shown;
}

// The key that last verified each alg: a stream of tokens from one issuer usually shares a key, so
// trying it first spares the others when the token carries no kid.
const recent = new Map<string, KeyItem>();

/** Moves the key that last verified this alg to the front of the candidates. */
export function preferRecent(alg: string, candidates: KeyItem[]): KeyItem[] {
  const hit = recent.get(alg);
  const i = hit ? candidates.indexOf(hit) : -1;
  return i > 0 ? [hit!, ...candidates.slice(0, i), ...candidates.slice(i + 1)] : candidates;
}

/** Remembers the key that verified this alg. */
export function rememberRecent(alg: string, item: KeyItem): void {
  if (recent.get(alg) !== item) recent.set(alg, item);
}
