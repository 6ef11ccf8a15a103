import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { CompactEncrypt, FlattenedSign, GeneralSign, importJWK } from 'jose';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../lib/index.ts';
import type { KeyEntry, TokenContext } from '../../lib/types.ts';
import { NOW, goodClaims, hs, rs, rsaKeys, rulesOf } from './rules/helpers.ts';

const vectors = fileURLToPath(new URL('../vectors/', import.meta.url));
const known = JSON.parse(readFileSync(`${vectors}known_tokens.json`, 'utf8')) as {
  cases: { name: string; token?: string; hs256_secret?: string }[];
};

const hardened: TokenContext = {
  source: 'cookie',
  name: '__Host-session',
  url: 'https://api.example.com/v1/me',
  cookieAttributes: { httpOnly: true, secure: true, sameSite: 'Strict' },
};
const rsaKey = (): KeyEntry => ({
  id: 'idp',
  label: 'IdP key',
  material: rsaKeys().publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  issuer: 'https://idp.example.com',
});

describe('inspect', () => {
  it('gives a fresh, well-formed RS256 token in a hardened cookie, with its key stored, verified and zero findings', async () => {
    const i = await inspect(rs(goodClaims()), { now: NOW, keys: [rsaKey()], context: hardened });
    expect(i.kind).toBe('jws');
    expect(i.verification.status).toBe('verified');
    expect(i.verification.keyId).toBe('idp');
    expect(i.findings).toEqual([]);
    expect(i.header).toMatchObject({ alg: 'RS256', kid: 'k1' });
    expect(i.payload).toMatchObject({ sub: 'user-1' });
  });

  it('keeps verified and time findings apart: an expired token with a good signature is verified plus expired', async () => {
    const token = rs(goodClaims({ iat: NOW - 7200, exp: NOW - 3600 }));
    const i = await inspect(token, { now: NOW, keys: [rsaKey()], context: hardened });
    expect(i.verification.status).toBe('verified');
    expect(rulesOf(i)).toEqual(['expired']);
    expect(i.findings[0]!.message).toContain('expired 1 h ago');
  });

  it('reports a tampered token as invalid, and lists findings most severe first', async () => {
    const token = rs(goodClaims());
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url')}.${s}`;
    const i = await inspect(forged, { now: NOW, keys: [rsaKey()] });
    expect(i.verification.status).toBe('invalid');
    expect(rulesOf(i)).toEqual(['exp-missing', 'iss-missing', 'aud-missing']);
  });

  it.each(['jwt.io-legacy-default-HS256', 'jwt-cracker-README-HS256'])(
    'finds the leaked secret of %s',
    async (name) => {
      const c = known.cases.find((k) => k.name === name)!;
      const i = await inspect(c.token!, { now: NOW });
      const f = i.findings.find((x) => x.rule === 'weak-hmac-secret');
      expect(f?.message).toBe(
        `Signed with HS256 using the secret "${c.hs256_secret}", found in the list of 104k leaked secrets.`,
      );
      expect(f?.severity).toBe('critical');
    },
  );

  it('does not claim a weak secret for a secret outside the list, but reports one found by a search', async () => {
    const c = known.cases.find((k) => k.name === 'jwt.io-current-default-HS256')!;
    const plain = await inspect(c.token!, { now: NOW });
    expect(rulesOf(plain)).not.toContain('weak-hmac-secret');
    const searched = await inspect(c.token!, { now: NOW, crackedSecret: c.hs256_secret! });
    expect(searched.findings.find((f) => f.rule === 'weak-hmac-secret')?.message).toContain(
      'found by the wordlist search',
    );
    const wrong = await inspect(c.token!, { now: NOW, crackedSecret: 'not-the-secret' });
    expect(rulesOf(wrong)).not.toContain('weak-hmac-secret');
  });

  it('detects algorithm confusion with the stored public key PEM as HMAC secret (real describeKeys)', async () => {
    const key = rsaKey();
    const token = hs(key.material, goodClaims());
    const i = await inspect(token, { now: NOW, keys: [key] });
    const f = i.findings.find((x) => x.rule === 'alg-confusion');
    expect(f?.severity).toBe('critical');
    expect(f?.message).toContain('"IdP key" as the HMAC secret');
    const other = await inspect(hs(randomBytes(32), goodClaims()), { now: NOW, keys: [key] });
    expect(other.findings.find((x) => x.rule === 'alg-confusion')?.severity).toBe('high');
  });

  it('shows the decrypted payload of a JWE, and runs claim rules on it', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const text = JSON.stringify({ sub: 'u', exp: NOW + 300 });
    const jwe = await new CompactEncrypt(new TextEncoder().encode(text))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(publicKey);
    const key: KeyEntry = { id: 'enc', material: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const i = await inspect(jwe, { now: NOW, keys: [key] });
    expect(i.kind).toBe('jwe');
    expect(i.header).toEqual({ alg: 'RSA-OAEP-256', enc: 'A256GCM' });
    expect(i.verification.status).toBe('verified');
    expect(i.payload).toEqual({ sub: 'u', exp: NOW + 300 });
    expect(rulesOf(i)).toEqual(['iss-missing', 'aud-missing']);
    const locked = await inspect(jwe, { now: NOW });
    expect(locked.payload).toBeUndefined();
    expect(locked.findings).toEqual([]);
  });

  it('decodes and verifies JWS JSON serialisation, flattened and general', async () => {
    const secret = randomBytes(32);
    const jwk = await importJWK({ kty: 'oct', k: secret.toString('base64url') }, 'HS256');
    const payload = new TextEncoder().encode(JSON.stringify(goodClaims()));
    const flat = await new FlattenedSign(payload).setProtectedHeader({ alg: 'HS256' }).sign(jwk);
    const general = await new GeneralSign(payload).addSignature(jwk).setProtectedHeader({ alg: 'HS256' }).sign();
    const key: KeyEntry = { id: 's', material: secret.toString('base64url'), format: 'base64url' };
    for (const doc of [flat, general]) {
      const i = await inspect(JSON.stringify(doc, null, 2), { now: NOW, keys: [key], context: hardened });
      expect(i.kind).toBe('jws');
      expect(i.header).toEqual({ alg: 'HS256' });
      expect(i.payload).toMatchObject({ sub: 'user-1' });
      expect(i.verification.status).toBe('verified');
      expect(i.findings).toEqual([]);
    }
    const bad = await inspect('{"payload": 5}', { now: NOW });
    expect(bad.kind).toBe('malformed');
    expect(bad.error?.code).toBe('jws-json-payload');
  });

  it('returns malformed with a specific code, and whatever did decode', async () => {
    const empty = await inspect('   ');
    expect(empty).toMatchObject({ kind: 'malformed', error: { code: 'empty' } });
    const two = await inspect('abc.def');
    expect(two.error).toEqual({
      code: 'segment-count',
      message: 'A compact JWS has 3 dot-separated segments and a JWE has 5; this token has 2.',
    });
    const good = rs(goodClaims());
    const [h, p] = good.split('.');
    const badPayload = await inspect(`${h}.${p}!.sig`);
    expect(badPayload.kind).toBe('malformed');
    expect(badPayload.error?.code).toBe('payload-base64');
    expect(badPayload.header).toMatchObject({ alg: 'RS256' });
    expect(badPayload.verification.status).toBe('not-applicable');
    expect(await inspect(42 as unknown as string)).toMatchObject({ kind: 'malformed', error: { code: 'not-text' } });
  });

  it('flags alg none from the known vectors, and the stripped signature', async () => {
    for (const name of ['synthetic-alg-none', 'synthetic-alg-None', 'synthetic-alg-NONE', 'synthetic-alg-nOnE']) {
      const i = await inspect(known.cases.find((k) => k.name === name)!.token!, { now: NOW });
      expect(i.kind).toBe('unsecured');
      expect(i.findings[0]!.rule).toBe('alg-none');
    }
  });
});

describe('inspect without keys', () => {
  it('answers no-key exactly as verifyToken does, without calling it', async () => {
    const { verifyToken } = await import('../../lib/verify/index.ts');
    const { pickVerification, verificationCode } = await import('../../lib/inspect/index.ts');
    const { decodeAny } = await import('../../lib/decode-token.ts');
    for (const token of [rs(goodClaims()), hs('x', goodClaims()), hs('x', goodClaims(), {}, 'HS512')]) {
      const i = await inspect(token, { now: NOW });
      const slow = await verifyToken(token, []);
      expect(i.verification).toEqual(pickVerification(slow, verificationCode(slow, decodeAny(token), 0)));
      expect(i.verification.status).toBe('no-key');
    }
  });
});
