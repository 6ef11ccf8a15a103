// Every { code } the engine emits is a member of the closed ErrorCode union.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url } from '../../lib/base64url.ts';
import { decodeAny, decodeToken, MAX_TOKEN_LENGTH } from '../../lib/decode-token.ts';
import { ERROR_CODES, isErrorCode, VERIFICATION_CODES } from '../../lib/error-codes.ts';
import { inspect } from '../../lib/index.ts';
import { parseJson } from '../../lib/json-text.ts';
import { decodeJwsJson } from '../../lib/jws-json.ts';
import { parseKeyEntry } from '../../lib/keys/parse-key.ts';
import { validatePanelMessage, validateWorkerMessage } from '../../lib/protocol/validate.ts';
import type { DecodedToken } from '../../lib/decode-token.ts';
import { hostileInputs, inputArbitrary, seedTokens } from './fuzz-corpus.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const codesOf = (d: DecodedToken): string[] => [
  ...d.problems.map((p) => p.code),
  ...d.segments.flatMap((s) => (s.error ? [s.error.code] : [])),
];

const BAD_TOKENS = [
  '',
  'x'.repeat(MAX_TOKEN_LENGTH + 1),
  'a.b',
  `*.${b64('{}')}.`,
  `${b64('{"alg":"HS256"}')}.*.sig`,
  `${b64('{"alg":"HS256"}')}.${b64('{}')}.*`,
  `.${b64('{}')}.`,
  `${b64('[1]')}.${b64('{}')}.`,
  `${b64('{')}.${b64('{}')}.`,
  `${b64('{}')}.${b64('{}')}.`,
  `${b64('{"alg":"HS256"}')}..AAAA`,
  `${b64('{"alg":"HS256"}')}.${b64('not json')}.AAAA`,
  `${b64('{"alg":"RSA-OAEP"}')}.a.b.c.d`,
  `${b64('{"alg":"RSA-OAEP","enc":"A128GCM"}')}.*.*.*.*`,
  '{',
  '[]',
  '{"ciphertext":"AA"}',
  '{"payload":5}',
  '{"payload":"e30","signatures":[]}',
  '{"payload":"e30","protected":5,"signature":""}',
  '{"payload":"e30","protected":"e30","header":5,"signature":""}',
  '{"payload":"e30","protected":"e30","signature":""}',
  `{"payload":"*","protected":"${b64('{"alg":"HS256"}')}","signature":"AA"}`,
];

describe('error codes', () => {
  it('decoders emit only ErrorCode members, and the bad inputs reach most decoder codes', () => {
    const seen = new Set<string>();
    for (const t of BAD_TOKENS) for (const c of codesOf(decodeAny(t))) seen.add(c);
    for (const t of ['a*', 'a', 'ab=c']) {
      const e = decodeBase64Url(t).error;
      if (e) seen.add(e.code);
    }
    const header = parseJson('{', 'header');
    if (!header.ok) seen.add(header.error.code);
    const other = parseJson('{', 'discovery document');
    expect(other.ok ? undefined : other.error.code).toBe('json-invalid');
    for (const c of seen) expect(isErrorCode(c), c).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(20);
  });

  it('decoding random and hostile text emits only ErrorCode members', () => {
    for (const t of hostileInputs()) for (const c of codesOf(decodeAny(t))) expect(isErrorCode(c), c).toBe(true);
    fc.assert(
      fc.property(inputArbitrary(seedTokens()), (t) => {
        for (const c of [...codesOf(decodeToken(t)), ...codesOf(decodeJwsJson(t))])
          if (!isErrorCode(c)) throw new Error(`not an ErrorCode: ${c}`);
      }),
      { numRuns: 2000, seed: 8 },
    );
  });

  it('key parsing emits only ErrorCode members', async () => {
    const materials: [string, string?][] = [
      [''],
      ['zz', 'hex'],
      ['abc', 'hex'],
      ['a-b_', 'base64'],
      ['ab+/', 'base64url'],
      ['-----BEGIN PUBLIC KEY-----\n$$$\n-----END PUBLIC KEY-----'],
      ['-----BEGIN PUBLIC KEY-----\nAAAA'],
      ['-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----'],
      ['{"kty":"RSA","n":"AQAB"}'],
      ['{"kty":"oct","k":""}'],
      ['{"kty":"oct","k":"a+b"}'],
      ['{"kty":"XYZ"}'],
      ['{"kty":"oct"', 'jwk'],
      ['{"keys":[]}'],
      ['{"keys":{}}'],
      ['{"keys":[{"kty":"RSA"}]}'],
      ['[1]', 'jwk'],
      ['[1]', 'jwks'],
    ];
    const seen = new Set<string>();
    for (const [material, format] of materials) {
      const parsed = await parseKeyEntry({ id: 'k', material, ...(format ? { format: format as 'hex' } : {}) });
      if (parsed.error) seen.add(parsed.error.code);
      for (const item of parsed.items) if (item.problem) seen.add(item.problem.code);
    }
    for (const c of seen) expect(isErrorCode(c), c).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(12);
  });

  it('protocol validation emits only ErrorCode members', () => {
    const inputs: unknown[] = [
      null,
      5,
      {},
      { v: 999, kind: 'hello' },
      { v: 3 },
      { v: 3, kind: 'nope' },
      { v: 3, kind: 'snapshot' },
    ];
    for (const v of inputs)
      for (const r of [validatePanelMessage(v), validateWorkerMessage(v)])
        if (!r.ok) expect(isErrorCode(r.error.code), r.error.code).toBe(true);
  });

  it('inspection errors and verification codes are members; the union is closed', async () => {
    for (const t of [...BAD_TOKENS.slice(0, 4), 42 as unknown as string]) {
      const i = await inspect(t, { now: 1_800_000_000 });
      expect(isErrorCode(i.error?.code), String(i.error?.code)).toBe(true);
      expect(VERIFICATION_CODES as readonly string[]).toContain(i.verification.code);
    }
    expect(isErrorCode('made-up-code')).toBe(false);
    expect(ERROR_CODES.size).toBeGreaterThan(60);
  });
});
