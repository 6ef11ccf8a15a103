// The weak-secret search, off the panel's main thread. Loaded by crack-runner.ts as a module worker.
import { crackSecret, parseWordlist } from '../../lib/crack-secret.ts';
import type { CrackReply, CrackRequest } from './crack-protocol.ts';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<CrackRequest>) => void) | null;
  postMessage(m: CrackReply): void;
};
let builtin: Promise<string[]> | undefined;
let controller: AbortController | undefined;

function builtinList(): Promise<string[]> {
  builtin ??= fetch('/wordlists/jwt-secrets.txt').then(async (r) => {
    if (!r.ok) throw new Error(`the built-in wordlist did not load (HTTP ${r.status})`);
    return parseWordlist(await r.text());
  });
  return builtin;
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.kind === 'cancel') {
    controller?.abort();
    return;
  }
  const ctrl = new AbortController();
  controller = ctrl;
  void (async () => {
    try {
      const list = await builtinList();
      let candidates = list;
      if (m.userWordlist) {
        const seen = new Set(list);
        candidates = [...parseWordlist(m.userWordlist).filter((w) => !seen.has(w)), ...list];
      }
      const total = candidates.length + 1;
      scope.postMessage({ kind: 'progress', tried: 0, total });
      const r = await crackSecret(m.token, candidates, {
        signal: ctrl.signal,
        onProgress: (tried) => scope.postMessage({ kind: 'progress', tried, total }),
      });
      scope.postMessage({
        kind: 'done',
        secret: r.secret,
        tried: r.tried,
        total,
        ...(r.aborted ? { aborted: true } : {}),
      });
    } catch (err) {
      scope.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  })();
};
