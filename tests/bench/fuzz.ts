// Long fuzz run of inspect(): random and mutated tokens plus hostile inputs; prints counts, outcome
// kinds, the slowest input and the time percentiles. Run: npx tsx tests/bench/fuzz.ts [runs=100000]
import fc from 'fast-check';
import { inspect } from '../../lib/index.ts';
import { hostileInputs, inputArbitrary, seedTokens } from '../lib/fuzz-corpus.ts';
import { emitRow } from './report.ts';

const runs = Number(process.argv[2] ?? 100_000);
const NOW = 1_750_000_000;
const times: number[] = [];
const kinds = new Map<string, number>();
const codes = new Map<string, number>();
let slowest = { ms: 0, input: '' };
let failures = 0;

async function one(input: string): Promise<void> {
  const t = performance.now();
  try {
    const i = await inspect(input, { now: NOW });
    kinds.set(i.kind, (kinds.get(i.kind) ?? 0) + 1);
    if (i.error) codes.set(i.error.code, (codes.get(i.error.code) ?? 0) + 1);
  } catch (e) {
    failures++;
    console.error('THREW on', JSON.stringify(input.slice(0, 200)), e);
  }
  const ms = performance.now() - t;
  times.push(ms);
  if (ms > slowest.ms) slowest = { ms, input };
  if (({} as Record<string, unknown>).polluted !== undefined)
    throw new Error(`prototype polluted by ${input.slice(0, 200)}`);
}

const started = performance.now();
for (const input of hostileInputs()) await one(input);
const samples = fc.sample(inputArbitrary(seedTokens()), { numRuns: runs, seed: 42 });
for (const input of samples) await one(input);
times.sort((a, b) => a - b);
const pct = (p: number): string => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(3);
console.log(
  `inputs: ${times.length.toLocaleString('en-US')} (${runs.toLocaleString('en-US')} generated + ${hostileInputs().length} hostile) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`threw: ${failures}; kinds: ${JSON.stringify(Object.fromEntries(kinds))}`);
console.log(`top error codes: ${JSON.stringify([...codes].sort((a, b) => b[1] - a[1]).slice(0, 8))}`);
console.log(
  `time per input (ms): p50 ${pct(50)}, p99 ${pct(99)}, p99.9 ${pct(99.9)}, max ${slowest.ms.toFixed(1)} (input of ${slowest.input.length} chars: ${JSON.stringify(slowest.input.slice(0, 60))}…)`,
);
console.log(`inputs over 50 ms: ${times.filter((t) => t > 50).length}`);
if (failures > 0) process.exitCode = 1;
emitRow({
  bench: 'fuzz',
  name: `inspect on ${times.length} hostile/generated inputs, p99 (threw: ${failures})`,
  value: Number(pct(99)),
  unit: 'ms',
});
