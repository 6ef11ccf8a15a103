import type { CrackJob, CrackRunner } from '../../components/host.ts';
import type { CrackReply, CrackRequest } from './crack-protocol.ts';

/** Runs each weak-secret search in its own Web Worker, ended when the search ends. */
export const workerCrackRunner: CrackRunner = (token, { userWordlist, onProgress }): CrackJob => {
  const worker = new Worker(new URL('./crack-worker.ts', import.meta.url), { type: 'module' });
  const done = new Promise<{ secret: string | null; tried: number; total: number; aborted?: boolean }>(
    (resolve, reject) => {
      worker.onmessage = (e: MessageEvent<CrackReply>) => {
        const m = e.data;
        if (m.kind === 'progress') onProgress({ tried: m.tried, total: m.total });
        else {
          worker.terminate();
          if (m.kind === 'error') reject(new Error(m.message));
          else
            resolve(
              m.aborted
                ? { secret: m.secret, tried: m.tried, total: m.total, aborted: true }
                : { secret: m.secret, tried: m.tried, total: m.total },
            );
        }
      };
      worker.onerror = (e) => {
        worker.terminate();
        reject(new Error(e.message || 'the search worker failed'));
      };
    },
  );
  worker.postMessage({ kind: 'start', token, ...(userWordlist ? { userWordlist } : {}) } satisfies CrackRequest);
  return { done, cancel: () => worker.postMessage({ kind: 'cancel' } satisfies CrackRequest) };
};
