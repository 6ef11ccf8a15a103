// The verifier's fast paths for a ring passed again (issue 14): the same array answers at once, and
// any change to it (an entry edited in place, replaced, added or removed) is seen.
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../../lib/keys/parse-key.ts';
import type { KeyEntry } from '../../../lib/types.ts';
import { verifyToken } from '../../../lib/verify/index.ts';

const b64u = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url');
const hs = (secret: string, kid?: string): string => {
  const input = `${b64u(JSON.stringify({ alg: 'HS256', ...(kid ? { kid } : {}) }))}.${b64u('{"sub":"u"}')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

async function ringOf(keys: KeyEntry[]) {
  const r = parseKeyRing(keys);
  return r instanceof Promise ? await r : r;
}

describe('ring passed again', () => {
  it('gives the same parsed ring for the same unchanged array, synchronously', async () => {
    const keys: KeyEntry[] = [
      { id: 'a', material: 'secret-a' },
      { id: 'b', material: 'secret-b' },
    ];
    const parsed = await ringOf(keys);
    const again = parseKeyRing(keys);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toEqual(parsed);
    expect(parseKeyRing(keys)).toBe(again);
  });

  it('sees an entry edited in place, replaced, added or removed', async () => {
    const keys: KeyEntry[] = [
      { id: 'a', material: 'secret-a' },
      { id: 'b', material: 'secret-b' },
    ];
    await ringOf(keys);
    expect(await verifyToken(hs('secret-c'), keys)).toMatchObject({ status: 'invalid' });
    keys[1]!.material = 'secret-c';
    expect((await ringOf(keys))[1]!.entry.material).toBe('secret-c');
    expect(await verifyToken(hs('secret-c'), keys)).toMatchObject({ status: 'verified', keyId: 'b' });
    keys[0] = { id: 'z', material: 'secret-z' };
    expect((await ringOf(keys))[0]!.entry.id).toBe('z');
    expect(await verifyToken(hs('secret-z'), keys)).toMatchObject({ status: 'verified', keyId: 'z' });
    keys.push({ id: 'd', material: 'secret-d' });
    expect(await ringOf(keys)).toHaveLength(3);
    expect(await verifyToken(hs('secret-d'), keys)).toMatchObject({ status: 'verified', keyId: 'd' });
    keys.splice(2, 1);
    expect(await ringOf(keys)).toHaveLength(2);
    expect(await verifyToken(hs('secret-d'), keys)).toMatchObject({ status: 'invalid' });
    keys[0]!.id = 'renamed';
    expect(await verifyToken(hs('secret-z'), keys)).toMatchObject({ status: 'verified', keyId: 'renamed' });
  });

  it('answers a stream of tokens from the same ring like the first token, without internal fields', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keys: KeyEntry[] = [
      { id: 's', material: 'secret-number-1' },
      { id: 'rsa', material: JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid: 'r1' }) },
    ];
    const input = `${b64u('{"alg":"RS256"}')}.${b64u('{"sub":"u"}')}`;
    const rs = `${input}.${b64u(sign('sha256', Buffer.from(input), privateKey))}`;
    const first = await verifyToken(rs, keys);
    expect(first).toEqual({ status: 'verified', alg: 'RS256', keyId: 'rsa', jwkKid: 'r1', tried: 1 });
    for (let i = 0; i < 5; i++) expect(await verifyToken(rs, keys)).toEqual(first);
    const bad = `${input}.${b64u(Buffer.alloc(256, 1))}`;
    expect(await verifyToken(bad, keys)).toMatchObject({ status: 'invalid', keyId: 'rsa' });
    expect(await verifyToken(hs('secret-number-1', 'x'), keys)).toEqual({
      status: 'verified',
      alg: 'HS256',
      keyId: 's',
      tried: 1,
    });
  });
});
