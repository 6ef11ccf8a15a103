import { calculateJwkThumbprint, compactVerify, importJWK, importPKCS8, importSPKI, CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { encodeToken, generateKeyPair, KEY_PAIR_KINDS, keyPairKindFor } from '../../../lib/forge/index.ts';

describe('generateKeyPair', () => {
  it.each(KEY_PAIR_KINDS.filter((k) => k !== 'RSA-3072' && k !== 'RSA-4096'))(
    '%s: signs through the encoder, verifies with its public JWK and PEM; kid is the RFC 7638 thumbprint',
    async (kind) => {
      const pair = await generateKeyPair(kind);
      expect(pair.kid).toBe(await calculateJwkThumbprint(pair.publicJwk, 'sha256'));
      expect(pair.publicJwk).toMatchObject({ kid: pair.kid, alg: pair.alg, use: 'sig' });
      expect(pair.publicJwk).not.toHaveProperty('d');
      expect(pair.privateJwk).toHaveProperty('d');
      expect(JSON.parse(pair.jwks)).toEqual({ keys: [pair.publicJwk] });
      expect(pair.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
      expect(pair.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      const r = await encodeToken({
        headerText: `{"alg":"${pair.alg}","kid":"${pair.kid}"}`,
        payloadText: '{"sub":"x"}',
        signing: { mode: 'sign', alg: pair.alg, key: { kind: 'private', text: pair.privatePem } },
      });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      await compactVerify(r.value.token, await importJWK(pair.publicJwk, pair.alg), { algorithms: [pair.alg] });
      await compactVerify(r.value.token, await importSPKI(pair.publicPem, pair.alg), { algorithms: [pair.alg] });
      // The private PEM is a real PKCS#8 key for jose too.
      const other = await new CompactSign(new TextEncoder().encode('x'))
        .setProtectedHeader({ alg: pair.alg })
        .sign(await importPKCS8(pair.privatePem, pair.alg));
      await compactVerify(other, await importJWK(pair.publicJwk, pair.alg));
    },
  );
  it('makes RSA keys of the asked size', async () => {
    const pair = await generateKeyPair('RSA-3072');
    expect(pair.alg).toBe('RS256');
    expect(Buffer.from(pair.publicJwk.n!, 'base64url').length * 8).toBe(3072);
  }, 30_000);
  it('keyPairKindFor maps algs to kinds', () => {
    expect(['RS256', 'PS512', 'HS256', 'ES256', 'ES384', 'ES512', 'EdDSA'].map(keyPairKindFor)).toEqual([
      'RSA-2048',
      'RSA-2048',
      'RSA-2048',
      'P-256',
      'P-384',
      'P-521',
      'Ed25519',
    ]);
  });
});
