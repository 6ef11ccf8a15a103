// Emits the WebAssembly text of the HMAC guessing kernel. scripts/build-crack-kernel.ts compiles it
// (wabt) into kernel-binary.ts; a test regenerates the binary and compares, so source and bytes agree.
//
// One exported function per hash, each testing a batch of candidate keys against one token:
//   hmac256(n, table, kw, nblocks, target, out, digests) -> hits   (4 candidates per i32x4 lane group)
//   hmac384(...) / hmac512(...)                             (2 candidates per i64x2 lane group)
// `table` holds n (+ lane padding) pairs {offset: i32, length: i32} of keys already at most one block
// long; `kw` holds, per message block of the padded inner message, K[t] + W[t] for every round
// (key-independent, so computed once per token); `target` is the first word of the signature.
// A lane whose first output word equals `target` has its index written to `out`; the caller confirms.
// `digests`, when non-zero, receives every lane's full MAC as native-endian words (for the tests).
// Fixed scratch: bytes 0..255 keys lane-major, 256..511 the ipad block as one vector per word.

/** The constants and shape of one SHA-2 flavour as the kernel uses it. */
interface Flavour {
  name: string;
  bits: 32 | 64;
  rounds: number;
  k: readonly bigint[];
  iv: readonly bigint[];
  outWords: number;
  bigSigma0: readonly [number, number, number];
  bigSigma1: readonly [number, number, number];
  smallSigma0: readonly [number, number, number];
  smallSigma1: readonly [number, number, number];
}

/** SHA-256 round constants. */
export const K256: readonly bigint[] = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
].map(BigInt);

/** SHA-512 round constants. */
export const K512: readonly bigint[] = [
  '428a2f98d728ae22',
  '7137449123ef65cd',
  'b5c0fbcfec4d3b2f',
  'e9b5dba58189dbbc',
  '3956c25bf348b538',
  '59f111f1b605d019',
  '923f82a4af194f9b',
  'ab1c5ed5da6d8118',
  'd807aa98a3030242',
  '12835b0145706fbe',
  '243185be4ee4b28c',
  '550c7dc3d5ffb4e2',
  '72be5d74f27b896f',
  '80deb1fe3b1696b1',
  '9bdc06a725c71235',
  'c19bf174cf692694',
  'e49b69c19ef14ad2',
  'efbe4786384f25e3',
  '0fc19dc68b8cd5b5',
  '240ca1cc77ac9c65',
  '2de92c6f592b0275',
  '4a7484aa6ea6e483',
  '5cb0a9dcbd41fbd4',
  '76f988da831153b5',
  '983e5152ee66dfab',
  'a831c66d2db43210',
  'b00327c898fb213f',
  'bf597fc7beef0ee4',
  'c6e00bf33da88fc2',
  'd5a79147930aa725',
  '06ca6351e003826f',
  '142929670a0e6e70',
  '27b70a8546d22ffc',
  '2e1b21385c26c926',
  '4d2c6dfc5ac42aed',
  '53380d139d95b3df',
  '650a73548baf63de',
  '766a0abb3c77b2a8',
  '81c2c92e47edaee6',
  '92722c851482353b',
  'a2bfe8a14cf10364',
  'a81a664bbc423001',
  'c24b8b70d0f89791',
  'c76c51a30654be30',
  'd192e819d6ef5218',
  'd69906245565a910',
  'f40e35855771202a',
  '106aa07032bbd1b8',
  '19a4c116b8d2d0c8',
  '1e376c085141ab53',
  '2748774cdf8eeb99',
  '34b0bcb5e19b48a8',
  '391c0cb3c5c95a63',
  '4ed8aa4ae3418acb',
  '5b9cca4f7763e373',
  '682e6ff3d6b2b8a3',
  '748f82ee5defb2fc',
  '78a5636f43172f60',
  '84c87814a1f0ab72',
  '8cc702081a6439ec',
  '90befffa23631e28',
  'a4506cebde82bde9',
  'bef9a3f7b2c67915',
  'c67178f2e372532b',
  'ca273eceea26619c',
  'd186b8c721c0c207',
  'eada7dd6cde0eb1e',
  'f57d4f7fee6ed178',
  '06f067aa72176fba',
  '0a637dc5a2c898a6',
  '113f9804bef90dae',
  '1b710b35131c471b',
  '28db77f523047d84',
  '32caab7b40c72493',
  '3c9ebe0a15c9bebc',
  '431d67c49c100d4c',
  '4cc5d4becb3e42b6',
  '597f299cfc657e2a',
  '5fcb6fab3ad6faec',
  '6c44198c4a475817',
].map((h) => BigInt(`0x${h}`));

