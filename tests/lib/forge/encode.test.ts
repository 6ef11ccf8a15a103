import { generateKeyPairSync, createHmac } from 'node:crypto';
import { compactVerify, exportJWK, importJWK, importSPKI, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url } from '../../../lib/base64url.ts';
import {
  encodeToken,
  jsonTextError,
  keyNeededFor,
  SIGNING_ALGS,
  type SigningAlg,
  type SigningKey,
} from '../../../lib/forge/index.ts';

const utf8 = new TextEncoder();

function segmentBytes(token: string, i: number): Uint8Array {
  return decodeBase64Url(token.split('.')[i]!).bytes!;
}

const header = (alg: string) => `{"alg":"${alg}","typ":"JWT"}`;
const PAYLOAD = '{"sub":"user-1","role":"user"}';

// Keys in every form the encoder takes, minted here with node:crypto.
function rsa(bits = 2048) {
  return generateKeyPairSync('rsa', { modulusLength: bits });
}
function ec(namedCurve: string) {
  return generateKeyPairSync('ec', { namedCurve });
}
const RSA = rsa();
const P256 = ec('P-256');
const P384 = ec('P-384');
const P521 = ec('P-521');
const ED = generateKeyPairSync('ed25519');

type Pair = ReturnType<typeof rsa>;

function pemForms(pair: Pair, kind: 'rsa' | 'ec' | 'ed'): { name: string; text: string }[] {
  const forms = [
    { name: 'PKCS#8 PEM', text: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string },
    { name: 'private JWK', text: JSON.stringify(pair.privateKey.export({ format: 'jwk' })) },
  ];
  if (kind === 'rsa')
    forms.push({ name: 'PKCS#1 PEM', text: pair.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string });
  if (kind === 'ec')
    forms.push({ name: 'SEC1 PEM', text: pair.privateKey.export({ type: 'sec1', format: 'pem' }) as string });
  return forms;
}

const ASYMMETRIC: [SigningAlg, Pair, 'rsa' | 'ec' | 'ed'][] = [
  ['RS256', RSA, 'rsa'],
  ['RS384', RSA, 'rsa'],
  ['RS512', RSA, 'rsa'],
  ['PS256', RSA, 'rsa'],
  ['PS384', RSA, 'rsa'],
  ['PS512', RSA, 'rsa'],
  ['ES256', P256, 'ec'],
  ['ES384', P384, 'ec'],
  ['ES512', P521, 'ec'],
  ['EdDSA', ED, 'ed'],
];

async function encode(alg: SigningAlg, key: SigningKey, headerText = header(alg)) {
  return encodeToken({ headerText, payloadText: PAYLOAD, signing: { mode: 'sign', alg, key } });
}

