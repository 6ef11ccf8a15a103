// The one inspection pipeline: token and travel rules together, merged with counts, sorted, one decode.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { CompactEncrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { DecodedToken } from '../../lib/decode-token.ts';
import { inspectWith, mergeFindings, sightingFindings, type VerifyEngine } from '../../lib/inspect/index.ts';
import { inspect, RULES } from '../../lib/index.ts';
import { decodeAny } from '../../lib/decode-token.ts';
import type { KeyEntry, SightingLike } from '../../lib/types.ts';
import type { Finding } from '../../lib/rules/index.ts';
import { severityRank } from '../../lib/util/severity.ts';
import { NOW, goodClaims, hs, rulesOf } from './rules/helpers.ts';

const SECRET = randomBytes(32);
const header = (patch: Partial<SightingLike> = {}): SightingLike => ({
  source: 'header',
  name: 'Authorization',
  method: 'GET',
  url: 'https://app.example.com/api/me',
  initiator: 'https://app.example.com',
  time: NOW * 1000,
  status: 200,
  ...patch,
});

describe('inspect with sightings', () => {
  it('returns token and travel findings in one result, one per rule and message with its count', async () => {
    const token = hs(SECRET, goodClaims({ aud: undefined }));
    const plain = 'http://app.example.com/api/me';
    const sightings = [
      header({ url: plain }),
      header({ url: plain, time: NOW * 1000 + 1 }),
      header({ url: plain, time: NOW * 1000 + 2 }),
      header({ source: 'local-storage', name: 'auth', url: 'https://app.example.com/', method: undefined }),
      header({ source: 'pasted', name: 'paste' }),
    ];
    const i = await inspect(token, { now: NOW, sightings });
    expect(rulesOf(i)).toEqual(['sent-over-http', 'web-storage', 'aud-missing']);
    const http = i.findings.find((f) => f.rule === 'sent-over-http')!;
    expect(http.count).toBe(3);
    expect(http.message).toContain('"http://app.example.com/api/me"');
    expect(i.findings.find((f) => f.rule === 'web-storage')!.count).toBe(1);
    expect(i.findings.find((f) => f.rule === 'aud-missing')!.count).toBe(1);
    // The travel findings alone are the same ones sightingFindings gives.
    const travel = sightingFindings(token, i.payload, sightings, { now: NOW });
    expect(travel).toEqual(i.findings.filter((f) => f.rule !== 'aud-missing'));
  });

  it('judges all sightings together: an expired token still sent and accepted', async () => {
    const token = hs(SECRET, goodClaims({ iat: NOW - 7200, exp: NOW - 3600 }));
    const i = await inspect(token, { now: NOW, sightings: [header(), header({ status: 401 })] });
    const sent = i.findings.find((f) => f.rule === 'expired-token-sent')!;
    expect(sent.severity).toBe('high');
    expect(sent.message).toContain('Sent 2 times after it expired');
    expect(rulesOf(i)).toContain('expired');
  });

  it('judges at most 100 distinct ways a token travelled', async () => {
    const token = hs(SECRET, goodClaims());
    // Distinct origins: sent-over-http is one finding per origin (however many paths), so 150 origins.
    const sightings = Array.from({ length: 150 }, (_, n) => header({ url: `http://h${n}.example.com/p${n}` }));
    const i = await inspect(token, { now: NOW, sightings });
    expect(i.findings.filter((f) => f.rule === 'sent-over-http')).toHaveLength(100);
  });

  it('ignores pasted sightings: a pasted token has no travel findings', async () => {
    const token = hs(SECRET, goodClaims());
    const i = await inspect(token, {
      now: NOW,
      sightings: [header({ source: 'pasted', name: 'paste', url: 'http://x.test/' })],
    });
    expect(i.findings).toEqual([]);
  });

  it('sorts by severity, then catalogue order, whatever order the rules found them in', async () => {
    const token = hs('', { sub: 'x' }); // empty secret (critical), no exp/iss/aud
    const i = await inspect(token, {
      now: NOW,
      sightings: [
        header({ url: 'http://app.example.com/' }),
        header({ source: 'url', name: 't', url: `https://a.test/?t=${token}` }),
      ],
    });
    const order = new Map(RULES.map((r, n) => [r.id, n]));
    const key = (f: Finding) => [severityRank(f.severity), order.get(f.rule)!];
    const keys = i.findings.map(key);
    const sorted = [...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    expect(keys).toEqual(sorted);
    expect(i.findings[0]!.rule).toBe('weak-hmac-secret');
    expect(rulesOf(i)).toEqual(expect.arrayContaining(['sent-over-http', 'token-in-url', 'exp-missing']));
  });

  it('mergeFindings sums counts and keeps the most severe level of one rule and message', () => {
    const f = (severity: Finding['severity'], count?: number): Finding => ({
      rule: 'expired',
      severity,
      message: 'm',
      ...(count ? { count } : {}),
    });
    expect(
      mergeFindings([f('medium', 2), f('high'), { rule: 'alg-none', severity: 'critical', message: 'n' }]),
    ).toEqual([
      { rule: 'alg-none', severity: 'critical', message: 'n', count: 1 },
      { rule: 'expired', severity: 'high', message: 'm', count: 3 },
    ]);
  });
});

/** An engine that answers "invalid" and records each decoding it is handed. */
function recordingEngine() {
  const seen: DecodedToken[] = [];
  const engine: VerifyEngine = {
    verify: async (decoded) => {
      seen.push(decoded);
      return { status: 'invalid', alg: 'HS256' };
    },
    describeKeys: async () => [],
  };
  return { seen, engine };
}

describe('one decode, one verification', () => {
  it('hands the decoded token to the verifier once, instead of the text', async () => {
    const { seen, engine } = recordingEngine();
    const token = hs(SECRET, goodClaims());
    const i = await inspectWith(engine, token, { now: NOW, keys: [{ id: 'k', material: 'other' }] });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.token).toBe(token);
    expect(seen[0]!.segments.map((s) => s.name)).toEqual(['header', 'payload', 'signature']);
    expect(i.verification).toEqual({ status: 'invalid', code: 'bad-signature', alg: 'HS256' });
  });

  it('reads a decoding the caller passes instead of decoding again, and says the same as without it', async () => {
    const { seen, engine } = recordingEngine();
    const keys = [{ id: 'k', material: 'other' }];
    const token = hs(SECRET, { ...goodClaims(), deep: JSON.parse(`${'['.repeat(2000)}1${']'.repeat(2000)}`) });
    const decoded = decodeAny(token);
    const given = await inspectWith(engine, token, { now: NOW, keys, decoded });
    expect(seen[0]).toBe(decoded);
    expect(given.payload).toBe(decoded.payload);
    const fresh = await inspectWith(engine, token, { now: NOW, keys });
    expect(seen[1]).not.toBe(decoded);
    expect(given).toEqual(fresh);
  });

  it('carries a JWE plaintext on the result, decrypted once', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const text = JSON.stringify({ sub: 'secret-person', exp: NOW + 60 });
    const jwe = await new CompactEncrypt(new TextEncoder().encode(text))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(publicKey);
    const key: KeyEntry = { id: 'enc', material: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const open = await inspect(jwe, { now: NOW, keys: [key] });
    expect(open.plaintext).toBe(text);
    expect(open.payload).toEqual({ sub: 'secret-person', exp: NOW + 60 });
    expect(open.verification.code).toBe('verified');
    const locked = await inspect(jwe, { now: NOW });
    expect(locked.plaintext).toBeUndefined();
    expect(locked.verification.code).toBe('no-key');
  });
});

