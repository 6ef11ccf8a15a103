import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { decodeBase64Url } from '../base64url.ts';
import { macMatches, type HmacTarget, type HsAlg } from './hmac-target.ts';
import { K256, K512, KERNEL_FREE_MEMORY } from './kernel-wat.ts';
import { KERNEL_WASM_BASE64 } from './kernel-binary.ts';

type KernelFn = (
  n: number,
  table: number,
  kw: number,
  nblocks: number,
  target: number | bigint,
  out: number,
  digests: number,
) => number;

/** The kernel's exports (see kernel-wat.ts for the calling convention). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  hmac256: KernelFn;
  hmac384: KernelFn;
  hmac512: KernelFn;
}

/** Candidates per kernel call. */
export const BATCH = 4096;
const CAND_BYTES = 128 * 1024;
const SLACK = 256;
const OUT = KERNEL_FREE_MEMORY;
const TABLE = OUT + BATCH * 4;
const KW = TABLE + (BATCH + 4) * 8;

const encoder = new TextEncoder();
let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/** Compiles the kernel once per realm; undefined when WebAssembly (or its SIMD) is unavailable. */
export function kernelModule(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (async () => {
    if (typeof WebAssembly !== 'object') return undefined;
    try {
      return await WebAssembly.compile(decodeBase64Url(KERNEL_WASM_BASE64).bytes as Uint8Array<ArrayBuffer>);
    } catch {
      return undefined;
    }
  })();
  return compiled;
}

/** The padded inner message blocks of HMAC(key, signingInput) after the key block, as K[t] + W[t]. */
export function roundInputs(alg: HsAlg, signingInput: Uint8Array): { words: bigint[]; blocks: number } {
  const wide = alg !== 'HS256';
  const block = wide ? 128 : 64;
  const rounds = wide ? 80 : 64;
  const lenBytes = wide ? 16 : 8;
  const bits = wide ? 64n : 32n;
  const mask = (1n << bits) - 1n;
  const k = wide ? K512 : K256;
  const padded = new Uint8Array(Math.ceil((signingInput.length + 1 + lenBytes) / block) * block);
  padded.set(signingInput);
  padded[signingInput.length] = 0x80;
  new DataView(padded.buffer).setBigUint64(padded.length - 8, BigInt((block + signingInput.length) * 8));
  const rotr = (x: bigint, n: bigint): bigint => ((x >> n) | (x << (bits - n))) & mask;
  const [p0, q0, s0, p1, q1, s1] = (wide ? [1n, 8n, 7n, 19n, 61n, 6n] : [7n, 18n, 3n, 17n, 19n, 10n]) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  const dv = new DataView(padded.buffer);
  const words: bigint[] = [];
  for (let b = 0; b < padded.length; b += block) {
    const w: bigint[] = [];
    for (let t = 0; t < 16; t++) w.push(wide ? dv.getBigUint64(b + t * 8) : BigInt(dv.getUint32(b + t * 4)));
    for (let t = 16; t < rounds; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const sigma0 = rotr(x, p0) ^ rotr(x, q0) ^ (x >> s0);
      const sigma1 = rotr(y, p1) ^ rotr(y, q1) ^ (y >> s1);
      w.push((sigma1 + w[t - 7]! + sigma0 + w[t - 16]!) & mask);
    }
    for (let t = 0; t < rounds; t++) words.push((k[t]! + w[t]!) & mask);
  }
  return { words, blocks: padded.length / block };
}

/** Says, through WebCrypto, whether `key` is the token's HMAC secret. */
export async function confirmSecret(target: HmacTarget, key: Uint8Array): Promise<boolean> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return macMatches(target, key, new Uint8Array(target.hash.outputLen));
  // WebCrypto refuses an empty HMAC key; HMAC pads every shorter key with zeros to the block size,
  // so a block of zeros is the same key.
  const raw = key.length === 0 ? new Uint8Array(target.hash.blockLen) : key;
  try {
    const hash = `SHA-${target.alg.slice(2)}`;
    const k = await subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash }, false, ['verify']);
    return await subtle.verify(
      'HMAC',
      k,
      target.signature as Uint8Array<ArrayBuffer>,
      target.signingInput as Uint8Array<ArrayBuffer>,
    );
  } catch {
    return false;
  }
}

/** Tries candidate secrets against one HS* token, a batch at a time; counts what it has tried. */
export interface CandidateSearch {
  /** Candidates tried so far (up to and including the hit, once found). */
  readonly tried: number;
  /** True when the WebAssembly kernel does the hashing. */
  readonly native: boolean;
  /** Tries `list[from..to)` in order; resolves to the first confirmed secret, or null. */
  tryMany(list: readonly string[], from?: number, to?: number): Promise<string | null>;
  /** Tries the UTF-8 lines `bytes[starts[i]..ends[i])`, i < count, in order, without making strings. */
  tryLines(lines: ByteLines): Promise<string | null>;
}