describe('encodeToken: byte-exact', () => {
  it('encodes the typed text byte for byte and signs HS256 so jose verifies it', async () => {
    const headerText = '{"alg":"HS256", "typ":"JWT","typ":"at+jwt"}';
    const payloadText =
      '{\n  "n": 1.0e3,\n  "name": "\\u00e9t\\u00e9",\n\t"a":1, "a":2 ,"big": 12345678901234567890\n}';
    const secret = utf8.encode('a-long-enough-secret-for-hs256-0123456789');
    const r = await encodeToken({
      headerText,
      payloadText,
      signing: { mode: 'sign', alg: 'HS256', key: { kind: 'secret', bytes: secret } },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(segmentBytes(r.value.token, 0)).toEqual(utf8.encode(headerText));
    expect(segmentBytes(r.value.token, 1)).toEqual(utf8.encode(payloadText));
    expect(r.value.signingInput).toBe(r.value.token.slice(0, r.value.token.lastIndexOf('.')));
    const v = await compactVerify(r.value.token, secret, { algorithms: ['HS256'] });
    expect(new TextDecoder().decode(v.payload)).toBe(payloadText);
  });

  it('keeps non-ASCII text as its UTF-8 bytes', async () => {
    const payloadText = '{"name":"Zoë ✓ 𝄞"}';
    const r = await encodeToken({
      headerText: '{"alg":"none"}',
      payloadText,
      signing: { mode: 'fixed', signature: '', trailingDot: true },
    });
    expect(r.ok && segmentBytes(r.value.token, 1)).toEqual(utf8.encode(payloadText));
  });

  it('fixed signatures: as given, with or without the trailing dot', async () => {
    const base = { headerText: '{"alg":"none"}', payloadText: '{}' };
    const dot = await encodeToken({ ...base, signing: { mode: 'fixed', signature: '', trailingDot: true } });
    const noDot = await encodeToken({ ...base, signing: { mode: 'fixed', signature: '', trailingDot: false } });
    const sig = await encodeToken({ ...base, signing: { mode: 'fixed', signature: 'AAAA', trailingDot: false } });
    expect(dot.ok && dot.value.token).toBe('eyJhbGciOiJub25lIn0.e30.');
    expect(noDot.ok && noDot.value.token).toBe('eyJhbGciOiJub25lIn0.e30');
    expect(sig.ok && sig.value.token).toBe('eyJhbGciOiJub25lIn0.e30.AAAA');
  });

  it('refuses text that is not a JSON object, with line and column', async () => {
    const r = await encodeToken({
      headerText: '{"alg":"HS256"}',
      payloadText: '{\n  "sub": "x",\n  "role": admin\n}',
      signing: { mode: 'fixed', signature: '', trailingDot: true },
    });
    expect(r).toEqual({
      ok: false,
      error: { code: 'payload-json', message: 'payload JSON, line 3, column 11: unexpected character "a"' },
    });
    const h = await encodeToken({
      headerText: '[1]',
      payloadText: '{}',
      signing: { mode: 'fixed', signature: '', trailingDot: true },
    });
    expect(h.ok === false && h.error.code).toBe('header-json');
  });
});

describe('encodeToken: every alg × key type', () => {
  it.each(['HS256', 'HS384', 'HS512'] as const)('%s with a secret verifies with jose', async (alg) => {
    const secret = utf8.encode('x'.repeat(64));
    const r = await encode(alg, { kind: 'secret', bytes: secret });
    expect(r.ok).toBe(true);
    if (r.ok) await expect(compactVerify(r.value.token, secret, { algorithms: [alg] })).resolves.toBeTruthy();
  });

  for (const [alg, pair, kind] of ASYMMETRIC)
    for (const form of pemForms(pair, kind))
      it(`${alg} with a ${form.name} verifies with jose against the public key`, async () => {
        const r = await encode(alg, { kind: 'private', text: form.text });
        expect(r.ok ? 'ok' : r.error).toBe('ok');
        if (!r.ok) return;
        const pub = await importSPKI(pair.publicKey.export({ type: 'spki', format: 'pem' }) as string, alg);
        const v = await compactVerify(r.value.token, pub, { algorithms: [alg] });
        expect(new TextDecoder().decode(v.payload)).toBe(PAYLOAD);
        // ES* signatures are raw r||s (RFC 7518 §3.4), not DER.
        const size = { ES256: 64, ES384: 96, ES512: 132 }[alg as string];
        if (size) expect(segmentBytes(r.value.token, 2).length).toBe(size);
      });

  it('none signs with nothing: header.payload.', async () => {
    const r = await encode('none', { kind: 'none' });
    expect(r.ok && r.value.token.endsWith('.')).toBe(true);
    expect(r.ok && r.value.token.split('.')).toHaveLength(3);
  });

  it('the empty key signs only when allowed (empty-key variant), as HMAC with a zero-length key', async () => {
    const refused = await encode('HS256', { kind: 'secret', bytes: new Uint8Array(0) });
    expect(refused.ok === false && refused.error.code).toBe('secret-empty');
    const r = await encode('HS256', { kind: 'secret', bytes: new Uint8Array(0), allowEmpty: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const expected = createHmac('sha256', Buffer.alloc(0)).update(r.value.signingInput).digest('base64url');
    expect(r.value.token.split('.')[2]).toBe(expected);
  });

  it('SIGNING_ALGS lists every JWS alg and none', () => {
    expect([...SIGNING_ALGS].sort()).toEqual(
      [
        'HS256',
        'HS384',
        'HS512',
        'RS256',
        'RS384',
        'RS512',
        'PS256',
        'PS384',
        'PS512',
        'ES256',
        'ES384',
        'ES512',
        'EdDSA',
        'none',
      ].sort(),
    );
  });
});

describe('encodeToken: specific key errors', () => {
  const pkcs8 = (p: Pair) => p.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  it('a key of the wrong type names both', async () => {
    const r = await encode('ES256', { kind: 'private', text: pkcs8(RSA) });
    expect(r).toEqual({
      ok: false,
      error: { code: 'sign-key-type', message: 'ES256 needs a P-256 private key; this is an RSA key' },
    });
    const curve = await encode('ES256', { kind: 'private', text: pkcs8(P384) });
    expect(curve.ok === false && curve.error.message).toBe('ES256 needs a P-256 private key; this is a P-384 key');
    const ed = await encode('RS256', { kind: 'private', text: pkcs8(ED) });
    expect(ed.ok === false && ed.error).toMatchObject({
      code: 'sign-key-type',
      message: expect.stringContaining('an Ed25519 key'),
    });
  });
  it('a secret for an asymmetric alg, a private key for HMAC, no key at all', async () => {
    const a = await encode('RS256', { kind: 'secret', bytes: utf8.encode('secret') });
    expect(a.ok === false && a.error.code).toBe('sign-key-type');
    const b = await encode('HS256', { kind: 'private', text: pkcs8(RSA) });
    expect(b.ok === false && b.error).toEqual({
      code: 'sign-key-type',
      message: 'HS256 needs an HMAC secret; a private key was given',
    });
    const c = await encode('ES256', { kind: 'none' });
    expect(c.ok === false && c.error.code).toBe('sign-key-missing');
    const d = await encode('ES256', { kind: 'private', text: '  ' });
    expect(d.ok === false && d.error.code).toBe('sign-key-missing');
  });
  it('a public key where a private one is needed', async () => {
    const spki = P256.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const r = await encode('ES256', { kind: 'private', text: spki });
    expect(r.ok === false && r.error).toEqual({
      code: 'sign-key-public',
      message: 'ES256 needs a P-256 private key; this is a P-256 key (public part only): paste the private key',
    });
    const jwk = JSON.stringify(
      await exportJWK(await importJWK((await exportJWK(P256.publicKey as never)) as JWK, 'ES256')),
    );
    const j = await encode('ES256', { kind: 'private', text: jwk });
    expect(j.ok === false && j.error.code).toBe('sign-key-public');
  });
  it('an RSA key under 2048 bits', async () => {
    const small = rsa(1024);
    const r = await encode('RS256', { kind: 'private', text: pkcs8(small) });
    expect(r.ok === false && r.error).toEqual({
      code: 'sign-rsa-short',
      message: 'RS256 needs an RSA key of at least 2048 bits (RFC 7518 §3.3); this one has 1024 bits',
    });
  });
  it('text that is no key', async () => {
    const r = await encode('RS256', { kind: 'private', text: 'hello' });
    expect(r.ok === false && r.error.code).toBe('sign-key-type');
    const pem = await encode('RS256', {
      kind: 'private',
      text: '-----BEGIN PRIVATE KEY-----\n$$$\n-----END PRIVATE KEY-----',
    });
    expect(pem.ok).toBe(false);
  });
  it('keyNeededFor says what each alg needs', () => {
    expect(keyNeededFor('HS256')).toBe('an HMAC secret');
    expect(keyNeededFor('PS384')).toBe('an RSA private key of at least 2048 bits');
    expect(keyNeededFor('ES512')).toBe('a P-521 private key');
    expect(keyNeededFor('EdDSA')).toBe('an Ed25519 private key');
  });
});

describe('encodeToken: allowInvalidJson', () => {
  it('encodes broken JSON byte for byte and returns the errors beside the token', async () => {
    const headerText = '{"alg":"HS256",}';
    const payloadText = "{'sub': 1}";
    const secret = utf8.encode('x'.repeat(32));
    const r = await encodeToken(
      { headerText, payloadText, signing: { mode: 'sign', alg: 'HS256', key: { kind: 'secret', bytes: secret } } },
      { allowInvalidJson: true },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(segmentBytes(r.value.token, 0)).toEqual(utf8.encode(headerText));
    expect(segmentBytes(r.value.token, 1)).toEqual(utf8.encode(payloadText));
    expect(r.value.jsonErrors?.map((e) => [e.part, e.line, e.column])).toEqual([
      ['header', 1, 15],
      ['payload', 1, 2],
    ]);
    const good = await encodeToken(
      { headerText: '{}', payloadText: '{}', signing: { mode: 'fixed', signature: '', trailingDot: true } },
      { allowInvalidJson: true },
    );
    expect(good.ok && good.value.jsonErrors).toEqual([]);
  });
  it("takes the caller's JSON errors for these texts instead of checking them again", async () => {
    const known = [jsonTextError('{"a":', 'payload')!];
    const r = await encodeToken(
      { headerText: '{}', payloadText: '{"a":', signing: { mode: 'fixed', signature: '', trailingDot: true } },
      { allowInvalidJson: true, knownJsonErrors: known },
    );
    expect(r.ok && r.value.jsonErrors).toEqual(known);
    expect(r.ok && r.value.token).toBe(`e30.${Buffer.from('{"a":').toString('base64url')}.`);
  });
});
