import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { describeKeys, inferKeyFormat, verifyToken } from '../../../lib/index.ts';
import { isSecretKey } from '../../../lib/key-ring/key-secrecy.ts';
import { validKeyEntry } from '../../../lib/key-ring/key-ring.ts';
import { parseSshPublicKey } from '../../../lib/keys/ssh.ts';
import { sshBlob, sshLine, sshMpint, sshRfc4716, sshString } from './ssh-encode.ts';
import {
  SSH_ED25519_PEM,
  SSH_ED25519_PUB,
  SSH_P384_PEM,
  SSH_P384_PUB,
  SSH_RSA_PEM,
  SSH_RSA_PUB,
  SSH_RSA_RFC4716,
} from './ssh-fixtures.ts';

const sign = (alg: string, key: KeyObject) => new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg }).sign(key);

const facts = async (material: string) => (await describeKeys([{ id: 'ssh', label: 'deploy key', material }]))[0]!;

interface Case {
  name: string;
  pair: () => { publicKey: KeyObject; privateKey: KeyObject };
  algs: string[];
  kty: string;
  bits: number;
  crv?: string;
}

const CASES: Case[] = [
  {
    name: 'ssh-rsa',
    pair: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
    algs: ['RS256', 'RS512', 'PS256', 'PS384'],
    kty: 'RSA',
    bits: 2048,
  },
  {
    name: 'ssh-ed25519',
    pair: () => generateKeyPairSync('ed25519'),
    algs: ['EdDSA', 'Ed25519'],
    kty: 'OKP',
    bits: 256,
    crv: 'Ed25519',
  },
  {
    name: 'ecdsa-sha2-nistp256',
    pair: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    algs: ['ES256'],
    kty: 'EC',
    bits: 256,
    crv: 'P-256',
  },
  {
    name: 'ecdsa-sha2-nistp384',
    pair: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }),
    algs: ['ES384'],
    kty: 'EC',
    bits: 384,
    crv: 'P-384',
  },
  {
    name: 'ecdsa-sha2-nistp521',
    pair: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }),
    algs: ['ES512'],
    kty: 'EC',
    bits: 521,
    crv: 'P-521',
  },
];

