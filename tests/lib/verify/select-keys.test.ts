import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseKeyRing, type ParsedKey } from '../../../lib/keys/parse-key.ts';
import { jwsRefusal, secretMatches, selectKeys } from '../../../lib/verify/select-keys.ts';
import { verifyToken } from '../../../lib/index.ts';

const b64u = (b: Uint8Array | string): string => Buffer.from(b).toString('base64url');
const enc = new TextEncoder();

async function ringOf(n: number): Promise<ParsedKey[]> {
  return parseKeyRing(
    Array.from({ length: n }, (_, i) => ({
      id: `k${i}`,
      material: JSON.stringify({ kty: 'oct', kid: `kid-${i % 3}`, k: b64u(Buffer.alloc(32, i)) }),
    })),
  );
}

describe('selectKeys caches the selection per ring and context', () => {
  it('judges each key once for a stream of tokens on the same ring, again for a new ring', async () => {
    const ring = await ringOf(6);
    let calls = 0;
    const refusal = (alg: string) => (item: Parameters<typeof jwsRefusal>[0]) => {
      calls++;
      return jwsRefusal(item, alg);
    };
    const ctx = `test-${Math.random()}`;
    const first = selectKeys(ring, undefined, ctx, refusal('HS256'));
    expect(first.candidates).toHaveLength(6);
    const judged = calls;
    for (let i = 0; i < 20; i++) selectKeys([...ring], i % 2 ? 'kid-1' : undefined, ctx, refusal('HS256'));
    expect(calls).toBe(judged);
    expect(selectKeys(ring, 'kid-1', ctx, refusal('HS256')).candidates.map((c) => c.entryId)).toEqual(['k1', 'k4']);
    // A kid no key carries falls back to every candidate.
    expect(selectKeys(ring, 'nope', ctx, refusal('HS256')).candidates).toHaveLength(6);
    const smaller = ring.slice(0, 2);
    expect(selectKeys(smaller, undefined, ctx, refusal('HS256')).candidates.map((c) => c.entryId)).toEqual([
      'k0',
      'k1',
    ]);
    expect(selectKeys(smaller, 'kid-1', ctx, refusal('HS256')).candidates.map((c) => c.entryId)).toEqual(['k1']);
  });
});

describe('secretMatches screens a secret with a pre-keyed HMAC state', () => {
  it('agrees with node:crypto for HS256/384/512 interleaved, keys of 1–200 bytes', async () => {
    const lengths = [1, 31, 32, 63, 64, 65, 127, 128, 129, 200];
    const ring = await parseKeyRing(
      lengths.map((n, i) => ({ id: `s${i}`, material: JSON.stringify({ kty: 'oct', k: b64u(randomBytes(n)) }) })),
    );
    for (const [alg, hash] of [
      ['HS256', 'sha256'],
      ['HS512', 'sha512'],
      ['HS384', 'sha384'],
      ['HS256', 'sha256'],
    ] as const) {
      for (const inputLength of [0, 55, 56, 64, 111, 112, 128, 300]) {
        const input = enc.encode('x'.repeat(inputLength));
        for (const parsed of ring) {
          const item = parsed.items[0]!;
          const mac = createHmac(hash, item.secret!).update(input).digest();
          expect(secretMatches(item, alg, input, mac)).toBe(true);
          const wrong = Uint8Array.from(mac);
          wrong[wrong.length - 1]! ^= 1;
          expect(secretMatches(item, alg, input, wrong)).toBe(false);
          // A MAC of another hash's length never matches.
          expect(secretMatches(item, alg, input, mac.subarray(0, 20))).toBe(false);
        }
      }
    }
  });
});

describe('HS verification imports each secret once and still refuses a wrong MAC', () => {
  it('verifies with the cached key, then rejects a tampered token', async () => {
    const secret = 'secret-for-the-cache-test';
    const input = `${b64u('{"alg":"HS256"}')}.${b64u('{"sub":"a"}')}`;
    const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    const keys = [
      { id: 'a', material: 'another-secret' },
      { id: 'b', material: secret },
    ];
    for (let i = 0; i < 3; i++)
      expect(await verifyToken(token, keys)).toMatchObject({ status: 'verified', keyId: 'b' });
    const forged = `${input}.${createHmac('sha256', 'guess').update(input).digest('base64url')}`;
    expect((await verifyToken(forged, keys)).status).toBe('invalid');
    expect((await verifyToken(forged, [keys[1]!])).status).toBe('invalid');
  });
});
