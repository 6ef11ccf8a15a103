// The quick secret check (empty key and the built-in common secrets) off the panel's main thread.
// Started by quick-check.ts; answers each token with the secret found, or none.
import { quickSecretOf } from '../../lib/inspect/index.ts';

/** A request: check this token. */
export interface QuickCheckRequest {
  id: number;
  token: string;
}

/** The answer to request `id`. */
export interface QuickCheckReply {
  id: number;
  secret?: string;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<QuickCheckRequest>) => void) | null;
  postMessage(m: QuickCheckReply): void;
};

scope.onmessage = ({ data: { id, token } }) => {
  let secret: string | undefined;
  try {
    secret = quickSecretOf(token);
  } catch {
    // A failed check is no answer, never a broken worker.
  }
  scope.postMessage(secret !== undefined ? { id, secret } : { id });
};
