import { decodeCompact } from '../decode-core.ts';
import type { DecodedToken } from '../decode-token.ts';
import { decodeJwsJson, looksLikeJson, type DecodedJwsJson } from '../jws-json.ts';
import { parseKeyRing } from '../keys/parse-key.ts';
import type { KeyEntry } from '../types.ts';
import { hasOwn } from '../util/json-value.ts';
import { decryptCompactJwe } from './decrypt-jwe.ts';
import { carriedKeyVerdict, psychicVerdict } from './forgery-verdicts.ts';
import type { VerifyOptions, VerifyOutcome } from './outcome.ts';
import { verifyCompactJws, verifyJsonJws } from './verify-jws.ts';

async function verify(decoded: DecodedToken, keys: KeyEntry[], options: VerifyOptions): Promise<VerifyOutcome> {
  if ('serialization' in decoded) {
    const doc = (decoded as DecodedJwsJson).document;
    if (!doc) return { status: 'not-applicable', reason: decoded.error?.message ?? 'JSON token must be an object' };
    if (hasOwn(doc, 'ciphertext'))
      return { status: 'unsupported', reason: 'JWE JSON serialisation is not supported; paste the compact form' };
    const parsed = parseKeyRing(keys);
    const ring = parsed instanceof Promise ? await parsed : parsed;
    return verifyJsonJws(doc, ring);
  }
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
  const psychic = psychicVerdict(decoded);
  if (psychic) return psychic;
  const parsed = parseKeyRing(keys);
  const ring = parsed instanceof Promise ? await parsed : parsed;
  if (decoded.kind === 'jwe') return decryptCompactJwe(decoded, ring, options.maxPbes2Count);
  const out = await verifyCompactJws(decoded, ring);
  if (out.status === 'verified' || out.status === 'key-confusion' || out.status === 'unsupported') return out;
  const carried = await carriedKeyVerdict(decoded, options);
  if (!carried) return out;
  if (carried.code !== 'embedded-key') return carried;
  // Signed with its own carried key: the stored keys' verdict stands (no key, or invalid with
  // that key), named for what the token is.
  return { ...out, code: 'embedded-key', summary: carried.summary, reason: `${carried.reason}; ${out.reason}` };
}

/**
 * Verifies an already decoded token (from `decodeToken`, `decodeJwsJson` or `decodeAny`): a
 * compact JWS, a JWS JSON serialisation, an unsecured JWT, or decrypts a compact JWE against
 * the stored keys. Keys carried by the token (jwk, x5c) never verify it (unless `trustCarriedKey`):
 * a token signed with its own carried key is answered `embedded-key`, an HS* token MACed with its
 * carried key's text `key-confusion`, an ES* signature with r or s zero `psychic-signature`; jku
 * and x5u are never fetched. Never throws.
 */
export async function verifyDecoded(
  decoded: DecodedToken,
  keys: KeyEntry[],
  options: VerifyOptions = {},
): Promise<VerifyOutcome> {
  try {
    return await verify(decoded, keys, options);
  } catch (e) {
    return {
      status: 'not-applicable',
      reason: `verification failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** {@link verifyDecoded} on token text (compact, or JWS JSON serialisation given as JSON text). Never throws. */
export async function verifyToken(
  token: string,
  keys: KeyEntry[],
  options: VerifyOptions = {},
): Promise<VerifyOutcome> {
  try {
    // Verification reads no payload text: the compact payload's base64url is checked, its JSON not read.
    const decoded = looksLikeJson(token) ? decodeJwsJson(token) : decodeCompact(token, false);
    return await verify(decoded, keys, options);
  } catch (e) {
    return {
      status: 'not-applicable',
      reason: `verification failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
