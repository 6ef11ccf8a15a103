import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crackSecret, parseWordlist } from '../../lib/index.ts';
import { COMMON_SECRETS } from '../../lib/rules/common-secrets.ts';

const vectors = fileURLToPath(new URL('../vectors/', import.meta.url));
const wordlistPath = fileURLToPath(new URL('../../public/wordlists/jwt-secrets.txt', import.meta.url));
const known = JSON.parse(readFileSync(`${vectors}known_tokens.json`, 'utf8')) as {
  cases: { name: string; token?: string; hs256_secret?: string }[];
};
const shipped = readFileSync(wordlistPath, 'utf8');
const words = parseWordlist(shipped);

function mint(secret: string, alg: 'HS256' | 'HS384' | 'HS512' = 'HS256'): string {
  const input = `${Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}`;
  return `${input}.${createHmac(`sha${alg.slice(2)}`, secret)
    .update(input)
    .digest('base64url')}`;
}

describe('parseWordlist and the shipped list', () => {
  it('splits LF and CRLF lines, drops empty lines and repeats, keeps order', () => {
    expect(parseWordlist('b\r\na\n\nb\r\n c \n')).toEqual(['b', 'a', ' c ']);
    expect(parseWordlist('')).toEqual([]);
  });

  it('ships the wallarm list normalised: LF only, no repeats, same order as the source', () => {
    expect(shipped.includes('\r')).toBe(false);
    expect(shipped.endsWith('\n')).toBe(true);
    const source = parseWordlist(readFileSync(`${vectors}wordlists/wallarm-jwt.secrets.list`, 'utf8'));
    expect(words).toEqual(source);
    expect(words.length).toBe(103_781);
  });

  it('builds COMMON_SECRETS from the first 1,000 entries of the shipped list', () => {
    expect(COMMON_SECRETS).toEqual(words.slice(0, 1000));
  });
});

describe('crackSecret', () => {
  it.each(['jwt.io-legacy-default-HS256', 'jwt-cracker-README-HS256', 'c-jwt-cracker-README-HS256'])(
    'finds the secret of %s in the shipped list',
    async (name) => {
      const c = known.cases.find((k) => k.name === name)!;
      const r = await crackSecret(c.token!, words);
      expect(r.secret).toBe(c.hs256_secret);
      // The empty key is tried first, then the list in order.
      expect(r.tried).toBe(words.indexOf(c.hs256_secret!) + 2);
    },
  );

  it('searches the whole list and returns null for a secret outside it', async () => {
    const c = known.cases.find((k) => k.name === 'jwt.io-current-default-HS256')!;
    const progress: number[] = [];
    const r = await crackSecret(c.token!, words, { onProgress: (n) => progress.push(n) });
    expect(r).toEqual({ secret: null, tried: words.length + 1 });
    expect(progress[progress.length - 1]).toBe(words.length + 1);
  });

  it.each(['HS384', 'HS512'] as const)('cracks %s and the empty key', async (alg) => {
    expect((await crackSecret(mint('changeme', alg), ['a', 'changeme'])).secret).toBe('changeme');
    expect(await crackSecret(mint('', alg), ['a'])).toEqual({ secret: '', tried: 1 });
  });

  it('handles non-ASCII candidates as UTF-8', async () => {
    expect((await crackSecret(mint('pässwört-🔑'), ['x', 'pässwört-🔑'])).secret).toBe('pässwört-🔑');
  });

  it('returns tried 0 for tokens that are not HS*', async () => {
    const none = known.cases.find((k) => k.name === 'synthetic-alg-none')!.token!;
    const ed = known.cases.find((k) => k.name === 'RFC8037-A.4-Ed25519')!.token!;
    for (const t of [none, ed, 'garbage', mint('x').slice(0, -2)])
      expect(await crackSecret(t, ['x'])).toEqual({ secret: null, tried: 0 });
  });

  it('stops when aborted, before or during the search', async () => {
    const token = mint('not-in-any-list-7f3a');
    const before = new AbortController();
    before.abort();
    expect(await crackSecret(token, words, { signal: before.signal })).toEqual({
      secret: null,
      tried: 0,
      aborted: true,
    });
    const during = new AbortController();
    const r = await crackSecret(token, words, {
      signal: during.signal,
      onProgress: (n) => {
        if (n > 2000) during.abort();
      },
    });
    expect(r.aborted).toBe(true);
    expect(r.secret).toBeNull();
    expect(r.tried).toBeLessThan(words.length);
  });

  it('yields to the event loop during a long search so an abort message can arrive', async () => {
    const token = mint('not-in-any-list-7f3a');
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 5);
    const many = {
      *[Symbol.iterator]() {
        for (let i = 0; ; i++) yield `candidate-${i}`;
      },
    };
    const r = await crackSecret(token, many, { signal: ctl.signal });
    expect(r.aborted).toBe(true);
  });
});