describe('OpenSSH public keys in the key ring', () => {
  it.each(CASES)('$name: detected, described, and verifies its tokens', async (c) => {
    const { publicKey, privateKey } = c.pair();
    const line = sshLine(publicKey);
    expect(line.startsWith(`${c.name} AAAA`)).toBe(true);
    expect(inferKeyFormat(line)).toBe('ssh');
    const f = await facts(line);
    expect(f).toMatchObject({ format: 'ssh', kind: 'public', kty: c.kty, bits: c.bits });
    expect(f.error).toBeUndefined();
    if (c.crv) expect(f.crv).toBe(c.crv);
    const other = c.pair();
    for (const alg of c.algs) {
      const token = await sign(alg, privateKey);
      expect(await verifyToken(token, [{ id: 'ssh', material: line }]), alg).toMatchObject({
        status: 'verified',
        keyId: 'ssh',
        alg,
      });
      // Also without a comment, with the format given, and in RFC 4716 armour.
      expect((await verifyToken(token, [{ id: 'bare', material: sshLine(publicKey, ''), format: 'ssh' }])).status).toBe(
        'verified',
      );
      expect((await verifyToken(token, [{ id: '4716', material: sshRfc4716(publicKey) }])).status).toBe('verified');
      // Another key of the same type does not verify it.
      expect((await verifyToken(token, [{ id: 'other', material: sshLine(other.publicKey) }])).status).toBe('invalid');
    }
  });

  it('the test encoder writes exactly what ssh-keygen writes', () => {
    for (const [pem, pub] of [
      [SSH_ED25519_PEM, SSH_ED25519_PUB],
      [SSH_P384_PEM, SSH_P384_PUB],
      [SSH_RSA_PEM, SSH_RSA_PUB],
    ] as const)
      expect(sshLine(createPublicKey(createPrivateKey(pem)))).toBe(pub);
  });

  it.each([
    ['ssh-ed25519', SSH_ED25519_PEM, SSH_ED25519_PUB, 'EdDSA', 'OKP', 256],
    ['ecdsa-sha2-nistp384', SSH_P384_PEM, SSH_P384_PUB, 'ES384', 'EC', 384],
    ['ssh-rsa', SSH_RSA_PEM, SSH_RSA_PUB, 'RS256', 'RSA', 2048],
    ['RFC 4716 (ssh-keygen -e)', SSH_RSA_PEM, SSH_RSA_RFC4716, 'PS256', 'RSA', 2048],
  ])('%s made by ssh-keygen verifies a token of its private key', async (_name, pem, pub, alg, kty, bits) => {
    const token = await sign(alg, createPrivateKey(pem));
    expect(await facts(pub)).toMatchObject({ format: 'ssh', kind: 'public', kty, bits });
    expect(await verifyToken(token, [{ id: 'ssh', material: pub }])).toMatchObject({
      status: 'verified',
      keyId: 'ssh',
    });
  });

  it('reads the comment, the RFC 4716 Comment header and its continuation line', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    expect(parseSshPublicKey(sshLine(publicKey, 'me@laptop two words'))).toMatchObject({
      ok: true,
      sshType: 'ssh-ed25519',
      comment: 'me@laptop two words',
    });
    expect(parseSshPublicKey(sshRfc4716(publicKey, 'split across lines'))).toMatchObject({
      ok: true,
      comment: 'split across lines',
    });
    const jwk = publicKey.export({ format: 'jwk' });
    const r = parseSshPublicKey(sshLine(publicKey));
    expect(r.ok && r.jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
  });

  it('an RSA modulus with its high bit set loses the mpint sign byte in the JWK', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const r = parseSshPublicKey(sshLine(publicKey));
    expect(r.ok && r.jwk).toEqual({ kty: 'RSA', n: jwk.n, e: jwk.e });
  });

  it('is public material: not masked, and a stored entry may declare the ssh format', () => {
    expect(isSecretKey({ material: SSH_ED25519_PUB })).toBe(false);
    expect(isSecretKey({ material: SSH_ED25519_PUB, format: 'ssh' })).toBe(false);
    expect(validKeyEntry({ id: 'k', material: SSH_ED25519_PUB, format: 'ssh' })).toEqual({
      id: 'k',
      material: SSH_ED25519_PUB,
      format: 'ssh',
    });
  });
});

