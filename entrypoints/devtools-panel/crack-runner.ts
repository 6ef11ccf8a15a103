import type { CrackJob, CrackRunner } from '../../components/host.ts';
import { runCrackPool, type PoolWorker } from '../../lib/crack/crack-pool.ts';

const size = (): number => Math.max(1, navigator.hardwareConcurrency || 1);
// Idle workers that have loaded the list and optimised the kernel, kept between searches.
const idle: PoolWorker[] = [];

function spawnWarm(): PoolWorker {
  const w = new Worker(new URL('./crack-worker.ts', import.meta.url), { type: 'module' }) as unknown as PoolWorker;
  w.postMessage({ kind: 'warm' });
  return w;
}

/** Starts one warm worker per core ahead of a search (idempotent). */
export function prepareCrackWorkers(): void {
  while (idle.length < size()) idle.push(spawnWarm());
}

/** Runs each weak-secret search on a pool of Web Workers, one per core, reused between searches. */
export const workerCrackRunner: CrackRunner = Object.assign(
  (token: string, { userWordlist, wordlistFile, onProgress }: Parameters<CrackRunner>[1]): CrackJob => {
    const file = wordlistFile ?? (userWordlist ? new Blob([userWordlist]) : undefined);
    const job = runCrackPool({
      token,
      ...(file ? { file } : {}),
      workers: size(),
      spawn: () => idle.pop() ?? spawnWarm(),
      release: (w) => idle.push(w),
      onProgress,
    });
    // Replace what a cancel or a hit terminated, so the next search starts warm too.
    void job.done.finally(() => setTimeout(prepareCrackWorkers, 0)).catch(() => undefined);
    return job;
  },
  { prepare: prepareCrackWorkers },
);