describe('verification codes', () => {
  const other: KeyEntry = { id: 'other', material: randomBytes(32).toString('base64url'), format: 'base64url' };
  const right: KeyEntry = { id: 'right', material: SECRET.toString('base64url'), format: 'base64url' };
  const token = hs(SECRET, goodClaims());
  const b64 = (s: string) => Buffer.from(s).toString('base64url');

  it.each([
    ['verified', token, [right]],
    ['bad-signature', token, [other]],
    ['no-key', token, []],
    ['no-key', hs(SECRET, goodClaims(), {}, 'HS512'), []],
    [
      'no-matching-key',
      token,
      [
        {
          id: 'rsa',
          material: generateKeyPairSync('rsa', { modulusLength: 2048 })
            .publicKey.export({ type: 'spki', format: 'pem' })
            .toString(),
        },
      ],
    ],
    ['unsupported-alg', `${b64('{"alg":"HS999"}')}.${b64('{}')}.AAAA`, [right]],
    ['unsecured', `${b64('{"alg":"none"}')}.${b64('{}')}.`, [right]],
    ['duplicate-header', `${b64('{"alg":"HS256","alg":"HS256"}')}.${b64('{}')}.AAAA`, [right]],
    ['malformed', 'not.a', [right]],
    ['unsupported-serialization', '{"protected":"e30","ciphertext":"AA","iv":"AA","tag":"AA"}', [right]],
  ] as const)('%s', async (code, t, keys) => {
    const i = await inspect(t, { now: NOW, keys: [...keys] });
    expect(i.verification.code).toBe(code);
  });
});
