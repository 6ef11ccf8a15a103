// A 100 MB HAR with 50,000 entries, made in the test and pushed in chunks as a worker would: import
// time and memory are printed (npm run bench:har compares them with JSON.parse of the whole text).
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { HarImporter } from '../../../lib/har/har-importer.ts';
import { largeHarChunks, largeHarTokens } from './large-har.ts';

describe('HAR import: 100 MB, 50,000 entries', () => {
  it('imports chunk by chunk within the budgets, keeping every entry, token and refusal', () => {
    // The file's chunks first (a worker reads them from the File), then only the import is timed.
    const chunks = [...largeHarChunks()];
    const importer = new HarImporter();
    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    let longest = 0;
    const t0 = performance.now();
    for (let i = 0; i < chunks.length; i++) {
      const t = performance.now();
      importer.push(chunks[i]!);
      longest = Math.max(longest, performance.now() - t);
      if (i % 10 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    const r = importer.finish();
    const ms = performance.now() - t0;
    const mb = r.chars / 1e6;
    console.log(
      `HAR import: ${mb.toFixed(1)} MB, ${r.entries} entries in ${ms.toFixed(0)} ms (${(mb / (ms / 1000)).toFixed(1)} MB/s), ` +
        `${chunks.length} chunks of ~${(r.chars / chunks.length / 1e6).toFixed(1)} MB, longest push ${longest.toFixed(0)} ms; ` +
        `heap +${((peakHeap - before.heapUsed) / 1e6).toFixed(0)} MB at peak (sampled), ` +
        `${r.tokens.length} tokens, ${r.requests.length} records`,
    );
    expect(r.error).toBeUndefined();
    expect(r.chars).toBeGreaterThanOrEqual(99_000_000);
    expect(r.entries).toBe(50_000);
    expect(r.tokens.map((t) => t.token).sort()).toEqual(largeHarTokens(Math.ceil(50_000 / 600)).sort());
    expect(r.tokens.reduce((n, t) => n + t.sightings.length, 0)).toBe(50_000);
    expect(r.requests).toHaveLength(50_000);
    expect(r.requests.filter((q) => q.status === 401)).toHaveLength(Math.ceil(50_000 / 97));
    expect(r.dropped).toEqual({ entries: 0, sightings: 0, requests: 0, bodies: 0, badEntries: 0 });
  }, 180_000);
});
