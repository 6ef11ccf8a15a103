import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileKernel, kernelBinarySource, KERNEL_BINARY_PATH } from '../../scripts/build-crack-kernel.ts';
import { BATCH, confirmSecret, kernelMacs } from '../../lib/crack/candidate-search.ts';
import { hmacTarget } from '../../lib/crack/hmac-target.ts';
import { crackSecret, parseWordlist } from '../../lib/index.ts';

const words = parseWordlist(
  readFileSync(fileURLToPath(new URL('../../public/wordlists/jwt-secrets.txt', import.meta.url)), 'utf8'),
);
const ALGS = ['HS256', 'HS384', 'HS512'] as const;
const enc = new TextEncoder();
const nodeMac = (alg: string, key: Uint8Array, input: Uint8Array): Buffer =>
  createHmac(`sha${alg.slice(2)}`, key)
    .update(input)
    .digest();

function mint(secret: string, alg: (typeof ALGS)[number] = 'HS256', payload = '{"sub":"x"}'): string {
  const input = `${Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${createHmac(`sha${alg.slice(2)}`, secret)
    .update(input)
    .digest('base64url')}`;
}

describe('the WebAssembly kernel', () => {
  it('is the committed build of its generator (regenerated and compared)', async () => {
    const committed = readFileSync(KERNEL_BINARY_PATH, 'utf8');
    expect(kernelBinarySource(await compileKernel())).toBe(committed);
  });

  it.each(ALGS)(
    'computes %s of every line of the shipped list like node:crypto',
    async (alg) => {
      const input = enc.encode(mint('x', alg).split('.').slice(0, 2).join('.'));
      const keys = words.map((w) => enc.encode(w));
      const macs = await kernelMacs(alg, input, keys);
      let wrong = 0;
      keys.forEach((k, i) => {
        if (!nodeMac(alg, k, input).equals(Buffer.from(macs[i]!))) wrong++;
      });
      expect(macs).toHaveLength(words.length);
      expect(wrong).toBe(0);
    },
    60_000,
  );

  const lengths = [
    0, 1, 55, 56, 57, 63, 64, 65, 111, 112, 119, 120, 121, 127, 128, 129, 183, 191, 192, 239, 240, 255, 256, 257, 1000,
  ];
  it.each(ALGS)('computes %s of random 0–200-byte keys over signing inputs at every block boundary ±1', async (alg) => {
    for (const len of lengths) {
      const input = new Uint8Array(randomBytes(len));
      const keys = Array.from({ length: 201 }, (_, n) => new Uint8Array(randomBytes(n)));
      const macs = await kernelMacs(alg, input, keys);
      keys.forEach((k, i) =>
        expect(Buffer.from(macs[i]!).toString('hex'), `${alg} input ${len} key ${k.length}`).toBe(
          nodeMac(alg, k, input).toString('hex'),
        ),
      );
    }
  });
});

describe('crackSecret on the kernel', () => {
  const list = Array.from({ length: 3 * BATCH + 7 }, (_, i) => `cand-${i}`);
  const positions = [
    0,
    1,
    2,
    3,
    4,
    5,
    BATCH - 2,
    BATCH - 1,
    BATCH,
    BATCH + 1,
    Math.floor(list.length / 2),
    list.length - 1,
  ];
  it.each(ALGS)(
    'finds %s secrets at the first, middle and last candidate and across batch and lane boundaries',
    async (alg) => {
      for (const at of positions) {
        const r = await crackSecret(mint(list[at]!, alg), list);
        expect(r, `${alg} at ${at}`).toEqual({ secret: list[at], tried: at + 2 });
      }
      expect(await crackSecret(mint('', alg), list)).toEqual({ secret: '', tried: 1 });
      expect(await crackSecret(mint('absent', alg), list)).toEqual({ secret: null, tried: list.length + 1 });
    },
  );

  it.each(ALGS)('finds %s secrets that are non-ASCII or longer than the block, as HMAC does', async (alg) => {
    const long = [
      'k'.repeat(64),
      'k'.repeat(65),
      'k'.repeat(128),
      'k'.repeat(129),
      'é'.repeat(70),
      'ключ-🔑',
      'x'.repeat(5000),
    ];
    for (const secret of long) {
      const r = await crackSecret(mint(secret, alg), ['a', ...long.filter((s) => s !== secret), secret, 'b']);
      expect(r.secret, `${alg} ${secret.length}`).toBe(secret);
    }
  });

  it('agrees with the plain-JS path (no WebAssembly)', async () => {
    const token = mint(list[BATCH + 3]!);
    expect(await crackSecret(token, list, { kernel: false })).toEqual(await crackSecret(token, list));
  });

  it('confirms a hit with WebCrypto, the empty key included', async () => {
    for (const alg of ALGS) {
      const t = hmacTarget(mint('right', alg))!;
      expect(await confirmSecret(t, enc.encode('right'))).toBe(true);
      expect(await confirmSecret(t, enc.encode('wrong'))).toBe(false);
      expect(await confirmSecret(hmacTarget(mint('', alg))!, new Uint8Array(0))).toBe(true);
      expect(await confirmSecret(t, new Uint8Array(0))).toBe(false);
    }
  });
});
