import { X509Certificate } from 'node:crypto';
import {
  compactVerify,
  decodeProtectedHeader,
  generateKeyPair as joseKeyPair,
  importJWK,
  importX509,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeToken, generateKeyPair } from '../../../lib/forge/index.ts';
import { forgeVariant } from '../../../lib/index.ts';

// README (workbench): Generate a key pair of RSA 4096 too; the x5u certificate is made for RSA,
// P-256/384/521 and Ed25519 keys; it is self-signed, X.509 v3 without extensions, valid 2000-01-01
// to 2049-12-31.

interface Tlv {
  tag: number;
  /** Where the content starts and ends. */
  start: number;
  end: number;
}

/** The DER element at `bytes[i]`. */
function tlv(bytes: Uint8Array, i: number): Tlv {
  const tag = bytes[i]!;
  let len = bytes[i + 1]!;
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + bytes[i + 2 + k]!;
    head += n;
  }
  return { tag, start: i + head, end: i + head + len };
}

/** The elements inside a constructed DER element. */
function inside(bytes: Uint8Array, outer: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let i = outer.start; i < outer.end;) {
    const c = tlv(bytes, i);
    out.push(c);
    i = c.end;
  }
  return out;
}

let rsToken = '';
beforeAll(async () => {
  const rsa = await joseKeyPair('RS256');
  rsToken = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256' }).sign(rsa.privateKey);
});

describe('Generate a key pair: RSA 4096', () => {
  it('has a 4,096-bit modulus and signs tokens that verify with its public JWK', async () => {
    const pair = await generateKeyPair('RSA-4096');
    expect(Buffer.from(pair.publicJwk.n!, 'base64url').length * 8).toBe(4096);
    const r = await encodeToken({
      headerText: `{"alg":"${pair.alg}"}`,
      payloadText: '{"sub":"x"}',
      signing: { mode: 'sign', alg: pair.alg, key: { kind: 'private', text: pair.privatePem } },
    });
    if (!r.ok) throw new Error(r.error.message);
    await compactVerify(r.value.token, await importJWK(pair.publicJwk, pair.alg));
  }, 60_000);
});

describe('the x5u certificate', () => {
  it.each([
    ['P-384', 'ES384'],
    ['P-521', 'ES512'],
    ['RSA-2048', 'RS256'],
  ])(
    '%s: self-signed, v3, no extensions, valid 2000-01-01 to 2049-12-31, and verifies the token',
    async (kind, alg) => {
      const url = 'https://attacker.example/cert.pem';
      const r = await forgeVariant('x5u', rsToken, { url, kind }, { keys: [] });
      if (!r.ok) throw new Error(r.error.message);
      const [f] = r.value;
      const header = decodeProtectedHeader(f!.token);
      expect(header).toMatchObject({ alg, x5u: url });
      const cert = new X509Certificate(f!.hostJwks!);
      expect(cert.subject).toBe(cert.issuer);
      expect(cert.verify(cert.publicKey)).toBe(true);
      expect(new Date(cert.validFrom).toISOString()).toBe('2000-01-01T00:00:00.000Z');
      expect(new Date(cert.validTo).toISOString()).toBe('2049-12-31T23:59:59.000Z');
      if (kind.startsWith('P-'))
        expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe(kind === 'P-384' ? 'secp384r1' : 'secp521r1');
      // TBSCertificate: [0] version = 2 (v3), serial, signature, issuer, validity, subject, SPKI — and no [3] extensions.
      const der = new Uint8Array(cert.raw);
      const tbs = inside(der, tlv(der, 0))[0]!;
      const fields = inside(der, tbs);
      expect(fields.map((c) => c.tag)).toEqual([0xa0, 0x02, 0x30, 0x30, 0x30, 0x30, 0x30]);
      const [version] = inside(der, fields[0]!);
      expect(version!.tag).toBe(0x02);
      expect([...der.subarray(version!.start, version!.end)]).toEqual([2]);
      await compactVerify(f!.token, await importX509(f!.hostJwks!, alg), { algorithms: [alg] });
    },
    60_000,
  );
});