/** Lines of a wordlist chunk as byte ranges (see streamLineBytes). */
export interface ByteLines {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

const lineDecoder = new TextDecoder();
/** The text of line `i`, as TextDecoder (and so TextDecoderStream) reads it. */
const lineText = (l: ByteLines, i: number): string => lineDecoder.decode(l.bytes.subarray(l.starts[i]!, l.ends[i]!));

/** Creates a search for `target`, on the WebAssembly kernel when it is available, else in plain JS. */
export async function createCandidateSearch(target: HmacTarget, useKernel = true): Promise<CandidateSearch> {
  const mod = useKernel ? await kernelModule() : undefined;
  if (!mod) return scalarSearch(target);
  try {
    const instance = await WebAssembly.instantiate(mod);
    return kernelSearch(target, instance.exports as unknown as KernelExports);
  } catch {
    return scalarSearch(target);
  }
}

function scalarSearch(target: HmacTarget): CandidateSearch {
  const out = new Uint8Array(target.hash.outputLen);
  let scratch = new Uint8Array(256);
  const s = {
    tried: 0,
    native: false,
    async tryMany(list: readonly string[], from = 0, to = list.length): Promise<string | null> {
      for (let i = from; i < to; i++) {
        const candidate = list[i]!;
        // UTF-8 takes at most 3 bytes per UTF-16 code unit.
        if (candidate.length * 3 > scratch.length) scratch = new Uint8Array(candidate.length * 3);
        const { written } = encoder.encodeInto(candidate, scratch);
        s.tried++;
        if (macMatches(target, scratch.subarray(0, written), out)) return candidate;
      }
      return null;
    },
    async tryLines(l: ByteLines): Promise<string | null> {
      const list = Array.from({ length: l.count }, (_, i) => lineText(l, i));
      return s.tryMany(list);
    },
  };
  return s;
}

function kernelSearch(target: HmacTarget, k: KernelExports): CandidateSearch {
  const alg = target.alg;
  const wide = alg !== 'HS256';
  const block = wide ? 128 : 64;
  const fn = alg === 'HS256' ? k.hmac256 : alg === 'HS384' ? k.hmac384 : k.hmac512;
  const { words, blocks } = roundInputs(alg, target.signingInput);
  const candStart = KW + words.length * (wide ? 8 : 4);
  const need = candStart + CAND_BYTES + SLACK;
  if (k.memory.buffer.byteLength < need) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
  const buf = k.memory.buffer;
  const u8 = new Uint8Array(buf);
  const table = new Int32Array(buf, TABLE, (BATCH + 4) * 2);
  const hits = new Int32Array(buf, OUT, BATCH);
  if (wide) new BigUint64Array(buf, KW, words.length).set(words);
  else new Uint32Array(buf, KW, words.length).set(words.map(Number));
  const sigView = new DataView(target.signature.buffer, target.signature.byteOffset, target.signature.byteLength);
  const first: number | bigint = wide ? sigView.getBigInt64(0) : sigView.getInt32(0);
  const hashKey = (bytes: Uint8Array): Uint8Array => target.hash(bytes);

  // Writes candidate i's key at u8[pos..] and returns its length; keys longer than the block are
  // hashed first, as HMAC does.
  const writeKey = (bytes: Uint8Array, pos: number): number => {
    const key = bytes.length > block ? hashKey(bytes) : bytes;
    u8.set(key, pos);
    return key.length;
  };
  const run = async (
    count: number,
    write: (i: number, pos: number) => number,
    keyOf: (i: number) => { text: string; bytes: Uint8Array },
  ): Promise<string | null> => {
    let i = 0;
    while (i < count) {
      const start = i;
      let n = 0;
      let pos = candStart;
      while (i < count && n < BATCH && pos <= candStart + CAND_BYTES - block) {
        const written = write(i, pos);
        table[n * 2] = pos;
        table[n * 2 + 1] = written;
        pos += written;
        n++;
        i++;
      }
      // Lanes past the end of the batch read an empty key; their hits are ignored below.
      for (let j = n; j < n + 4; j++) {
        table[j * 2] = candStart;
        table[j * 2 + 1] = 0;
      }
      const h = fn(n, TABLE, KW, blocks, first, OUT, 0);
      for (let j = 0; j < h; j++) {
        const idx = hits[j]!;
        if (idx >= n) continue;
        const key = keyOf(start + idx);
        if (await confirmSecret(target, key.bytes)) {
          s.tried += idx + 1;
          return key.text;
        }
      }
      s.tried += n;
    }
    return null;
  };

  const s = {
    tried: 0,
    native: true,
    tryMany(list: readonly string[], from = 0, to = list.length): Promise<string | null> {
      return run(
        Math.max(0, to - from),
        (i, pos) => {
          const c = list[from + i]!;
          const len = c.length;
          if (len <= block) {
            let j = 0;
            for (; j < len; j++) {
              const code = c.charCodeAt(j);
              if (code > 127) break;
              u8[pos + j] = code;
            }
            if (j === len) return len;
          }
          // Non-ASCII or long: encode first.
          return writeKey(encoder.encode(c), pos);
        },
        (i) => ({ text: list[from + i]!, bytes: encoder.encode(list[from + i]!) }),
      );
    },
    tryLines(l: ByteLines): Promise<string | null> {
      const { bytes, starts, ends } = l;
      // A line as TextDecoder reads it (invalid UTF-8 becomes U+FFFD), so the key tried is the
      // secret reported; ASCII lines (nearly all) are copied as they are.
      const decoded = (i: number): Uint8Array => encoder.encode(lineText(l, i));
      return run(
        l.count,
        (i, pos) => {
          const a = starts[i]!;
          const len = ends[i]! - a;
          if (len <= block) {
            let j = 0;
            for (; j < len; j++) {
              const b = bytes[a + j]!;
              if (b > 127) break;
              u8[pos + j] = b;
            }
            if (j === len) return len;
          }
          return writeKey(decoded(i), pos);
        },
        (i) => ({ text: lineText(l, i), bytes: decoded(i) }),
      );
    },
  };
  return s;
}

/**
 * HMACs of `keys` over `signingInput` computed by the kernel (each key at most one block after the
 * caller's pre-hash of longer keys is not needed: longer keys are hashed here), for tests and checks.
 */
export async function kernelMacs(
  alg: HsAlg,
  signingInput: Uint8Array,
  keys: readonly Uint8Array[],
): Promise<Uint8Array[]> {
  const mod = await kernelModule();
  if (!mod) throw new Error('WebAssembly is not available');
  const k = (await WebAssembly.instantiate(mod)).exports as unknown as KernelExports;
  const wide = alg !== 'HS256';
  const block = wide ? 128 : 64;
  const wordBytes = wide ? 8 : 4;
  const outWords = alg === 'HS384' ? 6 : 8;
  const hash = { HS256: sha256, HS384: sha384, HS512: sha512 }[alg];
  const fn = alg === 'HS256' ? k.hmac256 : alg === 'HS384' ? k.hmac384 : k.hmac512;
  const { words, blocks } = roundInputs(alg, signingInput);
  const results: Uint8Array[] = [];
  for (let from = 0; from < keys.length; from += BATCH) {
    const batch = keys.slice(from, from + BATCH).map((key) => (key.length > block ? hash(key) : key));
    const candStart = KW + words.length * wordBytes;
    const digests = candStart + batch.length * block + SLACK;
    const need = digests + (batch.length + 4) * outWords * wordBytes;
    if (k.memory.buffer.byteLength < need) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
    const buf = k.memory.buffer;
    const u8 = new Uint8Array(buf);
    const table = new Int32Array(buf, TABLE, (BATCH + 4) * 2);
    if (wide) new BigUint64Array(buf, KW, words.length).set(words);
    else new Uint32Array(buf, KW, words.length).set(words.map(Number));
    let pos = candStart;
    batch.forEach((key, j) => {
      u8.set(key, pos);
      table[j * 2] = pos;
      table[j * 2 + 1] = key.length;
      pos += key.length;
    });
    for (let j = batch.length; j < batch.length + 4; j++) {
      table[j * 2] = candStart;
      table[j * 2 + 1] = 0;
    }
    fn(batch.length, TABLE, KW, blocks, wide ? 0n : 0, OUT, digests);
    const dv = new DataView(buf);
    for (let j = 0; j < batch.length; j++) {
      const mac = new Uint8Array(outWords * wordBytes);
      const mv = new DataView(mac.buffer);
      for (let w = 0; w < outWords; w++) {
        const at = digests + (j * outWords + w) * wordBytes;
        if (wide) mv.setBigUint64(w * 8, dv.getBigUint64(at, true));
        else mv.setUint32(w * 4, dv.getUint32(at, true));
      }
      results.push(mac);
    }
  }
  return results;
}

/** Runs the kernel over a few batches of throw-away keys so that the engine optimises it before a real search. */
export async function warmKernel(): Promise<void> {
  const signingInput = encoder.encode('warm.up');
  const keys = Array.from({ length: 3 * BATCH }, (_, i) => `warm-up-${i}`);
  for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
    const search = await createCandidateSearch({
      alg,
      hash: { HS256: sha256, HS384: sha384, HS512: sha512 }[alg],
      signingInput,
      signature: new Uint8Array(alg === 'HS256' ? 32 : alg === 'HS384' ? 48 : 64),
    });
    await search.tryMany(alg === 'HS256' ? keys : keys.slice(0, BATCH));
  }
}
