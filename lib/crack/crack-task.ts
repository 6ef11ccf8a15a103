import type { CrackResult } from './crack-result.ts';
import { confirmSecret, createCandidateSearch } from './candidate-search.ts';
import { hmacTarget, macMatches } from './hmac-target.ts';
import { packedWordlist, type PackedWordlist } from './packed-wordlist.ts';
import { streamLineBytes } from './wordlist-lines.ts';

/** A wordlist file (a `File` or `Blob` in the browser), read in byte ranges and streamed. */
export interface WordlistBlob {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer>; stream(): ReadableStream<Uint8Array> };
}

/** One worker's share of a weak-secret search. */
export interface CrackTask {
  token: string;
  /** Whether this share tries the empty key first (exactly one share does). */
  empty: boolean;
  /** Bytes [start, end) of the user's wordlist, aligned to line starts; searched first. */
  file?: { blob: WordlistBlob; start: number; end: number };
  /** Part `part` of `parts` equal parts of the built-in list. */
  builtin?: { part: number; parts: number };
}

/** How far a share has got: candidates tried, and work done out of the share's total (bytes of text). */
export interface TaskProgress {
  tried: number;
  units: number;
  unitsTotal: number;
  /** The exact number of candidates in the share, when it is known in advance (no user file). */
  total?: number;
}

/** Panel → crack worker. `warm` loads the list and brings the kernel to optimised code ahead of a search. */
export type CrackRequest = { kind: 'start'; task: CrackTask } | { kind: 'cancel' } | { kind: 'warm' };

/** Crack worker → panel. */
export type CrackReply =
  | ({ kind: 'progress' } & TaskProgress)
  | ({ kind: 'done'; secret: string | null; aborted?: boolean } & TaskProgress)
  | { kind: 'error'; message: string };

/** What a share needs from its host. */
export interface TaskHost {
  /** The built-in wordlist, parsed. */
  builtinList(): Promise<readonly string[]>;
  /** The built-in wordlist already packed for the kernel (see packedWordlistBytes); builtinList when absent or undefined. */
  builtinPacked?(): Promise<PackedWordlist | undefined>;
  signal?: AbortSignal;
  /** Called at most every `progressMs` milliseconds, and not at the end (the result says it). */
  onProgress?(p: TaskProgress): void;
  progressMs?: number;
}

const CHUNK = 4096;
const YIELD_AFTER_MS = 30;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs one share of a search: the user's file range (streamed), then a part of the built-in list. */
export async function runCrackTask(task: CrackTask, host: TaskHost): Promise<CrackResult & TaskProgress> {
  const target = hmacTarget(task.token);
  if (!target) return { secret: null, tried: 0, units: 0, unitsTotal: 0 };
  // The shipped list is laid out in kernel memory once per worker (see packed-wordlist.ts).
  let packed = task.builtin && host.builtinPacked ? await host.builtinPacked() : undefined;
  const list = task.builtin && !packed ? await host.builtinList() : [];
  if (task.builtin && !packed) packed = await packedWordlist(list);
  const size = packed ? packed.count : list.length;
  const from = task.builtin ? Math.floor((task.builtin.part * size) / task.builtin.parts) : 0;
  const to = task.builtin ? Math.floor(((task.builtin.part + 1) * size) / task.builtin.parts) : 0;
  let builtinUnits = 0;
  if (packed) builtinUnits = packed.unitsBetween(from, to);
  else for (let i = from; i < to; i++) builtinUnits += list[i]!.length + 1;
  const fileUnits = task.file ? task.file.end - task.file.start : 0;
  const unitsTotal = fileUnits + builtinUnits;
  const total = task.file ? undefined : to - from + (task.empty ? 1 : 0);
  // Only a user file needs a search of its own (the built-in list has its packed one).
  const search = task.file || !packed ? await createCandidateSearch(target) : undefined;
  let units = 0;
  let packedTried = 0;
  let emptyTried = 0;
  let lastYield = Date.now();
  let lastProgress = 0;
  const progress = (): TaskProgress => {
    const tried = (search?.tried ?? 0) + emptyTried + packedTried;
    return total === undefined ? { tried, units, unitsTotal } : { tried, units, unitsTotal, total };
  };
  const result = (secret: string | null, aborted = false): CrackResult & TaskProgress =>
    aborted ? { secret, aborted, ...progress() } : { secret, ...progress() };
  // Between chunks: report, notice an abort, and let the worker's message loop run.
  const pause = async (): Promise<boolean> => {
    const now = Date.now();
    if (host.onProgress && now - lastProgress >= (host.progressMs ?? 50)) {
      lastProgress = now;
      host.onProgress(progress());
    }
    if (now - lastYield >= YIELD_AFTER_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
    return host.signal?.aborted === true;
  };

  if (host.signal?.aborted) return result(null, true);
  if (task.empty) {
    emptyTried = 1;
    const none = new Uint8Array(0);
    if (macMatches(target, none, new Uint8Array(target.hash.outputLen)) && (await confirmSecret(target, none)))
      return result('');
  }
  if (task.file && search) {
    const { blob, start, end } = task.file;
    let read = 0;
    const lines = streamLineBytes(blob.slice(start, end).stream(), (n) => (read += n));
    for await (const chunk of lines) {
      const hit = await search.tryLines(chunk);
      units = Math.min(read, fileUnits);
      if (hit !== null) {
        await lines.return(undefined);
        return result(hit);
      }
      if (await pause()) {
        await lines.return(undefined);
        return result(null, true);
      }
    }
    units = fileUnits;
  }
  if (packed) {
    const base = units;
    const r = await packed.search(target, from, to, (tried) => {
      packedTried = tried;
      units = base + packed.unitsBetween(from, from + tried);
      return pause();
    });
    packedTried = r.tried;
    units = base + packed.unitsBetween(from, from + r.tried);
    return result(r.secret, r.aborted === true);
  }
  for (let i = from; i < to; i += CHUNK) {
    const stop = Math.min(to, i + CHUNK);
    const hit = await search!.tryMany(list, i, stop);
    for (let j = i; j < stop; j++) units += list[j]!.length + 1;
    if (hit !== null) return result(hit);
    if (await pause()) return result(null, true);
  }
  return result(null);
}
