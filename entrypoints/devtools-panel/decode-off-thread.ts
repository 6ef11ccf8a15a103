import type { DecodedToken } from '../../lib/decode-token.ts';
import { tokenWorkerClient } from './token-worker.ts';

/**
 * Decodes a large token in a Web Worker, so the panel's main thread never parses its megabyte;
 * undefined when the worker could not (the panel then decodes it itself).
 */
export const workerDecode = tokenWorkerClient<DecodedToken>(
  () => new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' }),
);
