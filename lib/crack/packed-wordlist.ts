import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { confirmSecret, kernelModule, roundInputs, type KernelExports } from './candidate-search.ts';
import type { HmacTarget, HsAlg } from './hmac-target.ts';
import { KERNEL_FREE_MEMORY } from './kernel-wat.ts';

/** Candidates per kernel call over a packed list (a few milliseconds of hashing). */
const CALL = 8192;
const OUT = KERNEL_FREE_MEMORY;
const RAW = OUT + (CALL + 8) * 4;
// The kernel reads a whole block from each key's offset: keep that much readable past the end.
const SLACK = 256;
const PAGE = 65536;

const encoder = new TextEncoder();
const HASH = { HS256: sha256, HS384: sha384, HS512: sha512 };

/** The outcome of a search over (part of) a packed list. */
export interface PackedResult {
  secret: string | null;
  /** Candidates tried, up to and including the hit. */
  tried: number;
  aborted?: boolean;
}

/**
 * A wordlist laid out once in a WebAssembly kernel's memory (UTF-8 bytes and, per algorithm, a
 * table of keys already cut to one block), so that a search is kernel calls over ranges of it with no
 * per-candidate work in JavaScript. Built for the shipped list, which every search tries.
 */
export interface PackedWordlist {
  readonly list: readonly string[];
  /** `list[i].length + 1` summed over [from, to): a share's progress units, as the unpacked path counts them. */
  unitsBetween(from: number, to: number): number;
  /**
   * Tries `list[from..to)` in order against `target`; after every kernel call `between(tried)` may
   * stop the search (resolving true). Every hit is confirmed with WebCrypto.
   */
  search(
    target: HmacTarget,
    from: number,
    to: number,
    between?: (tried: number) => boolean | Promise<boolean>,
  ): Promise<PackedResult>;
}

const packed = new WeakMap<readonly string[], Promise<PackedWordlist | undefined>>();

/** The packed form of `list`, made once per list and realm; undefined without WebAssembly SIMD. */
export function packedWordlist(list: readonly string[]): Promise<PackedWordlist | undefined> {
  let p = packed.get(list);
  if (!p) {
    p = pack(list).catch(() => undefined);
    packed.set(list, p);
  }
  return p;
}

async function pack(list: readonly string[]): Promise<PackedWordlist | undefined> {
  const mod = await kernelModule();
  if (!mod) return undefined;
  const k = (await WebAssembly.instantiate(mod)).exports as unknown as KernelExports;
  const n = list.length;
  let top = RAW;
  const ensure = (end: number): void => {
    const have = k.memory.buffer.byteLength;
    if (end > have) k.memory.grow(Math.ceil((end - have) / PAGE) + 16);
  };
  // UTF-8 of every candidate, back to back; starts[i]..starts[i + 1] is candidate i.
  const starts = new Int32Array(n + 1);
  const units = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const s = list[i]!;
    ensure(top + s.length * 3 + SLACK);
    starts[i] = top;
    top += encoder.encodeInto(s, new Uint8Array(k.memory.buffer, top, s.length * 3)).written;
    units[i + 1] = units[i]! + s.length + 1;
  }
  starts[n] = top;
  // Tables and round inputs are word arrays: keep `top` 8-aligned past each byte area.
  const align = (): void => {
    top = (top + SLACK + 7) & ~7;
  };
  align();

  // Per algorithm: n + 4 {offset, length} pairs (the 4 pad the last lane group), keys longer than
  // the block replaced by their hash, as HMAC does.
  const tables = new Map<HsAlg, number>();
  const tableFor = (alg: HsAlg): number => {
    const known = tables.get(alg);
    if (known !== undefined) return known;
    const block = alg === 'HS256' ? 64 : 128;
    const hash = HASH[alg];
    const at = top;
    ensure(at + (n + 4) * 8);
    top += (n + 4) * 8;
    const long: [number, Uint8Array][] = [];
    const table = new Int32Array(k.memory.buffer, at, (n + 4) * 2);
    for (let i = 0; i < n; i++) {
      const len = starts[i + 1]! - starts[i]!;
      if (len > block) long.push([i, hash(new Uint8Array(k.memory.buffer, starts[i]!, len))]);
      table[i * 2] = starts[i]!;
      table[i * 2 + 1] = len;
    }
    for (let i = n; i < n + 4; i++) {
      table[i * 2] = RAW;
      table[i * 2 + 1] = 0;
    }
    for (const [i, digest] of long) {
      ensure(top + digest.length + SLACK);
      new Uint8Array(k.memory.buffer, top, digest.length).set(digest);
      const t = new Int32Array(k.memory.buffer, at, (n + 4) * 2);
      t[i * 2] = top;
      t[i * 2 + 1] = digest.length;
      top += digest.length;
    }
    align();
    tables.set(alg, at);
    return at;
  };

  // The message rounds of the token last searched, kept at `top` (after every table).
  let current: { target: HmacTarget; at: number; blocks: number } | undefined;
  const prepare = (target: HmacTarget): { kw: number; blocks: number } => {
    if (current?.target === target && current.at >= top) return { kw: current.at, blocks: current.blocks };
    const { words, blocks } = roundInputs(target.alg, target.signingInput);
    const wide = target.alg !== 'HS256';
    const at = top;
    ensure(at + words.length * 8);
    if (wide) new BigUint64Array(k.memory.buffer, at, words.length).set(words);
    else new Uint32Array(k.memory.buffer, at, words.length).set(words.map(Number));
    current = { target, at, blocks };
    return { kw: at, blocks };
  };

  return {
    list,
    unitsBetween: (from, to) => units[Math.min(n, Math.max(0, to))]! - units[Math.min(n, Math.max(0, from))]!,
    async search(target, from, to, between) {
      const alg = target.alg;
      const wide = alg !== 'HS256';
      const fn = alg === 'HS256' ? k.hmac256 : alg === 'HS384' ? k.hmac384 : k.hmac512;
      const table = tableFor(alg);
      const sig = target.signature;
      const view = new DataView(sig.buffer, sig.byteOffset, sig.byteLength);
      const first: number | bigint = wide ? view.getBigInt64(0) : view.getInt32(0);
      const lo = Math.max(0, from);
      const hi = Math.min(n, to);
      let tried = 0;
      for (let i = lo; i < hi;) {
        const count = Math.min(CALL, hi - i);
        // Written again only when another search used this memory in between.
        const { kw, blocks } = prepare(target);
        const h = fn(count, table + i * 8, kw, blocks, first, OUT, 0);
        if (h > 0) {
          const found = Array.from(new Int32Array(k.memory.buffer, OUT, h)).filter((j) => j < count);
          for (const j of found) {
            if (await confirmSecret(target, encoder.encode(list[i + j]!)))
              return { secret: list[i + j]!, tried: tried + j + 1 };
          }
        }
        tried += count;
        i += count;
        if (between && i < hi && (await between(tried))) return { secret: null, tried, aborted: true };
      }
      return { secret: null, tried };
    },
  };
}

/**
 * Packs `list` and runs the kernel over it once per algorithm with a throw-away token, so that a
 * worker's first real search runs optimised code over tables already built.
 */
export async function warmPackedWordlist(list: readonly string[]): Promise<void> {
  const p = await packedWordlist(list);
  if (!p) return;
  const signingInput = encoder.encode('warm-up.'.repeat(14));
  for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
    const hash = HASH[alg];
    await p.search(
      { alg, hash, signingInput, signature: new Uint8Array(hash.outputLen) },
      0,
      alg === 'HS256' ? list.length : CALL * 2,
    );
  }
}
