import type { DecodedToken } from '../../lib/decode-token.ts';
import { findCommonSecret, hmacMatches } from '../../lib/rules/secret-checks.ts';
import type { Finding } from '../../lib/types.ts';

const encoder = new TextEncoder();

/**
 * The secret that a `weak-hmac-secret` finding names: the one the wordlist search found, or the
 * one from the built-in common list (an HMAC check, cached per token by the engine). Undefined when
 * there is no such finding or the secret does not reproduce the signature.
 */
export function weakSecretOf(
  decoded: DecodedToken,
  findings: readonly Finding[],
  cracked?: string,
): string | undefined {
  if (!findings.some((f) => f.rule === 'weak-hmac-secret')) return undefined;
  const alg = decoded.header?.alg;
  if (decoded.kind !== 'jws' || typeof alg !== 'string' || !/^HS(256|384|512)$/.test(alg)) return undefined;
  const [h, p, sig] = decoded.segments;
  if (!h || !p || !sig?.bytes || sig.bytes.length === 0) return undefined;
  const input = { alg, signingInput: encoder.encode(`${h.text}.${p.text}`), signature: sig.bytes };
  const common = findCommonSecret(input, decoded.token);
  if (common) return common.secret;
  return cracked !== undefined && hmacMatches(input, encoder.encode(cracked)) ? cracked : undefined;
}
