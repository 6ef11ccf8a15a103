import type { CrackJob, CrackRunner } from '../../components/host.ts';
import { runCrackPool, type PoolWorker } from '../../lib/crack/crack-pool.ts';

/** Runs each weak-secret search on a pool of Web Workers, one per core, ended when the search ends. */
export const workerCrackRunner: CrackRunner = (token, { userWordlist, wordlistFile, onProgress }): CrackJob => {
  const file = wordlistFile ?? (userWordlist ? new Blob([userWordlist]) : undefined);
  return runCrackPool({
    token,
    ...(file ? { file } : {}),
    workers: Math.max(1, navigator.hardwareConcurrency || 1),
    spawn: () => new Worker(new URL('./crack-worker.ts', import.meta.url), { type: 'module' }) as unknown as PoolWorker,
    onProgress,
  });
};
