import { createCandidateSearch } from './crack/candidate-search.ts';
import { hmacTarget } from './crack/hmac-target.ts';

import type { CrackResult } from './crack/crack-result.ts';

export type { CrackResult } from './crack/crack-result.ts';

/** Options of {@link crackSecret}. */
export interface CrackOptions {
  signal?: AbortSignal;
  /** Called with the number of candidates tried so far, every few thousand candidates and at the end. */
  onProgress?: (tried: number) => void;
  /** Set false to search without the WebAssembly kernel (the plain-JS path used where it is missing). */
  kernel?: boolean;
}

const CHUNK = 4096;
const YIELD_AFTER_MS = 30;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Searches `candidates` (and the empty key, tried first) for the HMAC secret of an HS256/384/512
 * token, on the WebAssembly kernel when the runtime has it. Every hit is confirmed with WebCrypto.
 * Returns `{ secret: null, tried: 0 }` for any other token. Cancellable through `signal`: it yields
 * to the event loop every few tens of milliseconds so that a Web Worker can receive the abort.
 * Never throws.
 */
export async function crackSecret(
  token: string,
  candidates: Iterable<string>,
  options: CrackOptions = {},
): Promise<CrackResult> {
  const { signal, onProgress } = options;
  const target = hmacTarget(token);
  if (!target) return { secret: null, tried: 0 };
  if (signal?.aborted) {
    onProgress?.(0);
    return { secret: null, tried: 0, aborted: true };
  }
  const search = await createCandidateSearch(target, options.kernel !== false);
  const done = (secret: string | null, aborted = false): CrackResult => {
    onProgress?.(search.tried);
    return aborted ? { secret, tried: search.tried, aborted } : { secret, tried: search.tried };
  };
  if (signal?.aborted) return done(null, true);
  const chunk: string[] = [''];
  let lastYield = Date.now();
  const flush = async (): Promise<string | null> => {
    const hit = await search.tryMany(chunk);
    chunk.length = 0;
    return hit;
  };
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    chunk.push(candidate);
    if (chunk.length < CHUNK) continue;
    const hit = await flush();
    if (hit !== null) return done(hit);
    onProgress?.(search.tried);
    if (signal?.aborted) return done(null, true);
    if (Date.now() - lastYield >= YIELD_AFTER_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
      if (signal?.aborted) return done(null, true);
    }
  }
  return done(await flush());
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