/** Initial hash values of SHA-256, SHA-384 and SHA-512. */
export const IV: Record<'HS256' | 'HS384' | 'HS512', readonly bigint[]> = {
  HS256: [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19].map(BigInt),
  HS384: [
    'cbbb9d5dc1059ed8',
    '629a292a367cd507',
    '9159015a3070dd17',
    '152fecd8f70e5939',
    '67332667ffc00b31',
    '8eb44a8768581511',
    'db0c2e0d64f98fa7',
    '47b5481dbefa4fa4',
  ].map((h) => BigInt(`0x${h}`)),
  HS512: [
    '6a09e667f3bcc908',
    'bb67ae8584caa73b',
    '3c6ef372fe94f82b',
    'a54ff53a5f1d36f1',
    '510e527fade682d1',
    '9b05688c2b3e6c1f',
    '1f83d9abfb41bd6b',
    '5be0cd19137e2179',
  ].map((h) => BigInt(`0x${h}`)),
};

const FLAVOURS: Flavour[] = [
  {
    name: 'hmac256',
    bits: 32,
    rounds: 64,
    k: K256,
    iv: IV.HS256,
    outWords: 8,
    bigSigma0: [2, 13, 22],
    bigSigma1: [6, 11, 25],
    smallSigma0: [7, 18, 3],
    smallSigma1: [17, 19, 10],
  },
  ...(['HS384', 'HS512'] as const).map((alg): Flavour => ({
    name: `hmac${alg.slice(2)}`,
    bits: 64,
    rounds: 80,
    k: K512,
    iv: IV[alg],
    outWords: alg === 'HS384' ? 6 : 8,
    bigSigma0: [28, 34, 39],
    bigSigma1: [14, 18, 41],
    smallSigma0: [1, 8, 7],
    smallSigma1: [19, 61, 6],
  })),
];

const SCRATCH = 0;
const IPAD_VECTORS = 256;
/** Where the round constants sit in the kernel's memory (a data segment); callers use memory from 2048 on. */
const K256_AT = 512;
const K512_AT = 768;
/** The message schedule of the block being compressed, one vector per round (80 × 16 bytes at most). */
const SCHEDULE = 1408;
/** First byte of the kernel's memory that callers may use. */
export const KERNEL_FREE_MEMORY = 4096;

