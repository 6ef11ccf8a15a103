import { compactDecrypt, type CompactDecryptResult } from 'jose';
import { decodeUtf8 } from '../base64url.ts';
import type { DecodedToken } from '../decode-token.ts';
import type { ParsedKey } from '../keys/parse-key.ts';
import { JWE_ALGORITHMS, JWE_ENC_BITS } from './algorithms.ts';
import { DEFAULT_MAX_PBES2_COUNT, type VerifyOutcome } from './outcome.ts';
import { jweRefusal, selectKeys } from './select-keys.ts';
import { tryCandidates } from './verify-jws.ts';
import { isObject } from '../util/json-value.ts';

/** Decrypts a decoded compact JWE with the parsed key ring (authenticated decryption = verified). */
export async function decryptCompactJwe(
  decoded: DecodedToken,
  ring: ParsedKey[],
  maxPbes2Count?: number,
): Promise<VerifyOutcome> {
  const header = decoded.header!;
  const alg = header.alg as string;
  const enc = header.enc as string;
  for (const seg of decoded.segments) {
    if (seg.noncanonical)
      return { status: 'not-applicable', alg, reason: `the ${seg.name} segment is not canonical base64url` };
  }
  const dup = decoded.segments[0]?.duplicates[0];
  if (dup) return { status: 'not-applicable', alg, reason: `the header repeats the member "${dup.name}"` };
  if (alg === 'RSA1_5')
    return {
      status: 'unsupported',
      alg,
      reason:
        'RSA1_5 (RSAES-PKCS1-v1_5) key encryption is not supported by WebCrypto or jose; it is deprecated because of padding-oracle attacks',
    };
  const spec = JWE_ALGORITHMS[alg];
  if (!spec) return { status: 'unsupported', alg, reason: `JWE alg ${JSON.stringify(alg)} is not supported` };
  if (JWE_ENC_BITS[enc] === undefined)
    return { status: 'unsupported', alg, reason: `JWE enc ${JSON.stringify(enc)} is not supported` };
  if (header.zip !== undefined && header.zip !== 'DEF')
    return { status: 'unsupported', alg, reason: `JWE zip ${JSON.stringify(header.zip)} is not supported (only DEF)` };
  if (header.crit !== undefined)
    return {
      status: 'unsupported',
      alg,
      reason: `"crit" lists ${JSON.stringify(header.crit)}: no critical extension is understood here`,
    };
  const cap = maxPbes2Count ?? DEFAULT_MAX_PBES2_COUNT;
  if (spec.mode === 'password' && typeof header.p2c === 'number' && header.p2c > cap)
    return {
      status: 'unsupported',
      alg,
      reason: `PBES2 iteration count p2c ${header.p2c} exceeds the cap of ${cap}; not decrypted (an attacker-chosen count can stall the verifier)`,
    };
  const epkCrv = isObject(header.epk) && typeof header.epk.crv === 'string' ? header.epk.crv : undefined;
  const sel = selectKeys(ring, header.kid, `${alg}|${enc}|${epkCrv ?? ''}`, (item) =>
    jweRefusal(item, alg, enc, epkCrv),
  );
  const token = decoded.token;
  const tried = await tryCandidates(alg, sel.candidates, sel.skipped, sel.ambiguous, 'decrypt', (key) =>
    compactDecrypt(token, key, {
      keyManagementAlgorithms: [alg],
      contentEncryptionAlgorithms: [enc],
      maxPBES2Count: cap,
    }),
  );
  const out = tried.outcome;
  const result = tried.result as CompactDecryptResult | undefined;
  if (result) {
    out.plaintext = decodeUtf8(result.plaintext).text;
    out.protectedHeader = result.protectedHeader as Record<string, unknown>;
  }
  return out;
}
