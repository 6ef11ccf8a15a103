// One share of a weak-secret search, off the panel's main thread. Started by crack-runner.ts.
import { parseWordlist } from '../../lib/crack-secret.ts';
import { warmKernel } from '../../lib/crack/candidate-search.ts';
import { runCrackTask } from '../../lib/crack/crack-task.ts';
import { packedWordlistBytes, warmPackedWordlist, type PackedWordlist } from '../../lib/crack/packed-wordlist.ts';
import type { CrackReply, CrackRequest } from './crack-protocol.ts';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<CrackRequest>) => void) | null;
  postMessage(m: CrackReply): void;
};
let builtin: Promise<string[]> | undefined;
let packed: Promise<PackedWordlist | undefined> | undefined;
let controller: AbortController | undefined;
let warming: Promise<unknown> = Promise.resolve();

const fetchList = (): Promise<Response> =>
  fetch('/wordlists/jwt-secrets.txt').then((r) => {
    if (!r.ok) throw new Error(`the built-in wordlist did not load (HTTP ${r.status})`);
    return r;
  });

// The list as strings only where the kernel is missing: packed from its bytes it costs no string per line.
function builtinList(): Promise<string[]> {
  builtin ??= fetchList().then(async (r) => parseWordlist(await r.text()));
  return builtin;
}

function builtinPacked(): Promise<PackedWordlist | undefined> {
  packed ??= fetchList().then(async (r) => packedWordlistBytes(new Uint8Array(await r.arrayBuffer())));
  return packed;
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.kind === 'cancel') {
    controller?.abort();
    return;
  }
  if (m.kind === 'warm') {
    warming = Promise.all([builtinPacked().then(warmPackedWordlist), warmKernel()]).catch(() => undefined);
    return;
  }
  const ctrl = new AbortController();
  controller = ctrl;
  void (async () => {
    try {
      await warming;
      const r = await runCrackTask(m.task, {
        builtinList,
        builtinPacked,
        signal: ctrl.signal,
        onProgress: (p) => scope.postMessage({ kind: 'progress', ...p }),
      });
      scope.postMessage({ kind: 'done', ...r });
    } catch (err) {
      scope.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  })();
};
