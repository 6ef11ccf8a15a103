import type { CrackResult } from './crack-result.ts';
import type { CrackReply, CrackRequest, CrackTask, TaskProgress, WordlistBlob } from './crack-task.ts';
import { lineStartAtOrAfter } from './wordlist-lines.ts';

/** The part of a Web Worker the pool uses (fakes in tests). */
export interface PoolWorker {
  postMessage(message: CrackRequest): void;
  terminate(): void;
  onmessage: ((event: { data: CrackReply }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

/** Merged progress of every worker of a search. */
export interface PoolProgress {
  tried: number;
  /** Candidates in the whole search: exact for the built-in list, estimated while a file streams. */
  total: number;
  /** Candidates per second since the start. */
  rate: number;
  /** Estimated milliseconds left, once anything is done. */
  etaMs?: number;
}

/** Options of {@link runCrackPool}. */
export interface PoolOptions {
  token: string;
  /** The user's wordlist, split between the workers at line starts. */
  file?: WordlistBlob;
  /** Whether to search the built-in list (split between the workers too). */
  builtin?: boolean;
  /** How many workers (e.g. `navigator.hardwareConcurrency`). */
  workers: number;
  spawn(): PoolWorker;
  /** Takes back a worker that finished its share cleanly (for reuse); others are terminated. */
  release?(worker: PoolWorker): void;
  onProgress?(progress: PoolProgress): void;
  now?(): number;
}

/** A running pooled search. */
export interface PoolJob {
  done: Promise<CrackResult & { total: number }>;
  /** Stops every worker at once; `done` resolves with `aborted: true`. */
  cancel(): void;
}

/**
 * Splits a weak-secret search over a pool of workers: each takes an equal byte range of the user's
 * file (aligned to line starts) and an equal part of the built-in list; progress is merged; the first
 * hit, an error, or a cancel terminates every worker.
 */
export function runCrackPool(options: PoolOptions): PoolJob {
  const now = options.now ?? Date.now;
  const started = now();
  const n = Math.max(1, Math.floor(options.workers) || 1);
  const workers: PoolWorker[] = [];
  const progress: (TaskProgress | undefined)[] = new Array<TaskProgress | undefined>(n).fill(undefined);
  const finished = new Array<boolean>(n).fill(false);
  let settled = false;
  let resolve!: (r: CrackResult & { total: number }) => void;
  let reject!: (e: Error) => void;
  const done = new Promise<CrackResult & { total: number }>((res, rej) => {
    resolve = res;
    reject = rej;
  });

  const merged = (): PoolProgress => {
    let tried = 0;
    let units = 0;
    let unitsTotal = 0;
    let exact = 0;
    let allExact = true;
    for (const p of progress) {
      if (!p) {
        allExact = false;
        continue;
      }
      tried += p.tried;
      units += p.units;
      unitsTotal += p.unitsTotal;
      if (p.total === undefined) allExact = false;
      else exact += p.total;
    }
    const fraction = unitsTotal > 0 ? units / unitsTotal : 0;
    const elapsed = Math.max(1, now() - started);
    const total = allExact ? exact : fraction > 0 ? Math.max(tried, Math.round(tried / fraction)) : tried;
    const out: PoolProgress = { tried, total, rate: (tried / elapsed) * 1000 };
    if (fraction > 0) out.etaMs = Math.max(0, (elapsed * (1 - fraction)) / fraction);
    return out;
  };
  const stopAll = (): void => {
    settled = true;
    workers.forEach((w, k) => {
      w.onmessage = null;
      w.onerror = null;
      if (finished[k] && options.release) options.release(w);
      else w.terminate();
    });
  };
  const finish = (secret: string | null, aborted = false): void => {
    if (settled) return;
    stopAll();
    const { tried, total } = merged();
    resolve(aborted ? { secret, tried, total, aborted } : { secret, tried, total: secret === null ? tried : total });
  };
  const fail = (message: string): void => {
    if (settled) return;
    stopAll();
    reject(new Error(message));
  };

  void (async () => {
    const tasks: CrackTask[] = [];
    const file = options.file;
    const bounds = [0];
    if (file) {
      const read = async (s: number, e: number): Promise<Uint8Array> =>
        new Uint8Array(await file.slice(s, e).arrayBuffer());
      for (let k = 1; k < n; k++)
        bounds.push(await lineStartAtOrAfter(file.size, Math.floor((k * file.size) / n), read));
      bounds.push(file.size);
    }
    for (let k = 0; k < n; k++) {
      const task: CrackTask = { token: options.token, empty: k === 0 };
      if (file) task.file = { blob: file, start: bounds[k]!, end: Math.max(bounds[k]!, bounds[k + 1]!) };
      if (options.builtin !== false) task.builtin = { part: k, parts: n };
      tasks.push(task);
    }
    if (settled) return;
    tasks.forEach((task, k) => {
      const w = options.spawn();
      workers.push(w);
      w.onmessage = ({ data: m }) => {
        if (settled) return;
        if (m.kind === 'error') return fail(m.message);
        progress[k] =
          m.total === undefined
            ? { tried: m.tried, units: m.units, unitsTotal: m.unitsTotal }
            : { tried: m.tried, units: m.units, unitsTotal: m.unitsTotal, total: m.total };
        if (m.kind === 'progress') {
          options.onProgress?.(merged());
          return;
        }
        finished[k] = true;
        if (m.secret !== null) return finish(m.secret);
        if (finished.every(Boolean)) finish(null);
        else options.onProgress?.(merged());
      };
      w.onerror = (e) => fail(e.message || 'a search worker failed');
      w.postMessage({ kind: 'start', task });
    });
  })().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));

  return { done, cancel: () => finish(null, true) };
}
