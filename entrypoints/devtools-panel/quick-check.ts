import type { QuickCheckReply, QuickCheckRequest } from './quick-check-worker.ts';

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, (secret: string | undefined) => void>();

function start(): Worker {
  const w = new Worker(new URL('./quick-check-worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = ({ data }: MessageEvent<QuickCheckReply>) => {
    waiting.get(data.id)?.(data.secret);
    waiting.delete(data.id);
  };
  w.onerror = () => {
    // Every open question goes unanswered rather than waiting forever; the next one restarts the worker.
    for (const done of waiting.values()) done(undefined);
    waiting.clear();
    w.terminate();
    if (worker === w) worker = undefined;
  };
  return w;
}

/** Runs the quick secret check of an HS* token in a Web Worker, so the panel's main thread never does. */
export function workerQuickSecretCheck(token: string): Promise<string | undefined> {
  worker ??= start();
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker!.postMessage({ id, token } satisfies QuickCheckRequest);
  });
}
