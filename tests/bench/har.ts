// `npm run bench:har`: importing a 100 MB HAR with 50,000 entries: HarImporter fed 0.5 MB chunks (as the
// panel's worker feeds it) against JSON.parse of the whole text then the same entry reader. Time, the
// longest blocking step, and heap growth. Best of three.
import { performance } from 'node:perf_hooks';
import { readHarEntry } from '../../lib/har/har-entry.ts';
import { HarImporter } from '../../lib/har/har-importer.ts';
import type { HarImportResult } from '../../lib/har/model.ts';
import { buildTimeline } from '../../lib/timeline/build-timeline.ts';
import { timelineVerdicts } from '../../lib/timeline/verdicts.ts';
import { largeHarChunks } from '../lib/har/large-har.ts';
import { emitRow } from './report.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const chunks = [...largeHarChunks(50_000, 100_000_000, 250)];
const chars = chunks.reduce((n, c) => n + c.length, 0);
const mb = chars / 1e6;
console.log(
  `HAR: ${mb.toFixed(1)} MB, 50,000 entries, ${chunks.length} chunks${gc ? '' : ' (run with --expose-gc for steadier heap numbers)'}`,
);

let imported: HarImportResult | undefined;

function streamed(): { ms: number; longest: number; heap: number } {
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let longest = 0;
  const t0 = performance.now();
  const importer = new HarImporter();
  for (let i = 0; i < chunks.length; i++) {
    const t = performance.now();
    importer.push(chunks[i]!);
    longest = Math.max(longest, performance.now() - t);
    if (i % 5 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const r = importer.finish();
  const ms = performance.now() - t0;
  if (r.entries !== 50_000 || r.error) throw new Error(`import failed: ${r.entries} ${r.error?.code}`);
  imported = r;
  return { ms, longest, heap: Math.max(peak, process.memoryUsage().heapUsed) - base };
}

function whole(): { ms: number; longest: number; heap: number } {
  gc?.();
  const text = chunks.join('');
  const base = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const parsed = JSON.parse(text) as { log: { entries: unknown[] } };
  const parseMs = performance.now() - t0;
  const heap = process.memoryUsage().heapUsed - base;
  const ctx = { lastTime: undefined };
  parsed.log.entries.forEach((e, i) => readHarEntry(e, i, ctx));
  return { ms: performance.now() - t0, longest: parseMs, heap };
}

const best = (f: () => { ms: number; longest: number; heap: number }) => {
  const runs = [f(), f(), f()];
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
};
const s = best(streamed);
const w = best(whole);
const line = (name: string, r: { ms: number; longest: number; heap: number }) =>
  console.log(
    `${name}: ${r.ms.toFixed(0)} ms (${(mb / (r.ms / 1000)).toFixed(0)} MB/s), longest blocking step ${r.longest.toFixed(0)} ms, heap +${(r.heap / 1e6).toFixed(0)} MB`,
  );
line('HarImporter, 0.5 MB chunks', s);
line('JSON.parse whole + entries', w);
emitRow({
  bench: 'har',
  name: 'import 100 MB / 50k entries',
  value: s.ms,
  unit: 'ms',
  baseline: 'JSON.parse whole',
  baselineValue: w.ms,
  speedup: w.ms / s.ms,
});
emitRow({
  bench: 'har',
  name: 'longest blocking step',
  value: s.longest,
  unit: 'ms',
  baseline: 'JSON.parse whole',
  baselineValue: w.longest,
  speedup: w.longest / s.longest,
});
emitRow({
  bench: 'har',
  name: 'heap growth',
  value: s.heap / 1e6,
  unit: 'MB',
  baseline: 'JSON.parse whole',
  baselineValue: w.heap / 1e6,
  speedup: w.heap / s.heap,
});

// What the panel does next with the import: the timeline and its verdicts.
const tl = [0, 1, 2].map(() => {
  const t0 = performance.now();
  const timeline = buildTimeline({ tokens: imported!.tokens, requests: imported!.requests, now: imported!.end! });
  timelineVerdicts(timeline);
  return performance.now() - t0;
});
const tlMs = Math.min(...tl);
console.log(
  `buildTimeline + verdicts over it (${imported!.tokens.length} tokens, 50,000 sightings and records): ${tlMs.toFixed(0)} ms`,
);
emitRow({ bench: 'har', name: 'timeline + verdicts of the import', value: tlMs, unit: 'ms' });
