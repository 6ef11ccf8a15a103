import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import { confusionSecrets } from '../keys/confusion-secrets.ts';
import type { KeyItem, ParsedKey } from '../keys/parse-key.ts';
import { constantTimeEqual, hsHashOf } from '../util/hmac.ts';
import { timeSlice, type TimeSlice } from '../util/time-slice.ts';
import type { VerifyOutcome } from './outcome.ts';

/** The byte strings a key-confused server may use as the HMAC secret for one stored key. */
interface Suspects {
  secrets: Uint8Array[];
  /** The same secrets by byte length, to tell at once whether a given secret is one of them. */
  byLength: Map<number, Uint8Array[]>;
  /** HMAC states already keyed with each secret, per alg (the secrets are long: keying is most of the cost). */
  keyed: Map<string, (_HMAC<never> | undefined)[]>;
  what: string;
}

function keyName(parsed: ParsedKey): string {
  return `"${parsed.entry.id}"${parsed.entry.label ? ` (${parsed.entry.label})` : ''}`;
}

// Byte equality, not constant time: both sides are key material the user stored, not a guess.
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isKnown(s: Suspects, secret: Uint8Array): boolean {
  return (s.byLength.get(secret.length) ?? []).some((k) => sameBytes(k, secret));
}

async function computeSuspects(parsed: ParsedKey): Promise<Suspects | undefined> {
  let secrets: Uint8Array[];
  let what: string;
  const item = parsed.items[0];
  if (parsed.kind === 'secret' && parsed.publicKey && item?.secret) {
    secrets = [item.secret, ...(await confusionSecrets(parsed.publicKey)).secrets];
    what = `the stored secret ${keyName(parsed)}, which is the text of ${item.publicKeyText ?? 'a public key'},`;
  } else {
    const asymmetric = parsed.items.find((i) => i.kty !== 'oct');
    if (!asymmetric) return undefined;
    secrets = (await confusionSecrets(parsed)).secrets;
    const kind = parsed.kind === 'certificate' ? 'certificate' : parsed.kind === 'private' ? 'key pair' : 'public key';
    what = `the text of the stored ${asymmetric.kty} ${kind} ${keyName(parsed)}`;
  }
  if (secrets.length === 0) return undefined;
  // Indexed by length, never turned into strings: a JWKS's own text is a megabyte, and one
  // String.fromCharCode pass over it was a 250 ms task on the panel's main thread. 50,000 secrets
  // of a 10,000-key JWKS: indexed a slice at a time.
  const byLength = new Map<number, Uint8Array[]>();
  const slice = timeSlice();
  for (const secret of secrets) {
    let list = byLength.get(secret.length);
    if (!list) byLength.set(secret.length, (list = []));
    list.push(secret);
    if (slice.due()) await slice.pause();
  }
  return { secrets, byLength, keyed: new Map(), what };
}

const pending = new WeakMap<ParsedKey, Promise<Suspects | undefined>>();
// Settled answers, read without awaiting: a ring is stable across a stream of tokens.
const settled = new WeakMap<ParsedKey, Suspects | null>();

function suspectsOf(parsed: ParsedKey): Suspects | undefined | Promise<Suspects | undefined> {
  const done = settled.get(parsed);
  if (done !== undefined) return done ?? undefined;
  let p = pending.get(parsed);
  if (!p) {
    p = computeSuspects(parsed);
    void p.then((s) => settled.set(parsed, s ?? null));
    pending.set(parsed, p);
  }
  return p;
}

/** Bytes of a long HMAC key hashed between two checks of the time slice. */
const KEY_CHUNK = 64 * 1024;

// Keyed lazily and compared a slice at a time: 50,000 secrets of a big JWKS cost seconds of
// hashing, which must not be one task on the panel's main thread.
async function matches(
  s: Suspects,
  alg: string,
  input: Uint8Array,
  signature: Uint8Array,
  slice: TimeSlice,
): Promise<boolean> {
  const hash = hsHashOf(alg)!;
  if (signature.length !== hash.outputLen) return false;
  let states = s.keyed.get(alg);
  if (!states) s.keyed.set(alg, (states = new Array<_HMAC<never> | undefined>(s.secrets.length)));
  const out = new Uint8Array(hash.outputLen);
  // One scratch state, re-cloned from each keyed state: no allocation per secret.
  let scratch: _HMAC<never> | undefined;
  for (let i = 0; i < s.secrets.length; i++) {
    let state = states[i];
    if (!state) {
      let key = s.secrets[i]!;
      // A key longer than the hash's block is hashed first (RFC 2104 §2), which is what keying a
      // megabyte secret (a JWKS's own text) costs: done here a chunk at a time, same MAC.
      if (key.length > hash.blockLen) {
        const h = hash.create();
        for (let at = 0; at < key.length; at += KEY_CHUNK) {
          h.update(key.subarray(at, at + KEY_CHUNK));
          if (slice.due()) await slice.pause();
        }
        key = h.digest();
      }
      state = states[i] = hmac.create(hash, key) as _HMAC<never>;
    }
    scratch = state._cloneInto(scratch);
    scratch.update(input).digestInto(out);
    if (constantTimeEqual(out, signature)) return true;
    if (slice.due()) await slice.pause();
  }
  return false;
}

/**
 * Looks for key confusion on an HS* JWS: the MAC reproduced with a stored public key's bytes
 * (PEM, certificate, OpenSSH, JWK/JWKS text), whether the key is stored as a public key or as a
 * secret. Such a token is never "verified": anyone holding the public key could have made it
 * (CVE-2016-10555, CVE-2022-29217, GHSA-ffqj-6fqr-9h24). When a stored secret verified the token,
 * `verifiedBy` names it and only that secret's bytes need comparing. `slice` is the caller's clock
 * when the verification already worked in this task (choosing keys from a big ring).
 */
export async function findKeyConfusion(
  ring: readonly ParsedKey[],
  alg: string,
  signingInput: Uint8Array,
  signature: Uint8Array,
  verifiedBy?: KeyItem,
  slice: TimeSlice = timeSlice(),
): Promise<VerifyOutcome | undefined> {
  if (!hsHashOf(alg)) return undefined;
  const verifiedSecret = verifiedBy?.secret;
  for (const parsed of ring) {
    const found = suspectsOf(parsed);
    const s = found instanceof Promise ? await found : found;
    if (!s) continue;
    const hit =
      verifiedSecret !== undefined ? isKnown(s, verifiedSecret) : await matches(s, alg, signingInput, signature, slice);
    if (hit)
      return {
        status: 'key-confusion',
        alg,
        keyId: parsed.entry.id,
        summary: `HMAC keyed with public key «${parsed.entry.label || parsed.entry.id}»`,
        reason: `the ${alg} MAC was made with ${s.what} as the HMAC secret: anyone holding the public key can forge such a token (key confusion, CVE-2016-10555), so it is not verified`,
      };
  }
  return undefined;
}
