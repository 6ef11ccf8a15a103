import { createHmac, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inspect, verifyToken } from '../../../lib/index.ts';

const NOW = 1_800_000_000;
const std = (text: string): string => Buffer.from(text).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

// JSON whose base64 needs "=" padding (a length that is not a multiple of 3), the way AWS ALB's
// x-amzn-oidc-data is sent.
function needsPadding(value: Record<string, unknown>): string {
  for (let fill = ''; ; fill += 'x') {
    const json = JSON.stringify({ ...value, ...(fill ? { fill } : {}) });
    if (json.length % 3 !== 0) return json;
  }
}
const HEADER = (alg: string) => needsPadding({ alg, typ: 'JWT', kid: 'alb-key-1', signer: 'arn:aws:elb:x' });
const CLAIMS = needsPadding({ sub: 'u-123', email: 'a@example.com', exp: NOW + 60, iss: 'https://alb.example' });

function signInput(alg: string, key: KeyObject | string, input: string): Buffer {
  const hash = `sha${alg.slice(2)}`;
  if (alg.startsWith('HS'))
    return createHmac(hash, key as string)
      .update(input)
      .digest();
  if (alg.startsWith('ES'))
    return nodeSign(hash, Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  if (alg.startsWith('PS'))
    return nodeSign(hash, Buffer.from(input), {
      key: key as KeyObject,
      padding: 6,
      saltLength: Number(alg.slice(2)) / 8,
    });
  if (alg === 'EdDSA') return nodeSign(null, Buffer.from(input), key as KeyObject);
  return nodeSign(hash, Buffer.from(input), key as KeyObject);
}

/** A token whose three segments keep their "=" padding, signed over the padded text. */
function padded(alg: string, key: KeyObject | string, claims = CLAIMS): string {
  const input = `${std(HEADER(alg))}.${std(claims)}`;
  return `${input}.${signInput(alg, key, input).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
}

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }) as string;

describe('padded or non-canonical base64url tokens verify over their original bytes', () => {
  it.each([
    ['ES256', ec],
    ['RS256', rsa],
    ['PS256', rsa],
    ['EdDSA', ed],
  ] as const)('%s with "=" padding in every segment', async (alg, pair) => {
    const token = padded(alg, pair.privateKey);
    const [h, p, s] = token.split('.');
    expect(h!.endsWith('=') && p!.endsWith('=') && s!.endsWith('=')).toBe(true);
    const keys = [{ id: 'alb', material: pem(pair.publicKey) }];
    const out = await verifyToken(token, keys);
    expect(out).toMatchObject({ status: 'verified', keyId: 'alb', alg });
    expect(out.reason).toMatch(/over the token text as sent/);
    const i = await inspect(token, { now: NOW, keys });
    expect(i.verification.status).toBe('verified');
    expect(i.findings.filter((f) => f.rule === 'base64-noncanonical').length).toBeGreaterThanOrEqual(2);
  });

  it('HS256 with padding, and the MAC covers the padding: without it the same MAC is invalid', async () => {
    const token = padded('HS256', 'alb-secret');
    expect(await verifyToken(token, [{ id: 's', material: 'alb-secret' }])).toMatchObject({ status: 'verified' });
    const stripped = token.replace(/=+(?=\.|$)/g, '');
    expect((await verifyToken(stripped, [{ id: 's', material: 'alb-secret' }])).status).toBe('invalid');
  });

  it('a signature over the canonical text does not verify the padded spelling', async () => {
    const input = `${std(HEADER('ES256'))}.${std(CLAIMS)}`;
    const canonicalInput = input.replace(/=/g, '');
    const sig = signInput('ES256', ec.privateKey, canonicalInput).toString('base64url');
    const out = await verifyToken(`${input}.${sig}`, [{ id: 'k', material: pem(ec.publicKey) }]);
    expect(out.status).toBe('invalid');
    expect(out.reason).toMatch(/signature verification failed/);
  });

  it('non-zero spare bits in the last character, signed as sent, verify; tampered claims do not', async () => {
    const header = std(JSON.stringify({ alg: 'ES256' })).replace(/=+$/, '');
    // 13 bytes: the last of 18 characters carries 4 spare bits, zero when canonical; set one.
    const payload = std(JSON.stringify({ sub: 'u12' })).replace(/=+$/, '');
    const last = payload.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twisted = `${payload.slice(0, -1)}${alphabet[alphabet.indexOf(last) | 1]}`;
    expect(twisted).not.toBe(payload);
    const input = `${header}.${twisted}`;
    const token = `${input}.${signInput('ES256', ec.privateKey, input).toString('base64url')}`;
    const keys = [{ id: 'k', material: pem(ec.publicKey) }];
    expect(await verifyToken(token, keys)).toMatchObject({ status: 'verified', keyId: 'k' });
    const i = await inspect(token, { now: NOW, keys });
    expect(i.findings.find((f) => f.rule === 'base64-noncanonical')?.message).toMatch(/non-zero spare bits/);
    const tampered = `${header}.${std(JSON.stringify({ sub: 'u13' })).replace(/=+$/, '')}.${token.split('.')[2]}`;
    expect((await verifyToken(tampered, keys)).status).toBe('invalid');
  });

  it('JWS JSON serialisation with padded members verifies as sent too', async () => {
    const token = padded('ES256', ec.privateKey);
    const [h, p, sig] = token.split('.');
    const keys = [{ id: 'k', material: pem(ec.publicKey) }];
    const flat = JSON.stringify({ protected: h, payload: p, signature: sig });
    expect(await verifyToken(flat, keys)).toMatchObject({ status: 'verified', keyId: 'k' });
    const general = JSON.stringify({ payload: p, signatures: [{ protected: h, signature: sig }] });
    expect(await verifyToken(general, keys)).toMatchObject({ status: 'verified', keyId: 'k' });
    const tampered = JSON.stringify({ protected: h, payload: std('{"sub":"admin"}'), signature: sig });
    expect((await verifyToken(tampered, keys)).status).toBe('invalid');
  });

  it('the wrong key, or an RSA key under 2048 bits (the floor jose applies), is invalid', async () => {
    const token = padded('RS256', rsa.privateKey);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect((await verifyToken(token, [{ id: 'o', material: pem(other.publicKey) }])).status).toBe('invalid');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const out = await verifyToken(padded('RS256', small.privateKey), [{ id: 's', material: pem(small.publicKey) }]);
    expect(out.status).toBe('invalid');
    expect(out.reason).toMatch(/2048 bits or larger/);
  });
});
