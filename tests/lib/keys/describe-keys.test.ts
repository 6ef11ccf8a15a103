import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeKeys, inferKeyFormat, type KeyFacts } from '../../../lib/verify/index.ts';
import type { KeyEntry } from '../../../lib/types.ts';
import { CERT_PEM, CERT_SPKI_PEM } from './fixtures.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ed = generateKeyPairSync('ed25519');

const spkiPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const pkcs1Pem = rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const pkcs8Pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const rsaPrivPem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const ecPrivPem = ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string;
const ecSpkiPem = ec.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const edSpkiPem = ed.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const rsaJwk = rsa.publicKey.export({ format: 'jwk' });
const ecJwk = ec.publicKey.export({ format: 'jwk' });

async function one(entry: Omit<KeyEntry, 'id'>): Promise<KeyFacts> {
  const [facts] = await describeKeys([{ id: 'k', ...entry }]);
  return facts!;
}

describe('inferKeyFormat', () => {
  it.each([
    [spkiPem, 'pem'],
    [JSON.stringify(rsaJwk), 'jwk'],
    [JSON.stringify({ keys: [rsaJwk] }), 'jwks'],
    ['my-secret', 'text'],
    ['c2VjcmV0', 'text'],
    ['{"not":"a key"}', 'text'],
  ])('%#: infers %s', (material, format) => {
    expect(inferKeyFormat(material)).toBe(format);
  });
});

describe('describeKeys: valid material', () => {
  it('text secret: bytes as typed, no confusion secrets', async () => {
    expect(await one({ material: 'secret' })).toMatchObject({
      format: 'text',
      kind: 'secret',
      kty: 'oct',
      bits: 48,
      confusionSecrets: [],
    });
  });
  it.each([
    ['base64', 'c2VjcmV0Kys=', 64],
    ['base64url', 'c2VjcmV0Kys', 64],
    ['hex', '00ff 10ab', 32],
    ['hex', '0x00ff10ab', 32],
  ] as const)('%s secret %s', async (format, material, bits) => {
    expect(await one({ material, format })).toMatchObject({ format, kind: 'secret', bits });
  });
  it('SPKI PEM: RSA public key with modulus bits and confusion secrets', async () => {
    const f = await one({ material: spkiPem });
    expect(f).toMatchObject({ format: 'pem', kind: 'public', kty: 'RSA', bits: 2048 });
    expect(f.error).toBeUndefined();
    const texts = f.confusionSecrets.map((b) => new TextDecoder().decode(b));
    expect(texts).toContain(spkiPem);
    expect(texts).toContain(spkiPem.trimEnd());
    expect(texts).toContain(pkcs1Pem);
  });
  it('PKCS#1 RSA PUBLIC KEY is converted to SPKI', async () => {
    const f = await one({ material: pkcs1Pem });
    expect(f).toMatchObject({ kind: 'public', kty: 'RSA', bits: 2048 });
    expect(f.confusionSecrets.map((b) => new TextDecoder().decode(b))).toContain(spkiPem);
  });
  it('PKCS#8, PKCS#1 and SEC 1 private keys', async () => {
    expect(await one({ material: pkcs8Pem })).toMatchObject({ kind: 'private', kty: 'RSA', bits: 2048 });
    expect(await one({ material: rsaPrivPem })).toMatchObject({ kind: 'private', kty: 'RSA', bits: 2048 });
    expect(await one({ material: ecPrivPem })).toMatchObject({ kind: 'private', kty: 'EC', crv: 'P-384', bits: 384 });
  });
  it('EC and Ed25519 SPKI', async () => {
    expect(await one({ material: ecSpkiPem })).toMatchObject({ kind: 'public', kty: 'EC', crv: 'P-384' });
    expect(await one({ material: edSpkiPem })).toMatchObject({ kind: 'public', kty: 'OKP', crv: 'Ed25519', bits: 256 });
  });
  it('X.509 certificate: its subject public key', async () => {
    const f = await one({ material: CERT_PEM });
    expect(f).toMatchObject({ format: 'pem', kind: 'certificate', kty: 'EC', crv: 'P-256', bits: 256 });
    const texts = f.confusionSecrets.map((b) => new TextDecoder().decode(b));
    expect(texts).toContain(CERT_SPKI_PEM);
    expect(texts).toContain(CERT_PEM);
  });
  it('JWK with alg, use, key_ops and kid; the JWK JSON is a confusion secret', async () => {
    const material = JSON.stringify({ ...rsaJwk, alg: 'PS512', use: 'sig', key_ops: ['verify'], kid: 'r1' });
    const f = await one({ material, label: 'prod', issuer: 'https://idp' });
    expect(f).toMatchObject({
      format: 'jwk',
      kind: 'public',
      kty: 'RSA',
      alg: 'PS512',
      use: 'sig',
      keyOps: ['verify'],
      kid: 'r1',
      label: 'prod',
      issuer: 'https://idp',
    });
    const texts = f.confusionSecrets.map((b) => new TextDecoder().decode(b));
    expect(texts).toContain(material);
    expect(texts).toContain(spkiPem);
  });
  it('JWKS: kind set, keyCount and per-member facts', async () => {
    const f = await one({
      material: JSON.stringify({
        keys: [
          { ...rsaJwk, kid: 'a' },
          { ...ecJwk, kid: 'b' },
        ],
      }),
    });
    expect(f).toMatchObject({ format: 'jwks', kind: 'set', keyCount: 2 });
    expect(f.members).toMatchObject([
      { index: 0, kid: 'a', kty: 'RSA', bits: 2048 },
      { index: 1, kid: 'b', kty: 'EC', crv: 'P-384' },
    ]);
  });
  it('caches: the same entry yields the same facts object', async () => {
    const a = await describeKeys([{ id: 'c', material: spkiPem }]);
    const b = await describeKeys([{ id: 'c', material: spkiPem }]);
    expect(b[0]).toBe(a[0]);
  });
});

