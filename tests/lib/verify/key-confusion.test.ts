import { createHmac, generateKeyPairSync } from 'node:crypto';
import { FlattenedSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { describeKeys, inspect, verifyToken } from '../../../lib/index.ts';
import type { KeyEntry } from '../../../lib/types.ts';
import { CERT_PEM } from '../keys/fixtures.ts';
import { sshLine } from '../keys/ssh-encode.ts';

const b64u = (b: Uint8Array | string): string => Buffer.from(b).toString('base64url');
const NOW = 1_800_000_000;

/** An HS* token whose MAC key is `secret` (the attacker's move: a public key's text as the secret). */
function forge(secret: string | Uint8Array, alg = 'HS256', claims: object = { sub: 'admin', exp: NOW + 600 }): string {
  const input = `${b64u(JSON.stringify({ alg, typ: 'JWT' }))}.${b64u(JSON.stringify(claims))}`;
  const mac = createHmac(`sha${alg.slice(2)}`, secret)
    .update(input)
    .digest('base64url');
  return `${input}.${mac}`;
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const spki = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const pkcs1 = rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const der = rsa.publicKey.export({ type: 'spki', format: 'der' });
const jwkJson = JSON.stringify(rsa.publicKey.export({ format: 'jwk' }));
const jwksJson = JSON.stringify({ keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1', use: 'sig' }] });
const sshRsa = sshLine(rsa.publicKey);
const sshEd = sshLine(ed.publicKey);

// [what the attacker MACed with, the public key text the user stores]
const VECTORS: [string, string, string][] = [
  ['SPKI PEM, exact bytes (final newline)', spki, spki],
  ['SPKI PEM without its final newline', spki.trimEnd(), spki],
  ['SPKI PEM with a final newline, stored without', spki, spki.trimEnd()],
  ['SPKI PEM with CRLF line ends', spki.replace(/\n/g, '\r\n'), spki],
  ['PKCS#1 PEM', pkcs1, pkcs1],
  ['the SPKI PEM of a key stored as PKCS#1', spki, pkcs1],
  ['certificate PEM', CERT_PEM, CERT_PEM],
  ['RSA JWK JSON', jwkJson, jwkJson],
  ['JWKS JSON', jwksJson, jwksJson],
  ['OpenSSH ssh-rsa line', sshRsa, sshRsa],
  ['OpenSSH ssh-ed25519 line without its comment', sshLine(ed.publicKey, ''), sshEd],
  ['OpenSSH ssh-ed25519 line with a final newline', `${sshEd}\n`, sshEd],
];

describe('key confusion never verifies (CVE-2016-10555, CVE-2022-29217, GHSA-ffqj-6fqr-9h24)', () => {
  it.each(VECTORS)('%s: stored as the public key and as a text secret', async (_name, macKey, stored) => {
    const token = forge(macKey);
    const asPublic = await verifyToken(token, [{ id: 'pub', label: 'IdP key', material: stored }]);
    expect(asPublic).toMatchObject({ status: 'key-confusion', keyId: 'pub', alg: 'HS256' });
    expect(asPublic.reason).toMatch(/as the HMAC secret: anyone holding the public key can forge/);
    const asSecret = await verifyToken(token, [{ id: 'sec', label: 'IdP key', material: stored, format: 'text' }]);
    expect(asSecret).toMatchObject({ status: 'key-confusion', keyId: 'sec', alg: 'HS256' });
    expect(asSecret.reason).toMatch(
      /the stored secret "sec" \(IdP key\), which is the text of an? \S+ (public key|certificate)/,
    );
  });

  it.each(['HS384', 'HS512'])('%s with the PEM, among other keys and secrets', async (alg) => {
    const token = forge(spki, alg);
    const ring: KeyEntry[] = [
      { id: 's1', material: 'another-secret' },
      { id: 'e', material: sshEd },
      { id: 'pem', material: spki, format: 'text' },
    ];
    expect(await verifyToken(token, ring)).toMatchObject({ status: 'key-confusion', keyId: 'pem', alg });
  });

  it('DER of the public key stored as a base64 or hex secret', async () => {
    for (const [format, material] of [
      ['base64', der.toString('base64')],
      ['hex', der.toString('hex')],
    ] as const) {
      // The secret's own bytes (the DER), and the PEM text of the key those bytes are.
      for (const macKey of [der, spki]) {
        const out = await verifyToken(forge(macKey), [{ id: format, material, format }]);
        expect(out, `${format}`).toMatchObject({ status: 'key-confusion', keyId: format });
      }
    }
  });

  it('a public key stored as a secret is never used as one: another HS256 token gets no key', async () => {
    const token = forge('a-real-secret');
    const out = await verifyToken(token, [{ id: 'pem', material: spki, format: 'text' }]);
    expect(out.status).toBe('no-key');
    expect(out.reason).toMatch(
      /key "pem" is the text of an RSA public key \(PEM\): a public key is never an HMAC secret/,
    );
    // Next to the real secret, the real secret still verifies.
    expect(
      await verifyToken(token, [
        { id: 'pem', material: spki, format: 'text' },
        { id: 'real', material: 'a-real-secret' },
      ]),
    ).toMatchObject({
      status: 'verified',
      keyId: 'real',
    });
  });

  it('text that merely resembles a key is still a secret', async () => {
    for (const material of [
      '-----BEGIN PUBLIC KEY-----',
      '{"kty":"oct","k":"c2VjcmV0"}',
      'ssh-rsa AAAA',
      '{"kty":"RSA"}',
    ]) {
      const token = forge(material);
      expect(await verifyToken(token, [{ id: 't', material, format: 'text' }]), material).toMatchObject({
        status: 'verified',
        keyId: 't',
      });
    }
  });

  it('JWS JSON serialisation: a flattened HS256 JWS MACed with the PEM', async () => {
    const jws = await new FlattenedSign(new TextEncoder().encode('{"sub":"admin"}'))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(spki));
    for (const ring of [[{ id: 'pem', material: spki }], [{ id: 'pem', material: spki, format: 'text' as const }]])
      expect(await verifyToken(JSON.stringify(jws), ring)).toMatchObject({ status: 'key-confusion', keyId: 'pem' });
  });

  it('key facts say what a public-key secret is', async () => {
    const [pem, ssh, jwk, plain] = await describeKeys([
      { id: 'a', material: spki, format: 'text' },
      { id: 'b', material: sshEd, format: 'text' },
      { id: 'c', material: jwkJson, format: 'text' },
      { id: 'd', material: 'just a secret', format: 'text' },
    ]);
    expect(pem).toMatchObject({ kind: 'secret', publicKeyText: 'an RSA public key (PEM)' });
    expect(ssh).toMatchObject({ kind: 'secret', publicKeyText: 'an Ed25519 public key (OpenSSH)' });
    expect(jwk).toMatchObject({ kind: 'secret', publicKeyText: 'an RSA public key (JWK)' });
    expect(plain!.publicKeyText).toBeUndefined();
  });

  it.each([
    ['the public key', { id: 'k', label: 'IdP key', material: spki }],
    ['a text secret', { id: 'k', label: 'IdP key', material: spki, format: 'text' as const }],
    ['an OpenSSH key', { id: 'k', label: 'IdP key', material: sshRsa }],
  ])('inspect: stored as %s, the verdict is key-confusion and alg-confusion fires', async (_name, key) => {
    const macKey = key.material;
    const i = await inspect(forge(macKey), { now: NOW, keys: [key] });
    expect(i.verification).toMatchObject({ status: 'key-confusion', keyId: 'k' });
    const f = i.findings.find((x) => x.rule === 'alg-confusion');
    expect(f?.severity).toBe('critical');
    expect(f?.message).toContain('"IdP key" as the HMAC secret');
  });
});
