import { createHmac, X509Certificate } from 'node:crypto';
import {
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  importX509,
  SignJWT,
  type JWK,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64Url } from '../../../lib/base64url.ts';
import { decodeToken } from '../../../lib/decode-token.ts';
import {
  forgeVariant,
  inspect,
  VARIANTS,
  variantsFor,
  type ForgeContext,
  type ForgedVariant,
  type Inspection,
  type KeyEntry,
  type VariantId,
} from '../../../lib/index.ts';

const NOW = 1_700_000_100;
const utf8 = new TextEncoder();
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const seg = (token: string, i: number) => token.split('.')[i] ?? '';
const bytesOf = (token: string, i: number) => decodeBase64Url(seg(token, i)).bytes!;
const rules = (i: Inspection) => i.findings.map((f) => f.rule);

const CLAIMS = {
  sub: 'user-1',
  role: 'user',
  aud: 'api',
  iss: 'https://issuer.example',
  iat: NOW - 100,
  exp: NOW + 3600,
};

let rsToken: string;
let esToken: string;
let hsToken: string;
let rsPem: string;
let ring: KeyEntry[];
let ctx: ForgeContext;
const HS_SECRET = 'secret';

async function forge(id: VariantId, token: string, params: Record<string, string> = {}, c: ForgeContext = ctx) {
  const r = await forgeVariant(id, token, params, c);
  if (!r.ok) throw new Error(`${id}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  const rsa = await generateKeyPair('RS256', { extractable: true });
  rsPem = await exportSPKI(rsa.publicKey);
  rsToken = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' }).sign(rsa.privateKey);
  const es = await generateKeyPair('ES256', { extractable: true });
  esToken = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'ES256' }).sign(es.privateKey);
  hsToken = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'HS256' }).sign(utf8.encode(HS_SECRET));
  ring = [
    { id: 'rsa', label: 'server key', material: rsPem },
    { id: 'ec', label: 'ec key', material: JSON.stringify(await exportJWK(es.publicKey)) },
  ];
  ctx = { keys: ring, now: NOW };
});

function expectSameParts(forged: ForgedVariant, source: string, parts: ('header' | 'payload')[]) {
  for (const p of parts) {
    const i = p === 'header' ? 0 : 1;
    expect(text(bytesOf(forged.token, i)), p).toBe(text(bytesOf(source, i)));
  }
}

describe('VARIANTS', () => {
  it('lists every variant once, each with what it tests and a reference', () => {
    expect(VARIANTS.map((v) => v.id)).toEqual([
      'alg-none',
      'alg-none-case',
      'strip-signature',
      'empty-signature',
      'foreign-signature',
      'key-confusion',
      'embedded-jwk',
      'jku',
      'x5u',
      'kid-injection',
      'psychic-signature',
      'empty-key',
      'claim-tamper',
      'resign-known-secret',
    ]);
    for (const v of VARIANTS) {
      expect(v.tests.length, v.id).toBeGreaterThan(20);
      expect(v.reference, v.id).toMatch(/RFC \d+|CVE-\d{4}-\d+/);
    }
  });
  it('variantsFor: only what applies to the token and the context', () => {
    const bare = variantsFor(decodeToken(rsToken)).map((v) => v.id);
    expect(bare).not.toContain('psychic-signature');
    expect(bare).not.toContain('key-confusion');
    expect(bare).not.toContain('foreign-signature');
    expect(bare).not.toContain('resign-known-secret');
    expect(bare).toContain('alg-none');
    expect(variantsFor(decodeToken(esToken)).map((v) => v.id)).toContain('psychic-signature');
    const full = variantsFor(decodeToken(rsToken), { keys: ring, crackedSecret: 'x', otherTokens: [hsToken] }).map(
      (v) => v.id,
    );
    expect(full).toEqual(expect.arrayContaining(['key-confusion', 'foreign-signature', 'resign-known-secret']));
    expect(variantsFor(decodeToken('eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn'))).toEqual([]);
  });
  it('answers errors as values', async () => {
    expect(await forgeVariant('nope' as VariantId, rsToken, {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'variant-unknown' },
    });
    expect(await forgeVariant('alg-none', 'not a token', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'segment-count' },
    });
    expect(await forgeVariant('key-confusion', rsToken, {}, { keys: [] })).toMatchObject({
      ok: false,
      error: { code: 'variant-not-applicable' },
    });
    expect(await forgeVariant('jku', rsToken, { url: 'javascript:alert(1)' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'variant-param' },
    });
  });
});

describe('alg none, stripped and empty signatures', () => {
  it('alg-none: "none" with and without the trailing dot, payload byte-identical; flagged alg-none', async () => {
    const out = await forge('alg-none', rsToken);
    expect(out.map((f) => f.label)).toEqual(['alg: none, trailing dot', 'alg: none, no trailing dot']);
    expect(out[0]!.token.split('.')).toHaveLength(3);
    expect(out[0]!.token.endsWith('.')).toBe(true);
    expect(out[1]!.token.split('.')).toHaveLength(2);
    for (const f of out) {
      expectSameParts(f, rsToken, ['payload']);
      expect(text(bytesOf(f.token, 0))).toBe('{"alg":"none","kid":"k1","typ":"JWT"}');
      expect(rules(await inspect(f.token, { keys: ring, now: NOW }))).toContain('alg-none');
    }
  });
  it('alg-none-case: None, NONE, nOnE, each with and without the dot; flagged alg-none', async () => {
    const out = await forge('alg-none-case', rsToken);
    expect(out).toHaveLength(6);
    expect(out.map((f) => decodeProtectedHeader(f.token.endsWith('.') ? f.token : `${f.token}.`).alg)).toEqual([
      'None',
      'None',
      'NONE',
      'NONE',
      'nOnE',
      'nOnE',
    ]);
    for (const f of out) expect(rules(await inspect(f.token, { now: NOW }))).toContain('alg-none');
  });
  it('strip-signature: header.payload exactly as sent; flagged signature-missing', async () => {
    const [f] = await forge('strip-signature', rsToken);
    expect(f!.token).toBe(rsToken.slice(0, rsToken.lastIndexOf('.')));
    const i = await inspect(f!.token, { keys: ring, now: NOW });
    expect(rules(i)).toContain('signature-missing');
    expect(i.findings.find((x) => x.rule === 'signature-missing')?.message).toMatch(/no signature segment at all/);
  });
  it('empty-signature: header.payload. ; flagged signature-missing', async () => {
    const [f] = await forge('empty-signature', rsToken);
    expect(f!.token).toBe(rsToken.slice(0, rsToken.lastIndexOf('.') + 1));
    expect(rules(await inspect(f!.token, { keys: ring, now: NOW }))).toContain('signature-missing');
  });
  it('foreign-signature: another token’s signature on this header and payload; the ring key rejects it', async () => {
    const other = await new SignJWT({ sub: 'other' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(utf8.encode('another-secret'));
    const out = await forge('foreign-signature', hsToken, {}, { ...ctx, otherTokens: [other, hsToken] });
    expect(out).toHaveLength(1);
    expect(seg(out[0]!.token, 2)).toBe(seg(other, 2));
    expectSameParts(out[0]!, hsToken, ['header', 'payload']);
    await expect(compactVerify(out[0]!.token, utf8.encode(HS_SECRET))).rejects.toThrow();
    const i = await inspect(out[0]!.token, {
      keys: [{ id: 's', material: HS_SECRET }],
      now: NOW,
      quickSecretCheck: false,
    });
    expect(i.verification).toMatchObject({ status: 'invalid', code: 'bad-signature' });
  });
});

describe('key confusion', () => {
  it('RSA: every byte variant verifies as HS256 with exactly those bytes, and is answered key-confusion', async () => {
    const out = await forge('key-confusion', rsToken, { key: 'rsa' });
    expect(out.map((f) => f.label.replace(/^.*: /, ''))).toEqual([
      'SPKI PEM with final newline',
      'SPKI PEM without final newline',
      'PKCS#1 PEM with final newline',
      'PKCS#1 PEM without final newline',
      'SPKI DER',
      'PKCS#1 DER',
      'JWK JSON',
    ]);
    const spki = rsPem.trim();
    for (const f of out) {
      expect(f.input.signing.mode).toBe('sign');
      if (f.input.signing.mode !== 'sign' || f.input.signing.key.kind !== 'secret') throw new Error('not a secret');
      const secret = f.input.signing.key.bytes;
      await compactVerify(f.token, secret, { algorithms: ['HS256'] });
      expect(decodeProtectedHeader(f.token).alg).toBe('HS256');
      expectSameParts(f, rsToken, ['payload']);
      const i = await inspect(f.token, { keys: ring, now: NOW });
      expect(i.verification, f.label).toMatchObject({
        status: 'key-confusion',
        code: 'key-confusion',
        keyId: 'rsa',
        summary: 'HMAC keyed with public key «server key»',
      });
      expect(rules(i)).toContain('alg-confusion');
    }
    // The PEM variants are exactly the PEM text, with and without the final newline.
    const pemSecrets = out
      .slice(0, 2)
      .map((f) =>
        f.input.signing.mode === 'sign' && f.input.signing.key.kind === 'secret' ? text(f.input.signing.key.bytes) : '',
      );
    expect(pemSecrets).toEqual([`${spki}\n`, spki]);
  });
  it('HS384 and an EC key from the ring (as JWK)', async () => {
    const out = await forge('key-confusion', esToken, { key: 'ec', alg: 'HS384' });
    expect(out.map((f) => f.label.replace(/^.*: /, ''))).toEqual([
      'SPKI PEM with final newline',
      'SPKI PEM without final newline',
      'SPKI DER',
      'JWK JSON',
      // The ring holds jose's JWK export, whose member order differs from the canonical JWK text.
      'the key text as stored',
    ]);
    for (const f of out) {
      if (f.input.signing.mode !== 'sign' || f.input.signing.key.kind !== 'secret') throw new Error('not a secret');
      await compactVerify(f.token, f.input.signing.key.bytes, { algorithms: ['HS384'] });
      const i = await inspect(f.token, { keys: ring, now: NOW });
      expect(i.verification.summary).toBe('HMAC keyed with public key «ec key»');
    }
  });
  it('with the token’s own jwk: flagged with no key in the ring', async () => {
    const [carrier] = await forge('embedded-jwk', rsToken);
    const out = await forge('key-confusion', carrier!.token, { key: 'jwk' }, { keys: [] });
    expect(out.length).toBeGreaterThanOrEqual(5);
    for (const f of out) {
      const i = await inspect(f.token, { now: NOW });
      expect(i.verification, f.label).toMatchObject({
        status: 'key-confusion',
        summary: 'HMAC keyed with public key «carried "jwk"»',
      });
      expect(rules(i)).toEqual(expect.arrayContaining(['embedded-key', 'alg-confusion']));
      expect(i.findings.find((x) => x.rule === 'alg-confusion')?.message).toMatch(
        /the public key the token carries \("jwk"\)/,
      );
    }
  });
  it('with the token’s own x5c certificate', async () => {
    const [hosted] = await forge('x5u', rsToken, { url: 'https://attacker.example/cert.pem' });
    const der = Buffer.from(hosted!.hostJwks!.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64');
    const carrier = await new SignJWT(CLAIMS)
      .setProtectedHeader({ alg: 'HS256', x5c: [der] })
      .sign(utf8.encode('x'.repeat(32)));
    const out = await forge('key-confusion', carrier, { key: 'x5c' }, { keys: [] });
    const [first] = out;
    expect(first!.label).toContain('the token’s own "x5c" certificate');
    expect((await inspect(first!.token, { now: NOW })).verification.summary).toBe(
      'HMAC keyed with public key «carried "x5c"»',
    );
  });
});

describe('keys the token names or carries', () => {
  it('embedded-jwk: verifies with its embedded key, never trusted', async () => {
    for (const [source, kty] of [
      [rsToken, 'RSA'],
      [esToken, 'EC'],
    ] as const) {
      const [f] = await forge('embedded-jwk', source);
      const header = decodeProtectedHeader(f!.token);
      expect((header.jwk as JWK).kty).toBe(kty);
      expect(header.jwk).not.toHaveProperty('d');
      await compactVerify(f!.token, await importJWK(header.jwk as JWK, header.alg), { algorithms: [header.alg!] });
      expect(JSON.parse(f!.privateKey!)).toHaveProperty('d');
      const i = await inspect(f!.token, { now: NOW });
      expect(i.verification).toMatchObject({
        code: 'embedded-key',
        summary: 'signed with the key it carries ("jwk") — untrusted',
      });
      expect(i.verification.status).not.toBe('verified');
      expect(rules(i)).toContain('embedded-key');
      // With the ring's own key it is still not verified, and still named.
      const withRing = await inspect(f!.token, { keys: ring, now: NOW });
      expect(withRing.verification).toMatchObject({ status: 'invalid', code: 'embedded-key' });
      // A caller that knows the key is meant to be carried (DPoP) may trust it.
      expect((await inspect(f!.token, { now: NOW, trustCarriedKey: true })).verification).toMatchObject({
        status: 'verified',
        code: 'verified',
      });
    }
  });
  it('a carried x5c certificate that signed the token is named the same way', async () => {
    const [hosted] = await forge('x5u', esToken, { url: 'https://attacker.example/c.pem', kind: 'P-256' });
    const der = hosted!.hostJwks!.replace(/-----[^-]+-----|\s/g, '');
    const priv = await importJWK(JSON.parse(hosted!.privateKey!) as JWK, 'ES256');
    const token = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'ES256', x5c: [der] }).sign(priv);
    expect((await inspect(token, { now: NOW })).verification).toMatchObject({
      code: 'embedded-key',
      summary: 'signed with the certificate it carries ("x5c") — untrusted',
    });
  });
  it('jku: signed with a fresh key whose JWKS to host verifies it; flagged remote-key-url', async () => {
    const url = 'https://attacker.example/.well-known/jwks.json';
    const [f] = await forge('jku', rsToken, { url });
    const header = decodeProtectedHeader(f!.token);
    expect(header).toMatchObject({ alg: 'RS256', jku: url });
    const jwks = JSON.parse(f!.hostJwks!) as { keys: JWK[] };
    expect(header.kid).toBe(jwks.keys[0]!.kid);
    await compactVerify(f!.token, createLocalJWKSet(jwks));
    expect(rules(await inspect(f!.token, { now: NOW }))).toContain('remote-key-url');
  });
  it.each(['RSA-2048', 'P-256', 'Ed25519'])(
    'x5u (%s): a self-signed certificate to host that verifies the token and itself',
    async (kind) => {
      const url = 'https://attacker.example/cert.pem';
      const [f] = await forge('x5u', rsToken, { url, kind });
      const header = decodeProtectedHeader(f!.token);
      expect(header.x5u).toBe(url);
      const cert = new X509Certificate(f!.hostJwks!);
      expect(cert.subject).toBe('CN=JWT Lens forged x5u');
      expect(cert.verify(cert.publicKey)).toBe(true);
      await compactVerify(f!.token, await importX509(f!.hostJwks!, header.alg!), { algorithms: [header.alg!] });
      expect(rules(await inspect(f!.token, { now: NOW }))).toContain('remote-key-url');
    },
  );
  it('kid-injection: each payload signed with the key its lookup yields; flagged kid-injection', async () => {
    const out = await forge('kid-injection', rsToken, { sqlSecret: 'pwned' });
    const kids = out.map((f) => decodeProtectedHeader(f.token).kid);
    expect(kids).toEqual([
      '../../../../../../dev/null',
      '/proc/sys/kernel/randomize_va_space',
      "' UNION SELECT 'pwned' --",
      '| sleep 5',
    ]);
    const secrets = ['', '2\n', 'pwned', ''];
    for (const [n, f] of out.entries()) {
      const input = f.token.slice(0, f.token.lastIndexOf('.'));
      expect(seg(f.token, 2)).toBe(createHmac('sha256', secrets[n]!).update(input).digest('base64url'));
      expect(rules(await inspect(f.token, { now: NOW }))).toContain('kid-injection');
    }
    expect(await forge('kid-injection', rsToken, { payload: 'sql' })).toHaveLength(1);
  });
});

describe('signatures anyone can make', () => {
  it.each([
    ['ES256', 64],
    ['ES384', 96],
    ['ES512', 132],
  ])('psychic-signature %s: r = s = 0 raw (%i zero bytes); named and flagged', async (alg, size) => {
    const [f] = await forge('psychic-signature', esToken, { alg });
    expect(decodeProtectedHeader(f!.token).alg).toBe(alg);
    expect(bytesOf(f!.token, 2)).toEqual(new Uint8Array(size));
    expectSameParts(f!, esToken, ['payload']);
    for (const keys of [[], ring]) {
      const i = await inspect(f!.token, { keys, now: NOW });
      expect(i.verification).toMatchObject({
        status: 'invalid',
        code: 'psychic-signature',
        summary: 'r = s = 0: psychic signature',
      });
      expect(rules(i)).toContain('psychic-signature');
    }
  });
  it('empty-key: HMAC with a zero-length key; flagged weak-hmac-secret', async () => {
    const [f] = await forge('empty-key', rsToken);
    const input = f!.token.slice(0, f!.token.lastIndexOf('.'));
    expect(seg(f!.token, 2)).toBe(createHmac('sha256', Buffer.alloc(0)).update(input).digest('base64url'));
    const i = await inspect(f!.token, { now: NOW });
    expect(i.findings.find((x) => x.rule === 'weak-hmac-secret')?.message).toBeDefined();
    const [h512] = await forge('empty-key', rsToken, { alg: 'HS512' });
    expect(bytesOf(h512!.token, 2)).toHaveLength(64);
  });
});

describe('claims', () => {
  it('claim-tamper: each preset edits the payload text only; the original signature no longer verifies', async () => {
    const hsRing = [{ id: 's', label: 'the secret', material: HS_SECRET }];
    const out = await forge('claim-tamper', hsToken, {}, { keys: hsRing, now: NOW });
    const source = text(bytesOf(hsToken, 1));
    const payloads = out.map((f) => f.input.payloadText);
    expect(payloads).toEqual([
      source.replace('"role":"user"', '"role":"admin"'),
      source.replace('}', ',"admin":true}'),
      source.replace('"sub":"user-1"', '"sub":"admin"'),
      source.replace(',"aud":"api"', ''),
      source.replace('"aud":"api"', '"aud":"https://other-service.example"'),
      source.replace(`"exp":${NOW + 3600}`, `"exp":${NOW + 10 * 365 * 24 * 3600}`),
      source.replace('"iss":"https://issuer.example"', '"iss":"https://attacker.example"'),
    ]);
    for (const f of out) {
      expect(seg(f.token, 0)).toBe(seg(hsToken, 0));
      expect(seg(f.token, 2)).toBe(seg(hsToken, 2));
      const i = await inspect(f.token, { keys: hsRing, now: NOW, quickSecretCheck: false });
      expect(i.verification, f.label).toMatchObject({ status: 'invalid', code: 'bad-signature' });
    }
    expect(rules(await inspect(out[3]!.token, { now: NOW }))).toContain('aud-missing');
    expect(rules(await inspect(out[5]!.token, { now: NOW }))).toContain('long-lifetime');
  });
  it('claim-tamper: a chosen preset and value, re-signed too when the secret was found', async () => {
    const out = await forge(
      'claim-tamper',
      hsToken,
      { preset: 'role-admin', value: 'root' },
      { keys: [], crackedSecret: HS_SECRET },
    );
    expect(out.map((f) => f.label)).toEqual([
      'role: root, original signature',
      'role: root, re-signed with the found secret',
    ]);
    await compactVerify(out[1]!.token, utf8.encode(HS_SECRET));
    expect(await forgeVariant('claim-tamper', hsToken, { preset: 'exp-far' }, { keys: [] })).toMatchObject({
      ok: false,
      error: { code: 'variant-param' },
    });
  });
  it('resign-known-secret: with the found secret (flagged weak-hmac-secret) or a ring secret (verified)', async () => {
    const [found] = await forge('resign-known-secret', rsToken, {}, { keys: [], crackedSecret: 'hunter2' });
    expect(decodeProtectedHeader(found!.token).alg).toBe('HS256');
    await compactVerify(found!.token, utf8.encode('hunter2'), { algorithms: ['HS256'] });
    const i = await inspect(found!.token, { now: NOW, crackedSecret: 'hunter2' });
    expect(rules(i)).toContain('weak-hmac-secret');
    const ringSecret = { id: 'sec', label: 'team secret', material: 'a-much-longer-team-secret-0123456789abcdef' };
    const [viaRing] = await forge('resign-known-secret', hsToken, { secret: 'sec' }, { keys: [...ring, ringSecret] });
    expectSameParts(viaRing!, hsToken, ['header', 'payload']);
    const v = await inspect(viaRing!.token, { keys: [ringSecret], now: NOW });
    expect(v.verification).toMatchObject({ status: 'verified', keyId: 'sec' });
  });
});
