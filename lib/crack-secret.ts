import { hmac } from '@noble/hashes/hmac.js';
import { decodeBase64Url } from './base64url.ts';
import { decodeToken } from './decode-token.ts';
import { HS_HASHES as HASHES, type Sha2 } from './util/hmac.ts';

/** Options of {@link crackSecret}. */
export interface CrackOptions {
  signal?: AbortSignal;
  /** Called with the number of candidates tried so far, every few thousand candidates and at the end. */
  onProgress?: (tried: number) => void;
}

/** Result of {@link crackSecret}: the secret found (or null) and how many candidates were tried. */
export interface CrackResult {
  secret: string | null;
  tried: number;
  /** True when the search stopped because the signal was aborted. */
  aborted?: boolean;
}

/** The parts of an HS* token that a secret search needs, prepared once. */
export interface HmacTarget {
  hash: Sha2;
  alg: string;
  /** The signing input (ASCII of `header.payload`). */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

const encoder = new TextEncoder();

/** Prepares an HS256/384/512 compact JWS for a secret search, or returns undefined for any other token. */
export function hmacTarget(token: string): HmacTarget | undefined {
  const decoded = decodeToken(token);
  const alg = decoded.header?.alg;
  if (decoded.kind !== 'jws' || typeof alg !== 'string') return undefined;
  const hash = HASHES[alg];
  if (!hash) return undefined;
  const t = decoded.token;
  const lastDot = t.lastIndexOf('.');
  const sig = decodeBase64Url(t.slice(lastDot + 1)).bytes;
  if (!sig || sig.length !== hash.outputLen) return undefined;
  return { hash, alg, signingInput: encoder.encode(t.slice(0, lastDot)), signature: sig };
}

/**
 * Computes HMAC(key, signing input) into `out` and says whether it equals the token's signature.
 * The compare exits early: this is the attacker's side of the search, so there is no timing to protect.
 */
export function macMatches(target: HmacTarget, key: Uint8Array, out: Uint8Array): boolean {
  hmac.create(target.hash, key).update(target.signingInput).digestInto(out);
  const sig = target.signature;
  for (let i = 0; i < sig.length; i++) if (out[i] !== sig[i]) return false;
  return true;
}

const CHECK_EVERY = 1024;
const YIELD_AFTER_MS = 30;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Searches `candidates` (and the empty key, tried first) for the HMAC secret of an HS256/384/512
 * token. Returns `{ secret: null, tried: 0 }` for any other token. Cancellable through `signal`:
 * it yields to the event loop every few tens of milliseconds so that a Web Worker can receive the
 * abort. Never throws.
 */
export async function crackSecret(
  token: string,
  candidates: Iterable<string>,
  options: CrackOptions = {},
): Promise<CrackResult> {
  const { signal, onProgress } = options;
  const target = hmacTarget(token);
  if (!target) return { secret: null, tried: 0 };
  const out = new Uint8Array(target.hash.outputLen);
  let scratch = new Uint8Array(256);
  let tried = 0;
  let lastYield = Date.now();
  const done = (secret: string | null, aborted = false): CrackResult => {
    onProgress?.(tried);
    return aborted ? { secret, tried, aborted } : { secret, tried };
  };
  if (signal?.aborted) return done(null, true);

  tried++;
  if (macMatches(target, scratch.subarray(0, 0), out)) return done('');
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (candidate.length * 3 > scratch.length) scratch = new Uint8Array(candidate.length * 3);
    const { written } = encoder.encodeInto(candidate, scratch);
    tried++;
    if (macMatches(target, scratch.subarray(0, written), out)) return done(candidate);
    if (tried % CHECK_EVERY === 0) {
      if (signal?.aborted) return done(null, true);
      const now = Date.now();
      if (now - lastYield >= YIELD_AFTER_MS) {
        onProgress?.(tried);
        await yieldToEventLoop();
        lastYield = Date.now();
        if (signal?.aborted) return done(null, true);
      }
    }
  }
  return done(null);
}

/** Splits a wordlist into candidates: one per line (LF or CRLF), empty lines dropped, first occurrence kept. */
export function parseWordlist(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out;
}
