// `npm run bench`: every benchmark in one run, then one table of each row with its same-run
// baseline and the ratio. Each bench also prints its own detail as it goes.
// The capture and panel-UI benches need a build and Chromium: npm run bench:capture / bench:panel.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './report.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const benches: [string, string[]][] = [
  ['tests/bench/inspect.ts', []],
  ['tests/bench/verify-ring.ts', []],
  ['tests/bench/crack.ts', process.argv.slice(2)],
  ['tests/bench/fuzz.ts', ['100000']],
  ['tests/bench/workbench.ts', []],
  ['tests/bench/har.ts', []],
];
const rows: BenchRow[] = [];
for (const [file, args] of benches) {
  console.log(`\n=== ${file} ${args.join(' ')}`);
  const r = spawnSync('npx', ['tsx', file, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
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
console.log('Capture and panel-UI benches: npm run bench:capture, npm run bench:panel (build + Chromium).');
