import { encodeDer, encodeOid } from '../keys/der.ts';
import { parsePem, toPem } from '../keys/pem.ts';
import type { GeneratedKeyPair } from './generate-key.ts';
import { fail, ok, type Result } from './result.ts';
import { signBytes } from './sign.ts';

const SEQ = 0x30;
const utf8 = new TextEncoder();

// Signature algorithm OIDs (RFC 4055, RFC 5758, RFC 8410) by the JWS alg the pair signs with.
const SIG_OIDS: Record<string, { oid: string; nullParams: boolean; der: boolean }> = {
  RS256: { oid: '1.2.840.113549.1.1.11', nullParams: true, der: false },
  ES256: { oid: '1.2.840.10045.4.3.2', nullParams: false, der: true },
  ES384: { oid: '1.2.840.10045.4.3.3', nullParams: false, der: true },
  ES512: { oid: '1.2.840.10045.4.3.4', nullParams: false, der: true },
  EdDSA: { oid: '1.3.101.112', nullParams: false, der: false },
};

function integer(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const body = bytes.subarray(i);
  return encodeDer(0x02, ...(body[0]! & 0x80 ? [Uint8Array.of(0), body] : [body]));
}

function name(cn: string): Uint8Array {
  // Name ::= SEQUENCE OF SET OF { commonName (2.5.4.3), UTF8String }
  return encodeDer(SEQ, encodeDer(0x31, encodeDer(SEQ, encodeOid('2.5.4.3'), encodeDer(0x0c, utf8.encode(cn)))));
}

function algorithmId(alg: string): Uint8Array {
  const s = SIG_OIDS[alg]!;
  return encodeDer(SEQ, encodeOid(s.oid), ...(s.nullParams ? [Uint8Array.of(0x05, 0x00)] : []));
}

/** ECDSA raw r||s as the DER `Ecdsa-Sig-Value` X.509 wants. */
function derSignature(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return encodeDer(SEQ, integer(raw.subarray(0, half)), integer(raw.subarray(half)));
}

/**
 * A self-signed X.509 v3 certificate (PEM) for a generated key pair, to host at an `x5u` URL:
 * subject = issuer = CN=`cn`, valid 2000-01-01 to 2049-12-31 (no clock needed), no extensions.
 */
export async function selfSignedCertificate(pair: GeneratedKeyPair, cn: string): Promise<Result<string>> {
  const sig = SIG_OIDS[pair.alg];
  if (!sig) return fail('key-unsupported', `no certificate signature algorithm for ${pair.alg}`);
  const spki = parsePem(pair.publicPem);
  if (!spki.ok) return fail(spki.error.code, spki.error.message);
  const serial = new Uint8Array(16);
  (globalThis as unknown as { crypto: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto.getRandomValues(serial);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const validity = encodeDer(
    SEQ,
    encodeDer(0x17, utf8.encode('000101000000Z')),
    encodeDer(0x17, utf8.encode('491231235959Z')),
  );
  const tbs = encodeDer(
    SEQ,
    encodeDer(0xa0, integer(Uint8Array.of(2))),
    integer(serial),
    algorithmId(pair.alg),
    name(cn),
    validity,
    name(cn),
    spki.blocks[0]!.der,
  );
  const signed = await signBytes(pair.alg, { kind: 'private', text: JSON.stringify(pair.privateJwk) }, tbs);
  if (!signed.ok) return signed;
  const value = sig.der ? derSignature(signed.value) : signed.value;
  const cert = encodeDer(SEQ, tbs, algorithmId(pair.alg), encodeDer(0x03, Uint8Array.of(0), value));
  return ok(toPem('CERTIFICATE', cert));
}
