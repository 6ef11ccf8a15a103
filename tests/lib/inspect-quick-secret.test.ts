import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../lib/index.ts';
import { quickSecretOf } from '../../lib/inspect/index.ts';

const b64u = (s: string): string => Buffer.from(s).toString('base64url');
const NOW = 1_800_000_000;
const hs = (alg: 'HS256' | 'HS384' | 'HS512', secret: string, sub = 'u') => {
  const input = `${b64u(JSON.stringify({ alg, typ: 'JWT' }))}.${b64u(JSON.stringify({ sub, exp: NOW + 600 }))}`;
  return `${input}.${createHmac(`sha${alg.slice(2)}`, secret)
    .update(input)
    .digest('base64url')}`;
};

describe('quickSecretOf: the quick secret check on its own (for the panel worker)', () => {
  it('finds the empty key and a common secret for every HS alg, nothing for a strong secret or other tokens', () => {
    for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
      expect(quickSecretOf(hs(alg, 'secret'))).toBe('secret');
      expect(quickSecretOf(hs(alg, ''))).toBe('');
      expect(quickSecretOf(hs(alg, 'not-a-common-secret-7f3a9c2e1d'))).toBeUndefined();
    }
    expect(quickSecretOf(`${b64u('{"alg":"none"}')}.${b64u('{}')}.`)).toBeUndefined();
    expect(quickSecretOf('not a token')).toBeUndefined();
    expect(quickSecretOf(42 as unknown as string)).toBeUndefined();
  });

  it('fed back as crackedSecret without the quick check, the finding is the same as the quick check gives', async () => {
    const token = hs('HS256', 'secret', 'fed-back');
    const here = await inspect(token, { now: NOW });
    const offThread = await inspect(token, { now: NOW, quickSecretCheck: false, crackedSecret: quickSecretOf(token)! });
    const weak = (i: typeof here) => i.findings.filter((f) => f.rule === 'weak-hmac-secret');
    expect(weak(here)).toHaveLength(1);
    expect(weak(offThread)).toEqual(weak(here));
    // A secret a real search found (not in the common list) is still reported as found by the search.
    const searched = hs('HS256', 'found-by-the-search-only-9b1', 'searched');
    const viaSearch = await inspect(searched, {
      now: NOW,
      quickSecretCheck: false,
      crackedSecret: 'found-by-the-search-only-9b1',
    });
    expect(weak(viaSearch)[0]!.message).not.toEqual(
      weak(here)[0]!.message.replace('"secret"', '"found-by-the-search-only-9b1"'),
    );
  });
});
