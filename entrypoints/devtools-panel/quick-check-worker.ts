// The quick secret check (empty key and the built-in common secrets) off the panel's main thread.
// Started by quick-check.ts; answers each token with the secret found, or none.
import { quickSecretOf } from '../../lib/inspect/index.ts';
import { serveTokens } from './token-worker.ts';

serveTokens(quickSecretOf);
