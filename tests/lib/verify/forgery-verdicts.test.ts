import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../../lib/decode-token.ts';
import { carriedKeyParam, carriedKeyVerdict, psychicVerdict, verifyToken } from '../../../lib/verify/index.ts';

const b64u = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');
const input = (header: object) => `${b64u(JSON.stringify(header))}.${b64u('{"sub":"x"}')}`;

describe('psychicVerdict', () => {
  it('names r = 0, s = 0 and both, only at the raw length', () => {
    const one = new Uint8Array(32).fill(1);
    const zero = new Uint8Array(32);
    const cat = (a: Uint8Array, b: Uint8Array) => Uint8Array.from([...a, ...b]);
    const h = input({ alg: 'ES256' });
    expect(psychicVerdict(decodeToken(`${h}.${b64u(cat(zero, zero))}`))?.summary).toBe('r = s = 0: psychic signature');
    expect(psychicVerdict(decodeToken(`${h}.${b64u(cat(zero, one))}`))?.summary).toBe('r = 0: psychic signature');
    expect(psychicVerdict(decodeToken(`${h}.${b64u(cat(one, zero))}`))?.summary).toBe('s = 0: psychic signature');
    expect(psychicVerdict(decodeToken(`${h}.${b64u(cat(one, one))}`))).toBeUndefined();
    expect(psychicVerdict(decodeToken(`${h}.${b64u(new Uint8Array(96))}`))).toBeUndefined();
    expect(psychicVerdict(decodeToken(`${input({ alg: 'RS256' })}.${b64u(new Uint8Array(64))}`))).toBeUndefined();
  });
  it('is the answer of verifyToken before any key is tried', async () => {
    const t = `${input({ alg: 'ES512' })}.${b64u(new Uint8Array(132))}`;
    expect(await verifyToken(t, [])).toMatchObject({ status: 'invalid', code: 'psychic-signature', alg: 'ES512' });
  });
});

describe('carriedKeyVerdict', () => {
  it('finds the carried key parameter', () => {
    expect(carriedKeyParam({ jwk: { kty: 'EC' } })).toBe('jwk');
    expect(carriedKeyParam({ x5c: ['MIIB'] })).toBe('x5c');
    expect(carriedKeyParam({ jwk: 'text', x5c: [] })).toBeUndefined();
    expect(carriedKeyParam(undefined)).toBeUndefined();
  });
  it('is undefined when the carried key did not sign the token', async () => {
    const signer = await generateKeyPair('ES256');
    const other = await generateKeyPair('ES256', { extractable: true });
    const t = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(other.publicKey) })
      .sign(signer.privateKey);
    expect(await carriedKeyVerdict(decodeToken(t))).toBeUndefined();
    const plain = await verifyToken(t, []);
    expect(plain.status).toBe('no-key');
    expect(plain.code).toBeUndefined();
  });
  it('never trusts a carried key unless asked to', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const t = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(publicKey) })
      .sign(privateKey);
    expect(await carriedKeyVerdict(decodeToken(t))).toMatchObject({ code: 'embedded-key' });
    expect(await verifyToken(t, [])).toMatchObject({ status: 'no-key', code: 'embedded-key' });
    expect(await verifyToken(t, [], { trustCarriedKey: true })).toMatchObject({ status: 'verified', code: 'verified' });
  });
  it('HS* MACed with the carried key’s text is key confusion, with no key stored', async () => {
    const pub = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const jwk = pub.export({ format: 'jwk' });
    const pem = pub.export({ type: 'spki', format: 'pem' }) as string;
    const t = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', jwk }).sign(new TextEncoder().encode(pem));
    expect(await verifyToken(t, [])).toMatchObject({
      status: 'key-confusion',
      code: 'key-confusion',
      summary: 'HMAC keyed with public key «carried "jwk"»',
    });
  });
});
