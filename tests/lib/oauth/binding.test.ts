import { createHash, generateKeyPairSync, createHmac, sign } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../../lib/decode-token.ts';
import { inspect } from '../../../lib/inspect/index.ts';
import { athOf, athOfSync, leftHalfHash, leftHalfHashSync } from '../../../lib/oauth/hashes.ts';
import { normaliseHtu } from '../../../lib/oauth/htu.ts';
import { dpopChecks, verifyDpopProof } from '../../../lib/oauth/dpop.ts';
import { ath, b64u, dpopProof, proofJwk, rs256, sentIn } from './mint.ts';

// RFC 9449 §4.1 (Figure 3/4): the example proof for a token request and its key; §7.1: the access token and ath.
const RFC_PROOF =
  'eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg';
const RFC_IAT = 1562262616;
const RFC_ACCESS_TOKEN = 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU';
const RFC_ATH = 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo';
// RFC 9449 §6.1 gives the key's thumbprint as 0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I.
const RFC_JKT = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I';
// RFC 7638 §3.1: the RFC 7517 Appendix A.1 RSA key and its SHA-256 thumbprint.
const RFC7638_KEY = {
  kty: 'RSA',
  e: 'AQAB',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
};

const tokenRequest = sentIn('DPoP', 'https://server.example.com/token', RFC_IAT * 1000, { method: 'POST' });

