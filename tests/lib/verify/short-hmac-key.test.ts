import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { inspect, verifyToken } from '../../../lib/index.ts';

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const NOW = 1_800_000_000;
const sign = (alg: string, key: Uint8Array) =>
  new SignJWT({ sub: 'u1', iss: 'https://idp.example', aud: 'api', iat: NOW, exp: NOW + 600 })
    .setProtectedHeader({ alg })
    .sign(key);

describe('an oct JWK shorter than the hash verifies (as in jose and pyjwt) with the short-hmac-key finding', () => {
  it.each([
    ['HS256', 16],
    ['HS384', 32],
    ['HS512', 48],
    ['HS256', 1],
  ])('%s with a %i-byte JWK', async (alg, bytes) => {
    const key = randomBytes(bytes);
    const token = await sign(alg, key);
    const entry = { id: 'j', label: 'short JWK', material: JSON.stringify({ kty: 'oct', k: b64u(key) }) };
    expect(await verifyToken(token, [entry])).toMatchObject({ status: 'verified', keyId: 'j', alg });
    const i = await inspect(token, { now: NOW, keys: [entry] });
    expect(i.verification).toMatchObject({ status: 'verified', keyId: 'j' });
    const f = i.findings.find((x) => x.rule === 'short-hmac-key');
    expect(f?.message).toContain(`"short JWK" is ${bytes} bytes (${bytes * 8} bits)`);
    // A wrong short key is still invalid.
    const wrong = { ...entry, material: JSON.stringify({ kty: 'oct', k: b64u(randomBytes(bytes)) }) };
    expect((await verifyToken(token, [wrong])).status).toBe('invalid');
  });

  it('a short member of a JWK Set verifies too, and a full-length JWK raises no finding', async () => {
    const key = randomBytes(20);
    const token = await sign('HS256', key);
    const jwks = JSON.stringify({ keys: [{ kty: 'oct', kid: 's', k: b64u(key) }] });
    expect(await verifyToken(token, [{ id: 'set', material: jwks }])).toMatchObject({
      status: 'verified',
      keyId: 'set',
    });
    const full = randomBytes(32);
    const fullToken = await sign('HS256', full);
    const i = await inspect(fullToken, {
      now: NOW,
      keys: [{ id: 'f', material: JSON.stringify({ kty: 'oct', k: b64u(full) }) }],
    });
    expect(i.verification.status).toBe('verified');
    expect(i.findings.map((x) => x.rule)).not.toContain('short-hmac-key');
  });

  it('an empty "k" is still refused', async () => {
    const token = await sign('HS256', randomBytes(32));
    const out = await verifyToken(token, [{ id: 'e', material: '{"kty":"oct","k":""}' }]);
    expect(out.status).toBe('no-key');
    expect(out.reason).toMatch(/empty "k"/);
  });
});
