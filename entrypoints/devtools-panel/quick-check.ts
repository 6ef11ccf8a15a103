import { tokenWorkerClient } from './token-worker.ts';

/** Runs the quick secret check of an HS* token in a Web Worker, so the panel's main thread never does. */
export const workerQuickSecretCheck = tokenWorkerClient<string>(
  () => new Worker(new URL('./quick-check-worker.ts', import.meta.url), { type: 'module' }),
);
