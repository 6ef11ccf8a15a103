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
  /** Candidates in the list. */
  readonly count: number;
  /** Candidate `i` as text. */
  text(i: number): string;
  /** Progress units of candidates [from, to): length + 1 each (UTF-16 units from strings, bytes from a file). */
  unitsBetween(from: number, to: number): number;
  /**
   * Tries candidates [from, to) in order against `target`; after every kernel call `between(tried)` may
   * stop the search (resolving true). Every hit is confirmed with WebCrypto.
   */
  search(
    target: HmacTarget,
    from: number,
    to: number,
    between?: (tried: number) => boolean | Promise<boolean>,
  ): Promise<PackedResult>;
}

/** Bytes of `s` in UTF-8 as TextEncoder writes it (a lone surrogate becomes U+FFFD, 3 bytes). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
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

async function kernelInstance(): Promise<KernelExports | undefined> {
  const mod = await kernelModule();
  return mod ? ((await WebAssembly.instantiate(mod)).exports as unknown as KernelExports) : undefined;
}

const grower =
  (k: KernelExports) =>
  (end: number): void => {
    const have = k.memory.buffer.byteLength;
    if (end > have) k.memory.grow(Math.ceil((end - have) / PAGE) + 16);
  };

async function pack(list: readonly string[]): Promise<PackedWordlist | undefined> {
  const k = await kernelInstance();
  if (!k) return undefined;
  const n = list.length;
  let top = RAW;
  const ensure = grower(k);
  // UTF-8 of every candidate, back to back; starts[i]..starts[i + 1] is candidate i. Sized first
  // and written through one view: a view per candidate costs Chromium tens of MB per worker.
  const starts = new Int32Array(n + 1);
  const units = new Float64Array(n + 1);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const s = list[i]!;
    size += utf8Length(s);
    units[i + 1] = units[i]! + s.length + 1;
  }
  ensure(top + size + SLACK);
  const u8 = new Uint8Array(k.memory.buffer);
  for (let i = 0; i < n; i++) {
    const s = list[i]!;
    starts[i] = top;
    let j = 0;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c > 127) break;
      u8[top + j] = c;
    }
    top += j === s.length ? j : encoder.encodeInto(s, u8.subarray(top, top + size)).written;
  }
  starts[n] = top;
  return packedSearch(k, starts, units, (i) => list[i]!);
}

/**
 * Packs a wordlist file's bytes (UTF-8, LF or CRLF, a BOM dropped, empty and repeated lines dropped:
 * the candidates {@link parseWordlist} gives) without making a string per line; undefined without
 * WebAssembly SIMD or when the bytes are not valid UTF-8 (then use the strings).
 */
export async function packedWordlistBytes(bytes: Uint8Array): Promise<PackedWordlist | undefined> {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const k = await kernelInstance().catch(() => undefined);
  if (!k) return undefined;
  grower(k)(RAW + bytes.length + SLACK);
  const u8 = new Uint8Array(k.memory.buffer);
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let lines = 0;
  for (let i = at; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  const starts = new Int32Array(lines + 2);
  const units = new Float64Array(lines + 2);
  // Repeats found with an open-addressing set of line numbers keyed by an FNV-1a hash of the bytes.
  const slots = new Int32Array(1 << Math.max(4, Math.ceil(Math.log2((lines + 1) * 2))));
  const mask = slots.length - 1;
  let n = 0;
  let top = RAW;
  while (at <= bytes.length) {
    let nl = bytes.indexOf(10, at);
    if (nl < 0) nl = bytes.length;
    const stop = nl > at && bytes[nl - 1] === 13 ? nl - 1 : nl;
    const len = stop - at;
    if (len > 0) {
      let h = 0x811c9dc5;
      for (let i = at; i < stop; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
      let slot = h & mask;
      let repeat = false;
      for (let c = slots[slot]!; c !== 0; slot = (slot + 1) & mask, c = slots[slot]!) {
        const s0 = starts[c - 1]!;
        if (starts[c]! - s0 !== len) continue;
        let same = true;
        for (let i = 0; i < len && same; i++) same = u8[s0 + i] === bytes[at + i];
        if (same) {
          repeat = true;
          break;
        }
      }
      if (!repeat) {
        u8.set(bytes.subarray(at, stop), top);
        starts[n] = top;
        top += len;
        starts[n + 1] = top;
        units[n + 1] = units[n]! + len + 1;
        n++;
        slots[slot] = n;
      }
    }
    at = nl + 1;
  }
  const dec = new TextDecoder();
  return packedSearch(k, starts.subarray(0, n + 1), units.subarray(0, n + 1), (i) =>
    dec.decode(new Uint8Array(k.memory.buffer, starts[i]!, starts[i + 1]! - starts[i]!)),
  );
}

/** The search over candidates already in `k`'s memory at starts[i]..starts[i + 1]. */
function packedSearch(
  k: KernelExports,
  starts: Int32Array,
  units: Float64Array,
  text: (i: number) => string,
): PackedWordlist {
  const n = starts.length - 1;
  const ensure = grower(k);
  let top = starts[n]!;
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
    count: n,
    text,
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
            const at = starts[i + j]!;
            const key = new Uint8Array(k.memory.buffer, at, starts[i + j + 1]! - at).slice();
            if (await confirmSecret(target, key)) return { secret: text(i + j), tried: tried + j + 1 };
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
 * Runs the kernel over a packed list once per algorithm with a throw-away token, so that a worker's
 * first real search runs optimised code over tables already built.
 */
export async function warmPackedWordlist(p: PackedWordlist | undefined): Promise<void> {
  if (!p) return;
  const signingInput = encoder.encode('warm-up.'.repeat(14));
  for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
    const hash = HASH[alg];
    const signature = new Uint8Array(hash.outputLen);
    await p.search({ alg, hash, signingInput, signature }, 0, alg === 'HS256' ? p.count : CALL * 2);
  }
}
