import { importJWK, importX509, type CryptoKey } from 'jose';
import type { DecodedToken } from '../decode-token.ts';
import { parseKeyEntry, type ParsedKey } from '../keys/parse-key.ts';
import { decodeBase64Std, toPem } from '../keys/pem.ts';
import { hsHashOf } from '../util/hmac.ts';
import { isObject } from '../util/json-value.ts';
import { JWS_ALGORITHMS } from './algorithms.ts';
import { findKeyConfusion } from './key-confusion.ts';
import type { VerifyOutcome } from './outcome.ts';
import { verifyOriginalBytes } from './verify-original.ts';

const RAW_SIZES: Record<string, number> = { ES256: 32, ES384: 48, ES512: 66 };
const ascii = new TextEncoder();

function allZero(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0) return false;
  return true;
}

/**
 * The psychic-signature verdict (CVE-2022-21449): an ES* signature whose raw r or s is zero is
 * forged whatever the key, and answered before any key is tried.
 */
export function psychicVerdict(decoded: DecodedToken): VerifyOutcome | undefined {
  const alg = decoded.header?.alg;
  const size = typeof alg === 'string' ? RAW_SIZES[alg] : undefined;
  const sig = decoded.segments[2]?.bytes;
  if (decoded.kind !== 'jws' || !size || !sig || sig.length !== size * 2) return undefined;
  const r = allZero(sig.subarray(0, size));
  const s = allZero(sig.subarray(size));
  if (!r && !s) return undefined;
  const which = r && s ? 'r = s = 0' : r ? 'r = 0' : 's = 0';
  return {
    status: 'invalid',
    code: 'psychic-signature',
    alg: alg as string,
    summary: `${which}: psychic signature`,
    reason: `the ${alg} signature has ${which}, which no valid ECDSA signature has: vulnerable Java versions (15–18) accept it for any message and key (CVE-2022-21449), so it is a forgery`,
  };
}

/** The header parameter by which a token carries its own verification key, if any. */
export function carriedKeyParam(header: Record<string, unknown> | undefined): 'jwk' | 'x5c' | undefined {
  if (!header) return undefined;
  if (isObject(header.jwk)) return 'jwk';
  if (Array.isArray(header.x5c) && typeof header.x5c[0] === 'string') return 'x5c';
  return undefined;
}

function x5cPem(header: Record<string, unknown>): string | undefined {
  const der = decodeBase64Std((header.x5c as string[])[0]!);
  return der ? toPem('CERTIFICATE', der) : undefined;
}

async function carriedParsed(header: Record<string, unknown>, param: 'jwk' | 'x5c'): Promise<ParsedKey | undefined> {
  const material = param === 'jwk' ? JSON.stringify(header.jwk) : x5cPem(header);
  if (material === undefined) return undefined;
  const parsed = await parseKeyEntry({ id: param, material, format: param === 'jwk' ? 'jwk' : 'pem' });
  return parsed.error ? undefined : parsed;
}

async function carriedCryptoKey(
  header: Record<string, unknown>,
  param: 'jwk' | 'x5c',
  alg: string,
): Promise<CryptoKey> {
  if (param === 'jwk') return (await importJWK(header.jwk as Record<string, unknown>, alg)) as CryptoKey;
  const pem = x5cPem(header);
  if (!pem) throw new TypeError('x5c[0] is not base64');
  return importX509(pem, alg);
}

/**
 * What a compact JWS that carries its own key (`jwk`, `x5c`) is when no stored key verified it:
 * signed with that carried key — verified with it through jose, never trusted (CVE-2018-0114) —
 * or, for HS*, MACed with that key's text (key confusion). With `trustCarriedKey` (a caller that
 * knows the key is meant to be carried, as in a DPoP proof) the first case is `verified`.
 * Undefined when the token carries no key or the carried key does not verify it.
 */
export async function carriedKeyVerdict(
  decoded: DecodedToken,
  options: { trustCarriedKey?: boolean } = {},
): Promise<VerifyOutcome | undefined> {
  const header = decoded.header;
  const param = carriedKeyParam(header);
  const alg = header?.alg;
  const sig = decoded.segments[2]?.bytes;
  if (!param || !header || decoded.kind !== 'jws' || typeof alg !== 'string' || !sig || !JWS_ALGORITHMS[alg])
    return undefined;
  const token = decoded.token;
  const input = ascii.encode(token.slice(0, token.lastIndexOf('.')));
  const what = param === 'jwk' ? 'the key it carries ("jwk")' : 'the certificate it carries ("x5c")';
  if (hsHashOf(alg)) {
    const parsed = await carriedParsed(header, param);
    const hit = parsed ? await findKeyConfusion([parsed], alg, input, sig) : undefined;
    if (!hit) return undefined;
    return {
      status: 'key-confusion',
      code: 'key-confusion',
      alg,
      summary: `HMAC keyed with public key «${param === 'jwk' ? 'carried "jwk"' : 'carried "x5c"'}»`,
      reason: `the ${alg} MAC was made with the text of ${what} as the HMAC secret: anyone can make such a token (key confusion, CVE-2016-10555), so it is not verified`,
    };
  }
  try {
    await verifyOriginalBytes(alg, await carriedCryptoKey(header, param, alg), input, sig);
  } catch {
    return undefined;
  }
  if (options.trustCarriedKey)
    return {
      status: 'verified',
      code: 'verified',
      alg,
      summary: `verified with ${what}`,
      reason: `verified with ${what}`,
    };
  return {
    status: 'invalid',
    code: 'embedded-key',
    alg,
    summary: `signed with ${what} — untrusted`,
    reason: `the signature verifies only with ${what}: anyone can sign a token with a key of their own and embed it (CVE-2018-0114), so it is not verified`,
  };
}
