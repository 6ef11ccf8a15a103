// The weak-secret search over the shipped 104k wordlist, with its same-run baselines: crackSecret in
// Node (WebAssembly kernel) vs a native node:crypto createHmac loop, a Python `hmac` loop (jwt_tool's
// approach, when python3 exists), and the real panel in Chromium (worker pool; when a build exists).
// Run: npx tsx tests/bench/crack.ts   (add --no-panel to skip Chromium)
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crackSecret, parseWordlist } from '../../lib/index.ts';
import { EXTENSION_DIR, chromiumPath } from '../e2e/harness.ts';
import { BENCH_INPUT, BENCH_TOKEN, median as medianOf, panelCrackRounds } from './crack-panel.ts';
import { emitRow } from './report.ts';

const listPath = fileURLToPath(new URL('../../public/wordlists/jwt-secrets.txt', import.meta.url));
const words = parseWordlist(readFileSync(listPath, 'utf8'));
const input = BENCH_INPUT;
const token = BENCH_TOKEN;
const sig = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
const rate = (n: number, ms: number): number => (n / ms) * 1000;
const fmt = (r: number): string => `${Math.round(r).toLocaleString('en-US')}/s`;

function nativeLoop(): number {
  const msg = Buffer.from(input);
  let tried = 0;
  for (const w of words) {
    tried++;
    if (createHmac('sha256', w).update(msg).digest().equals(sig)) break;
  }
  return tried;
}

const PYTHON = `
import base64, hashlib, hmac, sys, time
words = [w for w in open(sys.argv[1], 'rb').read().split(b'\\n') if w]
signing_input, sig = sys.argv[2].rsplit('.', 1)
msg = signing_input.encode()
sig = base64.urlsafe_b64decode(sig + '=' * (-len(sig) % 4))
rates = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    for w in words:
        if hmac.new(w, msg, hashlib.sha256).digest() == sig:
            break
    rates.append(len(words) / (time.perf_counter() - t))
print(sorted(rates)[len(rates) // 2])
`;

function pythonLoop(rounds: number): number | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-lens-bench-'));
  try {
    const script = join(dir, 'hmac_loop.py');
    writeFileSync(script, PYTHON);
    const r = spawnSync('python3', [script, listPath, token, String(rounds)], { encoding: 'utf8' });
    if (r.status !== 0) return undefined;
    return Number(r.stdout.trim());
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `node ${process.version}, ${words.length.toLocaleString('en-US')} candidates, signing input ${input.length} bytes`,
);
const oursRounds: number[] = [];
const nativeRounds: number[] = [];
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  const res = await crackSecret(token, words);
  const o = rate(res.tried, performance.now() - t);
  t = performance.now();
  const n = rate(nativeLoop(), performance.now() - t);
  if (res.secret !== null) throw new Error('unexpected hit');
  oursRounds.push(o);
  nativeRounds.push(n);
  console.log(`round ${r + 1}: crackSecret ${fmt(o)}, native createHmac loop ${fmt(n)}`);
}
const ours = medianOf(oursRounds);
const native = medianOf(nativeRounds);
console.log(
  `median of 5: crackSecret ${fmt(ours)}, native createHmac loop ${fmt(native)} = ${(ours / native).toFixed(2)}x`,
);
emitRow({
  bench: 'crack',
  name: 'crackSecret in Node (wasm kernel), median of 5',
  value: ours,
  unit: 'candidates/s',
  baseline: 'node createHmac loop',
  baselineValue: native,
  speedup: ours / native,
});

const python = pythonLoop(5);
if (python === undefined) console.log('python3 not found: no Python hmac loop baseline');
else {
  console.log(`Python hmac loop (jwt_tool's approach), median of 5: ${fmt(python)}`);
  emitRow({
    bench: 'crack',
    name: 'crackSecret in Node (wasm kernel), median of 5',
    value: ours,
    unit: 'candidates/s',
    baseline: 'python3 hmac loop',
    baselineValue: python,
    speedup: ours / python,
  });
}

if (process.argv.includes('--no-panel')) console.log('panel: skipped (--no-panel)');
else if (!existsSync(join(EXTENSION_DIR, 'manifest.json')) || !chromiumPath())
  console.log('panel: needs a build and Chromium (npx wxt build; CHROMIUM_PATH) — skipped');
else {
  const rounds = await panelCrackRounds(5);
  const rates = rounds.map((r) => rate(r.tried, r.ms));
  const median = medianOf(rates);
  console.log(`panel (Chromium, ${rounds[0]!.cores} workers): ${rates.map(fmt).join(', ')}; median ${fmt(median)}`);
  emitRow({
    bench: 'crack',
    name: `panel search, Chromium, ${rounds[0]!.cores} workers (median of 5, after a warm-up round)`,
    value: median,
    unit: 'candidates/s',
    baseline: 'node createHmac loop',
    baselineValue: native,
    speedup: median / native,
  });
  if (python !== undefined)
    emitRow({
      bench: 'crack',
      name: `panel search, Chromium, ${rounds[0]!.cores} workers (median of 5, after a warm-up round)`,
      value: median,
      unit: 'candidates/s',
      baseline: 'python3 hmac loop',
      baselineValue: python,
      speedup: median / python,
    });
}
