// `npm run bench`: every benchmark in one run, then one table of each row with its same-run
// baseline and the ratio. Each bench also prints its own detail as it goes.
// The capture and panel-UI benches need a build and Chromium: they run here when both exist (else
// npm run bench:capture / bench:panel build first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath, EXTENSION_DIR } from '../e2e/harness.ts';
import type { BenchRow } from './report.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const benches: [string, string[], Record<string, string>?][] = [
  ['tests/bench/inspect.ts', []],
  ['tests/bench/verify-ring.ts', []],
  ['tests/bench/crack.ts', process.argv.slice(2)],
  ['tests/bench/fuzz.ts', ['100000']],
  ['tests/bench/workbench.ts', []],
  ['tests/bench/har.ts', []],
];
// The UI benches (real Chromium) join when a build and Chromium are there; BENCH_UI=0 leaves them out.
const ui: [string, string[], Record<string, string>][] = [
  ['tests/bench/panel.ts', [], {}],
  ['tests/bench/capture.ts', ['7'], { SKIP_FLOOD: '1' }],
];
const built = existsSync(join(EXTENSION_DIR, 'manifest.json')) && chromiumPath() !== undefined;
if (process.env.BENCH_UI !== '0' && built) for (const [file, args, env] of ui) benches.push([file, args, env]);
const rows: BenchRow[] = [];
for (const [file, args, env = {}] of benches) {
  console.log(`\n=== ${file} ${args.join(' ')}`);
  const r = spawnSync('npx', ['tsx', file, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, ...env },
  });
  for (const line of `${r.stdout}`.split('\n')) {
    if (line.startsWith('BENCH-ROW ')) rows.push(JSON.parse(line.slice(10)) as BenchRow);
    else if (line) console.log(line);
  }
  if (r.status !== 0) console.log(`(exited ${r.status}) ${r.stderr.slice(-2000)}`);
}

const num = (v: number): string =>
  v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toLocaleString('en-US', { maximumSignificantDigits: 3 });
const table = rows.map((r) => [
  r.bench,
  r.name,
  `${num(r.value)} ${r.unit}`,
  r.baseline ?? '',
  r.baselineValue === undefined ? '' : `${num(r.baselineValue)} ${r.unit}`,
  r.speedup === undefined ? '' : `${r.speedup.toFixed(2)}x`,
]);
const head = ['bench', 'measure', 'value', 'same-run baseline', 'baseline value', 'speed-up'];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
for (const row of table) console.log(line(row));
console.log('\nspeed-up > 1: ours is faster than the baseline (rates: ours ÷ baseline; times: baseline ÷ ours).');
console.log(
  built
    ? 'Panel rows compare with the 50 ms target (a keystroke has no same-run baseline); capture: 7 interleaved rounds.'
    : 'Capture and panel-UI benches: npm run bench:capture, npm run bench:panel (build + Chromium).',
);
