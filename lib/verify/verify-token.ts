import { decodeToken } from '../decode-token.ts';
import { parseJson } from '../json-text.ts';
import { parseKeyRing } from '../keys/parse-key.ts';
import type { KeyEntry } from '../types.ts';
import { decryptCompactJwe } from './decrypt-jwe.ts';
import type { VerifyOptions, VerifyOutcome } from './outcome.ts';
import { verifyCompactJws, verifyJsonJws } from './verify-jws.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function verify(token: string, keys: KeyEntry[], options: VerifyOptions): Promise<VerifyOutcome> {
  const text = token.trim();
  if (text.startsWith('{')) {
    const parsed = parseJson(text, 'token');
    if (!parsed.ok) return { status: 'not-applicable', reason: parsed.error.message };
    if (!isObject(parsed.value)) return { status: 'not-applicable', reason: 'JSON token must be an object' };
    if ('ciphertext' in parsed.value)
      return { status: 'unsupported', reason: 'JWE JSON serialisation is not supported; paste the compact form' };
    const ring = await parseKeyRing(keys);
    return verifyJsonJws(parsed.value, ring);
  }
  const decoded = decodeToken(text);
  if (decoded.kind === 'malformed')
    return { status: 'not-applicable', reason: decoded.error?.message ?? 'the token is malformed' };
  const alg = decoded.header!.alg as string;
  const dup = decoded.segments[0]?.duplicates[0];
  if (dup)
    return {
      status: 'not-applicable',
      alg,
      reason: `the header repeats the member "${dup.name}"; parsers disagree on which value counts, so the token is not verified`,
    };
  if (decoded.kind === 'unsecured')
    return {
      status: 'not-applicable',
      alg,
      reason: `alg ${JSON.stringify(alg)}: an unsecured JWT has no signature to verify`,
    };
  const ring = await parseKeyRing(keys);
  if (decoded.kind === 'jwe') return decryptCompactJwe(decoded, ring, options.maxPbes2Count);
  return verifyCompactJws(decoded, ring);
}

/**
 * Verifies a compact JWS, JWS JSON serialisation (flattened or general, given as JSON text),
 * unsecured JWT, or decrypts a compact JWE against the stored keys. Keys carried by the token
 * (jwk, jku, x5u, x5c) are never used. Never throws.
 */
export async function verifyToken(
  token: string,
  keys: KeyEntry[],
  options: VerifyOptions = {},
): Promise<VerifyOutcome> {
  try {
    return await verify(token, keys, options);
  } catch (e) {
    return {
      status: 'not-applicable',
      reason: `verification failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
