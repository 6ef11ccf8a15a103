// One token in, one answer out, in a Web Worker of the panel: the quick secret check and the
// decoding of large captured tokens both ask this way. The client side runs in the panel, the
// serving side in the worker script.

/** A request: answer for this token. */
export interface TokenRequest {
  id: number;
  token: string;
}

/** The answer to request `id`; no value when the worker had none (or failed). */
export interface TokenReply<T> {
  id: number;
  value?: T;
}

/**
 * The panel's side: asks the worker `create` starts (lazily, again after it broke) and resolves
 * each question with its answer, or undefined when there was none or the worker failed — never
 * waiting forever. `create` must hold the literal `new Worker(new URL(<relative path>, import.meta.url))`
 * for the bundler to see the worker script.
 */
export function tokenWorkerClient<T>(create: () => Worker): (token: string) => Promise<T | undefined> {
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, (value: T | undefined) => void>();
  const start = (): Worker => {
    const w = create();
    w.onmessage = ({ data }: MessageEvent<TokenReply<T>>) => {
      waiting.get(data.id)?.(data.value);
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
  };
  return (token) => {
    worker ??= start();
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      worker!.postMessage({ id, token } satisfies TokenRequest);
    });
  };
}

/**
 * The worker's side: answers every request with `answer(token)`. A throw, or an answer the
 * structured clone refuses, is no answer — never a broken worker.
 */
export function serveTokens<T>(answer: (token: string) => T | undefined): void {
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent<TokenRequest>) => void) | null;
    postMessage(m: TokenReply<T>): void;
  };
  scope.onmessage = ({ data: { id, token } }) => {
    let value: T | undefined;
    try {
      value = answer(token);
    } catch {
      value = undefined;
    }
    try {
      scope.postMessage(value !== undefined ? { id, value } : { id });
    } catch {
      scope.postMessage({ id });
    }
  };
}