describe('describeKeys: broken material has a specific code and message', () => {
  const bodyLines = spkiPem.split('\n');
  const badBase64 = [
    bodyLines[0],
    bodyLines[1],
    `${bodyLines[2]!.slice(0, 10)}$${bodyLines[2]!.slice(11)}`,
    ...bodyLines.slice(3),
  ].join('\n');
  it.each([
    [{ material: badBase64 }, 'pem-invalid', /PEM body is not valid base64 \(line 3: unexpected "\$"\)/],
    [
      { material: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----' },
      'pem-wrong-type',
      /"CERTIFICATE REQUEST" is not a key/,
    ],
    [
      { material: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----' },
      'pem-label-mismatch',
      /closed as "PRIVATE KEY"/,
    ],
    [{ material: '-----BEGIN PUBLIC KEY-----\nAAAA\n' }, 'pem-unterminated', /no "-----END PUBLIC KEY-----"/],
    [
      { material: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' },
      'pem-structure',
      /not a DER SubjectPublicKeyInfo/,
    ],
    [{ material: pkcs8Pem.replace(/PRIVATE KEY/g, 'PUBLIC KEY') }, 'pem-structure', /not a DER SubjectPublicKeyInfo/],
    [
      { material: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----' },
      'pem-encrypted',
      /passphrase/,
    ],
    [{ material: '{"kty":"RSA","n":"AQAB"}' }, 'jwk-missing-member', /RSA JWK lacks "e"/],
    [{ material: '{"kty":"EC","crv":"P-256","x":"AA"}' }, 'jwk-missing-member', /EC JWK lacks "y"/],
    [{ material: '{"kty":"EC","x":"AA","y":"AA"}' }, 'jwk-missing-member', /EC JWK lacks "crv"/],
    [{ material: '{"kty":"oct","k":""}' }, 'jwk-empty-key', /empty "k"/],
    [{ material: '{"kty":"oct","k":"a+b"}' }, 'jwk-member-base64url', /"k".*standard base64/],
    [{ material: '{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"}' }, 'key-unsupported', /secp256k1/],
    [{ material: '{"kty":"XYZ"}' }, 'key-unsupported', /"XYZ" is not supported/],
    [{ material: '{"kty":"oct"', format: 'jwk' }, 'jwk-json', /not valid JSON/],
    [{ material: '{"keys":[]}' }, 'jwks-empty', /no keys/],
    [{ material: '{"keys":{}}' }, 'jwks-invalid', /must be an array/],
    [{ material: '{"keys":[{"kty":"RSA"}]}' }, 'jwks-no-usable-key', /RSA JWK lacks "n"/],
    [{ material: 'abc', format: 'hex' }, 'hex-odd-length', /odd number of digits \(3\)/],
    [{ material: 'zz', format: 'hex' }, 'hex-invalid', /non-hex character "z" at position 0/],
    [{ material: 'a-b_', format: 'base64' }, 'base64-invalid', /"-" at position 1 \(base64url, not base64/],
    [{ material: 'ab+/', format: 'base64url' }, 'base64url-invalid', /base64url secret: .*"\+"/],
    [{ material: '' }, 'secret-empty', /empty/],
  ] as [Omit<KeyEntry, 'id'>, string, RegExp][])('%# %j → %s', async (entry, code, message) => {
    const f = await one(entry);
    expect(f.kind).toBe(entry.material.includes('"keys":[{') ? 'set' : 'invalid');
    expect(f.error?.code).toBe(code);
    expect(f.error?.message).toMatch(message);
  });

  it('an EC JWK whose point is not on the curve is invalid, other keys still work', async () => {
    const offCurve = { ...ecJwk, y: ecJwk.x };
    const [bad, good] = await describeKeys([
      { id: 'bad', material: JSON.stringify(offCurve) },
      { id: 'good', material: JSON.stringify(ecJwk) },
    ]);
    expect(bad).toMatchObject({ kind: 'invalid', error: { code: 'key-import' } });
    expect(good).toMatchObject({ kind: 'public', kty: 'EC' });
  });
  it('RSA public exponent 1 is refused', async () => {
    const f = await one({ material: JSON.stringify({ ...rsaJwk, e: 'AQ' }) });
    expect(f).toMatchObject({ kind: 'invalid', error: { code: 'rsa-bad-exponent' } });
    expect(f.error!.message).toMatch(/odd and at least 3 \(this key's "e" is 1\)/);
  });
  it('a JWKS mixing secret and asymmetric keys is refused as a whole', async () => {
    const f = await one({ material: JSON.stringify({ keys: [{ kty: 'oct', k: 'AAAA' }, rsaJwk] }) });
    expect(f).toMatchObject({ kind: 'set', error: { code: 'jwks-mixed' } });
    expect(f.error!.message).toMatch(/alg confusion/);
  });
  it('a ROCA-fingerprinted modulus is refused', async () => {
    // Wycheproof json_web_key_test group jws_rsa_roca_key (tcId 7).
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const file = fileURLToPath(new URL('../../vectors/wycheproof/json_web_key_test.json', import.meta.url));
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      testGroups: { comment: string; public?: { keys: object[] } }[];
    };
    const roca = data.testGroups.find((g) => g.comment === 'jws_rsa_roca_key')!.public!.keys[0]!;
    const f = await one({ material: JSON.stringify(roca) });
    expect(f).toMatchObject({ kind: 'invalid', roca: true, error: { code: 'rsa-roca' } });
    expect((await one({ material: spkiPem })).roca).toBeUndefined();
  });
  it('never throws on arbitrary input', async () => {
    const facts = await describeKeys([
      { id: 'a', material: '\u0000\uffff', format: 'pem' },
      { id: 'b', material: 'null', format: 'jwk' },
      { id: 'c', material: '[1]', format: 'jwks' },
      { id: 'd', material: 'x', format: 'bogus' as never },
    ]);
    expect(facts.map((f) => f.error?.code)).toEqual([
      'pem-invalid',
      'jwk-not-object',
      'jwks-not-object',
      'format-unknown',
    ]);
  });
  it('the test certificate fixture holds the key its SPKI fixture says', () => {
    expect(createPublicKey(CERT_PEM).export({ type: 'spki', format: 'pem' })).toBe(CERT_SPKI_PEM);
  });
});