function flavourFunction(f: Flavour): string {
  const v = f.bits === 32 ? 'i32x4' : 'i64x2';
  const lanes = f.bits === 32 ? 4 : 2;
  const wordBytes = f.bits / 8;
  const block = wordBytes * 16;
  const mask = (1n << BigInt(f.bits)) - 1n;
  const hex = (x: bigint): string => `0x${(x & mask).toString(16)}`;
  const splat = (x: bigint): string => `(v128.const ${v} ${Array(lanes).fill(hex(x)).join(' ')})`;
  const get = (name: string): string => `(local.get $${name})`;
  const rotr = (x: string, n: number): string =>
    `(v128.or (${v}.shr_u ${get(x)} (i32.const ${n})) (${v}.shl ${get(x)} (i32.const ${f.bits - n})))`;
  const xor3 = (a: string, b: string, c: string): string => `(v128.xor (v128.xor ${a} ${b}) ${c})`;
  const add = (...xs: string[]): string => xs.reduce((acc, x) => `(${v}.add ${acc} ${x})`);
  const bigSigma = (x: string, [p, q, r]: readonly number[]): string => xor3(rotr(x, p!), rotr(x, q!), rotr(x, r!));
  const smallSigma = (x: string, [p, q, s]: readonly number[]): string =>
    xor3(rotr(x, p!), rotr(x, q!), `(${v}.shr_u ${get(x)} (i32.const ${s!}))`);
  const st = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

  // Eight rounds over the state locals a..h, renamed rather than moved: after eight rounds every
  // value is back in its own local, so the 64/80 rounds are a loop of eight-round bodies (small
  // functions tier up to optimised code quickly). `kw(j)` is K[t] + W[t] for round j of the eight.
  const eightRounds = (kw: (j: number) => string): string[] => {
    const out: string[] = [];
    for (let t = 0; t < 8; t++) {
      const r = (i: number): string => st[(((i - t) % 8) + 8) % 8]!;
      const [a, b, c, d, e, ff, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map(r) as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      out.push(
        `(local.set $t1 ${add(get(h), bigSigma(e, f.bigSigma1), `(v128.bitselect ${get(ff)} ${get(g)} ${get(e)})`, kw(t))})`,
        `(local.set $t2 ${add(bigSigma(a, f.bigSigma0), `(v128.bitselect ${get(c)} ${get(a)} (v128.xor ${get(a)} ${get(b)}))`)})`,
        `(local.set $${d} ${add(get(d), get('t1'))})`,
        `(local.set $${h} ${add(get('t1'), get('t2'))})`,
      );
    }
    return out;
  };
  // A compression whose schedule depends on the key: W[0..15] from `w(t)`, expanded in memory.
  const kAt = f.bits === 32 ? K256_AT : K512_AT;
  const expandedCompression = (w: (t: number) => string): string[] => {
    const out: string[] = [];
    for (let t = 0; t < 16; t++) out.push(`(v128.store offset=${SCHEDULE + t * 16} (i32.const 0) ${w(t)})`);
    // $q points at W[t - 16]; W[t] is at +256.
    const load = (off: number): string => `(v128.load offset=${off} (local.get $q))`;
    out.push(`(local.set $q (i32.const ${SCHEDULE}))`, `(loop $expand`);
    for (let u = 0; u < 4; u++) {
      const o = u * 16;
      out.push(
        `(local.set $t1 ${load(o + 224)})`,
        `(local.set $t2 ${load(o + 16)})`,
        `(v128.store offset=${o + 256} (local.get $q) ${add(smallSigma('t1', f.smallSigma1), load(o + 144), smallSigma('t2', f.smallSigma0), load(o))})`,
      );
    }
    out.push(
      `(br_if $expand (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 64))) (i32.const ${SCHEDULE + (f.rounds - 16) * 16})))`,
      `)`,
      `(local.set $q (i32.const 0))`,
      `(local.set $kp (i32.const 0))`,
      `(loop $rounds`,
      ...eightRounds((j) =>
        add(
          `(v128.load${f.bits}_splat offset=${kAt + j * wordBytes} (local.get $kp))`,
          `(v128.load offset=${SCHEDULE + j * 16} (local.get $q))`,
        ),
      ),
      `(local.set $kp (i32.add (local.get $kp) (i32.const ${8 * wordBytes})))`,
      `(br_if $rounds (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 128))) (i32.const ${f.rounds * 16})))`,
      `)`,
    );
    return out;
  };
  const fromIv = (): string[] => st.map((s, i) => `(local.set $${s} ${splat(f.iv[i]!)})`);
  const addIv = (): string[] => st.map((s, i) => `(local.set $${s} ${add(get(s), splat(f.iv[i]!))})`);
  const save = (): string[] => st.map((s, i) => `(local.set $v${i} ${get(s)})`);
  const addSaved = (): string[] => st.map((s, i) => `(local.set $${s} ${add(get(s), get(`v${i}`))})`);

  const body: string[] = [];
  // Keys of this lane group: masked to their length, byte-swapped into big-endian words, lane-major.
  const bswap = f.bits === 32 ? '3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12' : '7 6 5 4 3 2 1 0 15 14 13 12 11 10 9 8';
  for (let j = 0; j < lanes; j++) {
    body.push(
      `(local.set $p (i32.add (local.get $table) (i32.shl (i32.add (local.get $i) (i32.const ${j})) (i32.const 3))))`,
      `(local.set $off (i32.load (local.get $p)))`,
      `(local.set $len (i32.load offset=4 (local.get $p)))`,
    );
    for (let k = 0; k < block / 16; k++) {
      body.push(
        `(local.set $r (i32.sub (local.get $len) (i32.const ${k * 16})))`,
        `(local.set $r (select (i32.const 0) (local.get $r) (i32.lt_s (local.get $r) (i32.const 0))))`,
        `(local.set $r (select (i32.const 16) (local.get $r) (i32.gt_s (local.get $r) (i32.const 16))))`,
        `(local.set $x (v128.and (v128.load offset=${k * 16} align=1 (local.get $off)) (i8x16.gt_u (i8x16.splat (local.get $r)) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))))`,
        `(v128.store offset=${SCRATCH + j * block + k * 16} (i32.const 0) (i8x16.shuffle ${bswap} (local.get $x) (local.get $x)))`,
      );
    }
  }
  // One vector per key word (lane j = candidate i + j), XORed with ipad, kept for the opad block.
  const ipad = f.bits === 32 ? 0x36363636n : 0x3636363636363636n;
  for (let t = 0; t < 16; t++) {
    let x = `(v128.load${f.bits}_splat offset=${SCRATCH + t * wordBytes} (i32.const 0))`;
    for (let j = 1; j < lanes; j++)
      x = `(v128.load${f.bits}_lane offset=${SCRATCH + j * block + t * wordBytes} ${j} (i32.const 0) ${x})`;
    body.push(`(v128.store offset=${IPAD_VECTORS + t * 16} (i32.const 0) (v128.xor ${x} ${splat(ipad)}))`);
  }
  // Inner hash: the ipad block, then the token's precomputed message blocks.
  body.push(...fromIv());
  body.push(...expandedCompression((t) => `(v128.load offset=${IPAD_VECTORS + t * 16} (i32.const 0))`), ...addIv());
  body.push(
    `(local.set $kwp (local.get $kw))`,
    `(local.set $blocks (local.get $nblocks))`,
    `(loop $block`,
    ...save(),
    `(local.set $q (i32.const 0))`,
    `(loop $rounds`,
    ...eightRounds((j) => `(v128.load${f.bits}_splat offset=${j * wordBytes} (local.get $kwp))`),
    `(local.set $kwp (i32.add (local.get $kwp) (i32.const ${8 * wordBytes})))`,
    `(br_if $rounds (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 1))) (i32.const ${f.rounds / 8})))`,
    `)`,
    ...addSaved(),
    `(br_if $block (local.tee $blocks (i32.sub (local.get $blocks) (i32.const 1)))))`,
  );
  for (let i = 0; i < f.outWords; i++) body.push(`(local.set $d${i} ${get(st[i]!)})`);
  // Outer hash: the opad block (ipad ^ opad = 0x6a per byte), then the inner digest, padded.
  const flip = f.bits === 32 ? 0x6a6a6a6an : 0x6a6a6a6a6a6a6a6an;
  body.push(...fromIv());
  body.push(
    ...expandedCompression(
      (t) => `(v128.xor (v128.load offset=${IPAD_VECTORS + t * 16} (i32.const 0)) ${splat(flip)})`,
    ),
    ...addIv(),
    ...save(),
  );
  const finalWord = (t: number): string =>
    t < f.outWords
      ? get(`d${t}`)
      : t === f.outWords
        ? splat(1n << BigInt(f.bits - 1))
        : t === 15
          ? splat(BigInt((block + f.outWords * wordBytes) * 8))
          : splat(0n);
  body.push(...expandedCompression(finalWord));
  // With a digest buffer (tests), every lane's full MAC is stored there as words.
  body.push(
    `(if (local.get $digests) (then`,
    `(local.set $p (i32.add (local.get $digests) (i32.mul (local.get $i) (i32.const ${f.outWords * wordBytes}))))`,
  );
  for (let w = 0; w < f.outWords; w++) {
    body.push(`(local.set $x ${add(get(st[w]!), get(`v${w}`))})`);
    for (let j = 0; j < lanes; j++)
      body.push(
        `(v128.store${f.bits}_lane offset=${(j * f.outWords + w) * wordBytes} ${j} (local.get $p) (local.get $x))`,
      );
  }
  body.push(`))`);
  // Only the first output word is compared here; the caller checks a hit in full with WebCrypto.
  body.push(
    `(local.set $x (${v}.eq ${add(get('a'), get('v0'))} (${v}.splat (local.get $target))))`,
    `(if (v128.any_true (local.get $x)) (then`,
  );
  for (let j = 0; j < lanes; j++) {
    const laneHit =
      f.bits === 32
        ? `(i32x4.extract_lane ${j} (local.get $x))`
        : `(i64.ne (i64x2.extract_lane ${j} (local.get $x)) (i64.const 0))`;
    body.push(
      `(if ${laneHit} (then`,
      `(i32.store (i32.add (local.get $out) (i32.shl (local.get $hits) (i32.const 2))) (i32.add (local.get $i) (i32.const ${j})))`,
      `(local.set $hits (i32.add (local.get $hits) (i32.const 1)))))`,
    );
  }
  body.push(`))`);

  const vLocals = [...st, ...st.map((_, i) => `v${i}`)]
    .concat(
      Array.from({ length: f.outWords }, (_, i) => `d${i}`),
      ['t1', 't2', 'x'],
    )
    .map((n) => `(local $${n} v128)`);
  const target = f.bits === 32 ? 'i32' : 'i64';
  return [
    `(func (export "${f.name}") (param $n i32) (param $table i32) (param $kw i32) (param $nblocks i32) (param $target ${target}) (param $out i32) (param $digests i32) (result i32)`,
    ...vLocals,
    `(local $i i32) (local $p i32) (local $off i32) (local $len i32) (local $r i32) (local $kwp i32) (local $blocks i32) (local $hits i32) (local $q i32) (local $kp i32)`,
    `(block $done (loop $group`,
    `(br_if $done (i32.ge_u (local.get $i) (local.get $n)))`,
    ...body,
    `(local.set $i (i32.add (local.get $i) (i32.const ${lanes})))`,
    `(br $group)))`,
    `(local.get $hits))`,
  ].join('\n');
}

function dataSegment(at: number, words: readonly bigint[], bytes: number): string {
  let text = '';
  for (const w of words)
    for (let i = 0; i < bytes; i++) text += `\\${((w >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, '0')}`;
  return `(data (i32.const ${at}) "${text}")`;
}

/** The kernel's WebAssembly text (SIMD). */
export function kernelWat(): string {
  return [
    '(module',
    '(memory (export "memory") 1)',
    dataSegment(K256_AT, K256, 4),
    dataSegment(K512_AT, K512, 8),
    ...FLAVOURS.map(flavourFunction),
    ')',
    '',
  ].join('\n');
}
