import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacTarget } from '../../lib/crack/hmac-target.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWordlist } from '../../lib/crack-secret.ts';
import { packedWordlist, packedWordlistBytes, warmPackedWordlist } from '../../lib/crack/packed-wordlist.ts';

const ALGS = ['HS256', 'HS384', 'HS512'] as const;

function mint(secret: string, alg: (typeof ALGS)[number] = 'HS256', payload = '{"sub":"packed"}'): string {
  const input = `${Buffer.from(JSON.stringify({ alg })).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${createHmac(`sha${alg.slice(2)}`, secret)
    .update(input)
    .digest('base64url')}`;
}

// 20,000 candidates: more than two kernel calls (8,192 each), with long and non-ASCII keys spread in.
const list = Array.from({ length: 20_000 }, (_, i) =>
  i % 997 === 5 ? `long-${i}-${'k'.repeat(60 + (i % 90))}` : i % 1009 === 7 ? `ключ-${i}-🔑` : `cand-${i}`,
);

describe('the packed wordlist', () => {
  const positions = [0, 1, 3, 4, 8191, 8192, 8193, 10_000, 16_384, list.length - 1];
  it.each(ALGS)('finds %s secrets at the first, middle and last candidate and across call boundaries', async (alg) => {
    const p = (await packedWordlist(list))!;
    for (const at of positions) {
      const r = await p.search(hmacTarget(mint(list[at]!, alg))!, 0, list.length);
      expect(r, `${alg} at ${at}`).toEqual({ secret: list[at], tried: at + 1 });
    }
    expect(await p.search(hmacTarget(mint('absent', alg))!, 0, list.length)).toEqual({
      secret: null,
      tried: list.length,
    });
  });

  it.each(ALGS)(
    'finds %s keys longer than the block and non-ASCII keys (hashed / encoded as HMAC does)',
    async (alg) => {
      const p = (await packedWordlist(list))!;
      const longest = list.findIndex((w) => w.length > 129);
      expect(longest).toBeGreaterThan(0);
      for (const at of [5, 997 + 5, 7, 1009 + 7, longest]) {
        expect(Buffer.byteLength(list[at]!) > 64 || Buffer.byteLength(list[at]!) !== list[at]!.length).toBe(true);
        expect((await p.search(hmacTarget(mint(list[at]!, alg))!, 0, list.length)).secret, `${alg} ${at}`).toBe(
          list[at],
        );
      }
    },
  );

  it('searches only the range asked for, and counts from its start', async () => {
    const p = (await packedWordlist(list))!;
    const t = hmacTarget(mint(list[12_000]!))!;
    expect(await p.search(t, 0, 12_000)).toEqual({ secret: null, tried: 12_000 });
    expect(await p.search(t, 12_000, list.length)).toEqual({ secret: list[12_000], tried: 1 });
    expect(await p.search(t, 11_000, 12_001)).toEqual({ secret: list[12_000], tried: 1001 });
  });

  it('stops when the between-calls hook says so', async () => {
    const p = (await packedWordlist(list))!;
    const seen: number[] = [];
    const r = await p.search(hmacTarget(mint('absent'))!, 0, list.length, (tried) => {
      seen.push(tried);
      return true;
    });
    expect(r).toEqual({ secret: null, tried: 8192, aborted: true });
    expect(seen).toEqual([8192]);
  });

  it('keeps two interleaved searches for different tokens apart (one memory, rewritten per token)', async () => {
    const p = (await packedWordlist(list))!;
    const a = hmacTarget(mint(list[19_000]!, 'HS256'))!;
    const b = hmacTarget(mint(list[18_000]!, 'HS512'))!;
    const [ra, rb] = await Promise.all([
      p.search(a, 0, list.length, () => new Promise((r) => setTimeout(() => r(false), 1))),
      p.search(b, 0, list.length, () => new Promise((r) => setTimeout(() => r(false), 1))),
    ]);
    expect(ra.secret).toBe(list[19_000]);
    expect(rb.secret).toBe(list[18_000]);
  });

  it('is made once per list, and its units are the unpacked path’s (length + 1 per candidate)', async () => {
    expect(await packedWordlist(list)).toBe(await packedWordlist(list));
    await warmPackedWordlist(await packedWordlist(list));
    const p = (await packedWordlist(list))!;
    expect(p.unitsBetween(10, 20)).toBe(list.slice(10, 20).reduce((n, w) => n + w.length + 1, 0));
    expect(p.unitsBetween(0, list.length)).toBe(list.reduce((n, w) => n + w.length + 1, 0));
  });

  it('packs a file’s bytes into exactly the candidates parseWordlist gives (the shipped list, BOM, CRLF, repeats)', async () => {
    const shipped = readFileSync(fileURLToPath(new URL('../../public/wordlists/jwt-secrets.txt', import.meta.url)));
    const expected = parseWordlist(shipped.toString('utf8'));
    const p = (await packedWordlistBytes(new Uint8Array(shipped)))!;
    expect(p.count).toBe(expected.length);
    const texts = Array.from({ length: p.count }, (_, i) => p.text(i));
    expect(texts).toEqual(expected);
    const odd = '\ufeffb\r\na\n\n\r\nb\nключ\r\na\nlast';
    const q = (await packedWordlistBytes(new TextEncoder().encode(odd)))!;
    expect(Array.from({ length: q.count }, (_, i) => q.text(i))).toEqual(parseWordlist(odd.slice(1)));
    expect(q.unitsBetween(0, 1)).toBe(2);
    for (const secret of [expected[0]!, expected[51_234]!, expected.at(-1)!])
      expect(await p.search(hmacTarget(mint(secret))!, 0, p.count)).toEqual({
        secret,
        tried: expected.indexOf(secret) + 1,
      });
    expect(await packedWordlistBytes(new Uint8Array([0x61, 10, 0xff, 10]))).toBeUndefined();
  });
});