describe('RFC 9449 and RFC 7638 example values', () => {
  it('computes the RFC 9449 §7.1 ath of the example access token (WebCrypto and sync)', async () => {
    expect(await athOf(RFC_ACCESS_TOKEN)).toBe(RFC_ATH);
    expect(athOfSync(RFC_ACCESS_TOKEN)).toBe(RFC_ATH);
  });

  it('verifies the RFC 9449 example proof with its embedded key and gives the key thumbprint', async () => {
    const { verification, jkt } = await verifyDpopProof(decodeToken(RFC_PROOF));
    expect(verification.status).toBe('verified');
    expect(verification.reason).toBe('signed with its embedded key — correct for a DPoP proof (RFC 9449 §4.3)');
    expect(jkt).toBe(RFC_JKT);
  });

  it('rejects the example proof once a byte of its signature changes', async () => {
    const broken = RFC_PROOF.slice(0, -2) + (RFC_PROOF.endsWith('Lg') ? 'Lw' : 'Lg');
    expect((await verifyDpopProof(decodeToken(broken))).verification.status).toBe('invalid');
  });

  it('matches the RFC 7638 §3.1 thumbprint (the function the jkt check uses)', async () => {
    expect(await calculateJwkThumbprint(RFC7638_KEY, 'sha256')).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('inspects the RFC proof: verified by its own key, every check passes, no generic alarms', async () => {
    const i = await inspect(RFC_PROOF, { now: RFC_IAT + 3600, sightings: [tokenRequest] });
    expect(i.tokenKind?.kind).toBe('dpop');
    expect(i.verification.status).toBe('verified');
    expect(i.verification.reason).toContain('embedded key');
    expect(i.findings.map((f) => f.rule)).toEqual([]);
    const byRule = Object.fromEntries(i.checks!.map((c) => [c.rule, c.status]));
    expect(byRule).toMatchObject({
      'dpop-bad-key': 'pass',
      'dpop-typ-invalid': 'pass',
      'dpop-jti-missing': 'pass',
      'dpop-iat-stale': 'pass',
      'dpop-htm-mismatch': 'pass',
      'dpop-htu-mismatch': 'pass',
      'dpop-ath-mismatch': 'unchecked',
    });
  });

  it('never tries the key ring on a proof, and reports its checks as findings when they fail', async () => {
    const i = await inspect(RFC_PROOF, {
      now: RFC_IAT,
      keys: [{ id: 'k', material: 'a-secret-that-is-long-enough-for-hs256!!' }],
      sightings: [sentIn('DPoP', 'https://server.example.com/token', (RFC_IAT + 900) * 1000, { method: 'GET' })],
    });
    expect(i.verification.status).toBe('verified');
    expect(i.findings.map((f) => f.rule).sort()).toEqual(['dpop-htm-mismatch', 'dpop-iat-stale']);
  });
});

describe('ath and cnf.jkt', () => {
  const NOW = 1_800_000_000;
  const API = 'https://api.example.com/orders';

  it('checks ath against the access token sent with the proof and cnf.jkt against the proof key', async () => {
    const jkt = await calculateJwkThumbprint(proofJwk as never, 'sha256');
    const bound = rs256(
      { sub: 'alice', cnf: { jkt }, client_id: 'spa', aud: 'https://api.example.com' },
      { typ: 'at+jwt' },
    );
    const proof = dpopProof({ jti: 'j', htm: 'GET', htu: API, iat: NOW, ath: ath(bound) });
    const ok = await inspect(proof, {
      now: NOW,
      sightings: [sentIn('DPoP', API, NOW * 1000)],
      peers: { accessTokens: [bound] },
    });
    expect(ok.findings).toEqual([]);
    expect(ok.checks!.filter((c) => c.status === 'pass').map((c) => c.rule)).toEqual(
      expect.arrayContaining(['dpop-ath-mismatch', 'dpop-jkt-mismatch']),
    );
    const other = rs256({ sub: 'alice', cnf: { jkt: 'not-this-key' } });
    const bad = await inspect(proof, {
      now: NOW,
      sightings: [sentIn('DPoP', API, NOW * 1000)],
      peers: { accessTokens: [other] },
    });
    expect(bad.findings.map((f) => f.rule).sort()).toEqual(['dpop-ath-mismatch', 'dpop-jkt-mismatch']);
  });

  it('says a proof without ath sent with an access token is unbound', () => {
    const checks = dpopChecks({
      claims: { jti: 'j', htm: 'GET', htu: API, iat: NOW },
      header: { typ: 'dpop+jwt', alg: 'ES256', jwk: proofJwk as Record<string, unknown> },
      sightings: [sentIn('DPoP', API, NOW * 1000)],
      now: NOW,
      clockSkew: 0,
      accessTokens: [{ token: 'at', ath: ath('at') }],
    });
    expect(checks.find((c) => c.rule === 'dpop-ath-mismatch')).toMatchObject({ status: 'fail' });
  });

  it('honours the clock skew in the iat window', () => {
    const base = {
      claims: { jti: 'j', htm: 'GET', htu: API, iat: NOW - 400 },
      header: { typ: 'dpop+jwt', alg: 'ES256', jwk: proofJwk as Record<string, unknown> },
      sightings: [sentIn('DPoP', API, NOW * 1000)],
      now: NOW,
      accessTokens: [],
    };
    const status = (clockSkew: number) =>
      dpopChecks({ ...base, clockSkew }).find((c) => c.rule === 'dpop-iat-stale')!.status;
    expect(status(0)).toBe('fail');
    expect(status(120)).toBe('pass');
  });

  it('rejects symmetric and private keys and alg none in the proof header', () => {
    const check = (header: Record<string, unknown>) =>
      dpopChecks({ header, claims: {}, sightings: [], now: NOW, clockSkew: 0, accessTokens: [] }).find(
        (c) => c.rule === 'dpop-bad-key',
      )!;
    expect(check({ alg: 'HS256', jwk: { kty: 'oct', k: 'AAAA' } }).message).toContain('symmetric');
    expect(check({ alg: 'ES256', jwk: { ...proofJwk, d: 'x' } }).message).toContain('private key material');
    expect(check({ alg: 'none', jwk: proofJwk }).message).toContain('not an asymmetric');
    expect(check({ alg: 'ES256' }).message).toContain('no "jwk"');
    expect(check({ alg: 'ES256', jwk: proofJwk }).status).toBe('pass');
  });
});

describe('at_hash / c_hash (OIDC Core §3.1.3.6, §3.3.2.11)', () => {
  const value = 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y';
  const nodeHalf = (bits: number, v: string) => {
    const d = createHash(`sha${bits}`).update(v, 'ascii').digest();
    return b64u(d.subarray(0, d.length / 2));
  };
  for (const family of ['HS', 'RS', 'ES', 'PS'])
    for (const bits of [256, 384, 512]) {
      const alg = `${family}${bits}`;
      it(`${alg}: the left half of SHA-${bits}, base64url`, async () => {
        expect(await leftHalfHash(alg, value)).toBe(nodeHalf(bits, value));
        expect(leftHalfHashSync(alg, value)).toBe(nodeHalf(bits, value));
      });
    }
  it('EdDSA uses SHA-512; an alg without a hash gives nothing', async () => {
    expect(await leftHalfHash('EdDSA', value)).toBe(nodeHalf(512, value));
    expect(await leftHalfHash('none', value)).toBeUndefined();
  });
  it('OIDC Core A.3 example: at_hash of the example access token is 77QmUPtjPfzWtF2AnpK9RQ', async () => {
    expect(await leftHalfHash('RS256', 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });
  it('checks at_hash end to end on HS/RS/ES tokens', async () => {
    const at = 'an-access-token';
    const hsToken = (alg: string, claims: object) => {
      const input = `${b64u(JSON.stringify({ alg }))}.${b64u(JSON.stringify(claims))}`;
      return `${input}.${createHmac(`sha${alg.slice(2)}`, 'k'.repeat(64))
        .update(input)
        .digest('base64url')}`;
    };
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const esToken = (claims: object) => {
      const input = `${b64u(JSON.stringify({ alg: 'ES384' }))}.${b64u(JSON.stringify(claims))}`;
      return `${input}.${b64u(sign('sha384', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }))}`;
    };
    const claims = (alg: string, v: string) => ({
      sub: 'a',
      aud: 'spa',
      nonce: 'n',
      at_hash: nodeHalf(Number(alg.slice(2)), v),
    });
    for (const [alg, mint] of [
      ['HS512', (c: object) => hsToken('HS512', c)],
      ['ES384', esToken],
      ['RS256', (c: object) => rs256(c)],
    ] as const) {
      const good = await inspect(mint(claims(alg, at)), { peers: { issuedAccessTokens: [at] } });
      expect(good.checks, alg).toContainEqual(expect.objectContaining({ rule: 'id-at-hash-mismatch', status: 'pass' }));
      const bad = await inspect(mint(claims(alg, 'other')), { peers: { issuedAccessTokens: [at] } });
      expect(
        bad.findings.map((f) => f.rule),
        alg,
      ).toContain('id-at-hash-mismatch');
    }
  });
});

describe('htu normalisation (RFC 9449 §4.3, RFC 3986 §6)', () => {
  it.each([
    ['https://server.example.com/token', 'https://server.example.com/token'],
    ['HTTPS://Server.EXAMPLE.com/token', 'https://server.example.com/token'],
    ['https://server.example.com:443/token', 'https://server.example.com/token'],
    ['http://server.example.com:80/token', 'http://server.example.com/token'],
    ['https://server.example.com:8443/token', 'https://server.example.com:8443/token'],
    ['https://server.example.com', 'https://server.example.com/'],
    ['https://server.example.com/token?x=1#frag', 'https://server.example.com/token'],
    ['https://server.example.com/a/./b/../token', 'https://server.example.com/a/token'],
    ['https://server.example.com/%7euser/%2fx', 'https://server.example.com/~user/%2Fx'],
    ['https://server.example.com/%41pi', 'https://server.example.com/Api'],
  ])('%s → %s', (input, want) => {
    expect(normaliseHtu(input)).toBe(want);
  });
  it('refuses what is not an absolute http(s) URL', () => {
    for (const bad of ['/token', 'ftp://x/y', 'not a url', 42, undefined]) expect(normaliseHtu(bad)).toBeUndefined();
  });
});
