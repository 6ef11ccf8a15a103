import type { DecodedToken } from '../../lib/decode-token.ts';
import { secretHits } from '../../lib/inspect/secret-hits.ts';
import type { Finding } from '../../lib/rules/finding.ts';

/**
 * The secret that a `weak-hmac-secret` finding names: the one from the built-in common list (an
 * HMAC check the engine caches per token), or the one the wordlist search found. Undefined when
 * there is no such finding or the secret does not reproduce the signature.
 */
export function weakSecretOf(
  decoded: DecodedToken,
  findings: readonly Finding[],
  cracked?: string,
): string | undefined {
  if (!findings.some((f) => f.rule === 'weak-hmac-secret')) return undefined;
  const header = decoded.header as Record<string, unknown> | undefined;
  return secretHits(decoded, header, [], {
    quickSecretCheck: true,
    ...(cracked !== undefined ? { crackedSecret: cracked } : {}),
  }).weakSecret?.secret;
}
