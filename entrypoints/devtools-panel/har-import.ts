import type { HarImportDone, HarImportJob, HarImportRunner } from '../../components/host.ts';
import type { HarWorkerReply, HarWorkerRequest } from './har-protocol.ts';

/** Imports a HAR file in a Web Worker of its own (har-worker.ts), so the panel never parses it on its main thread. */
export const workerHarImport: HarImportRunner = (file, onProgress): HarImportJob => {
  const worker = new Worker(new URL('./har-worker.ts', import.meta.url), { type: 'module' });
  let finish: (result: HarImportDone) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<HarImportDone>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  // The result arrives in parts, each cloned in its own task (see har-protocol.ts).
  const tokens: HarImportDone['tokens'] = [];
  const requests: HarImportDone['requests'] = [];
  let timeline: HarImportDone['timeline'];
  worker.onmessage = ({ data }: MessageEvent<HarWorkerReply>) => {
    if (data.kind === 'progress')
      onProgress({ bytes: data.bytes, totalBytes: data.totalBytes, entries: data.entries, tokens: data.tokens });
    else if (data.kind === 'part') {
      if (data.tokens) for (const t of data.tokens) tokens.push(t);
      if (data.requests) for (const r of data.requests) requests.push(r);
    } else if (data.kind === 'timeline') timeline = data.timeline;
    else {
      finish({ ...data.result, tokens, requests, ...(timeline ? { timeline } : {}) });
      worker.terminate();
    }
  };
  worker.onerror = (e) => {
    e.preventDefault();
    fail(new Error(e.message || 'the HAR worker failed'));
    worker.terminate();
  };
  worker.postMessage({ kind: 'start', file } satisfies HarWorkerRequest);
  return {
    done,
    cancel: () => worker.postMessage({ kind: 'cancel' } satisfies HarWorkerRequest),
  };
};