describe('broken OpenSSH text gets a specific error code', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
  const ed = generateKeyPairSync('ed25519').publicKey;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  const line = (type: string, ...parts: Buffer[]) => `${type} ${Buffer.concat(parts).toString('base64')} c`;
  const point = (key: KeyObject) => {
    const jwk = key.export({ format: 'jwk' });
    return [Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')] as const;
  };
  const [x, y] = point(ec);
  const edBlob = sshBlob(ed).blob;
  const offCurve = Buffer.from(y);
  offCurve[offCurve.length - 1]! ^= 1;

  it.each([
    [
      'non-base64 character',
      `ssh-ed25519 ${edBlob.toString('base64').slice(0, 20)}!${edBlob.toString('base64').slice(21)}`,
      'ssh-base64',
      /non-base64 character "!"/,
    ],
    [
      'cut short inside the key',
      `ssh-ed25519 ${edBlob.subarray(0, 40).toString('base64')}`,
      'ssh-truncated',
      /ends before its Ed25519 key/,
    ],
    ['cut short base64', `ssh-ed25519 ${edBlob.toString('base64').slice(0, 49)}`, 'ssh-base64', /not valid base64/],
    [
      'line type differs from the key data',
      `ssh-rsa ${edBlob.toString('base64')}`,
      'ssh-type-mismatch',
      /says "ssh-rsa" but the key data is "ssh-ed25519"/,
    ],
    [
      'curve name differs from the type',
      line(
        'ecdsa-sha2-nistp256',
        sshString('ecdsa-sha2-nistp256'),
        sshString('nistp384'),
        sshString(Buffer.concat([Buffer.from([4]), x, y])),
      ),
      'ssh-type-mismatch',
      /names the curve "nistp384"/,
    ],
    [
      'compressed EC point',
      line(
        'ecdsa-sha2-nistp256',
        sshString('ecdsa-sha2-nistp256'),
        sshString('nistp256'),
        sshString(Buffer.concat([Buffer.from([2]), x])),
      ),
      'ssh-ec-point',
      /must be uncompressed/,
    ],
    [
      'EC point off the curve',
      line(
        'ecdsa-sha2-nistp256',
        sshString('ecdsa-sha2-nistp256'),
        sshString('nistp256'),
        sshString(Buffer.concat([Buffer.from([4]), x, offCurve])),
      ),
      'key-import',
      /could not be imported/,
    ],
    [
      'Ed25519 key of 31 bytes',
      line('ssh-ed25519', sshString('ssh-ed25519'), sshString(Buffer.alloc(31, 1))),
      'ssh-structure',
      /32 bytes, this one is 31/,
    ],
    [
      'negative RSA modulus',
      line('ssh-rsa', sshString('ssh-rsa'), sshMpint('AQAB'), sshString(Buffer.from([0x80, 1, 2]))),
      'ssh-structure',
      /modulus is negative/,
    ],
    [
      'bytes after the key',
      line('ssh-ed25519', edBlob, Buffer.from([0])),
      'ssh-trailing-data',
      /1 bytes after the key/,
    ],
    [
      'DSA key',
      line('ssh-dss', sshString('ssh-dss'), sshString(Buffer.alloc(8))),
      'ssh-unsupported',
      /"ssh-dss" is not supported/,
    ],
    [
      'security-key type',
      line('sk-ssh-ed25519@openssh.com', sshString('sk-ssh-ed25519@openssh.com')),
      'ssh-unsupported',
      /is not supported/,
    ],
    [
      'OpenSSH certificate',
      line('ssh-ed25519-cert-v01@openssh.com', sshString('ssh-ed25519-cert-v01@openssh.com')),
      'ssh-unsupported',
      /certificates .* are not supported/,
    ],
    ['two keys in one entry', `${sshLine(ed)}\n${sshLine(rsa)}`, 'ssh-multiple-keys', /2 lines/],
    [
      'RFC 4716 without its END line',
      sshRfc4716(ed).replace('---- END SSH2 PUBLIC KEY ----\n', ''),
      'ssh-armour',
      /no "---- END SSH2 PUBLIC KEY ----" line/,
    ],
    [
      'OpenSSH private key',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
      'ssh-private-key',
      /paste the public key/,
    ],
  ])('%s → %s', async (_name, material, code, message) => {
    const f = await facts(material);
    expect(f.kind).toBe('invalid');
    expect(f.error?.code).toBe(code);
    expect(f.error?.message).toMatch(message);
  });

  it('a line with the ssh format but no key data', async () => {
    expect((await describeKeys([{ id: 'k', material: 'ssh-rsa', format: 'ssh' }]))[0]!.error?.code).toBe(
      'ssh-missing-key',
    );
  });
});

describe('OpenSSH detection', () => {
  it('needs a key type and a blob starting AAAA; other text stays a secret', () => {
    expect(inferKeyFormat(`  ${SSH_ED25519_PUB}\n`)).toBe('ssh');
    expect(inferKeyFormat(SSH_RSA_RFC4716)).toBe('ssh');
    expect(inferKeyFormat('ssh-key for staging')).toBe('text');
    expect(inferKeyFormat('ssh-rsa')).toBe('text');
    expect(inferKeyFormat('ecdsa-sha2-nistp256 not-base64')).toBe('text');
    expect(isSecretKey({ material: 'ssh-key for staging' })).toBe(true);
  });
});
