// Decodes large captured tokens off the panel's main thread. Started by decode-off-thread.ts;
// answers each token with its decoding (a structured clone of decodeToken's result), or none when
// decoding threw — the panel then decodes it itself and shows the error as for any other token.
import { decodeToken } from '../../lib/decode-token.ts';
import { serveTokens } from './token-worker.ts';

serveTokens(decodeToken);
