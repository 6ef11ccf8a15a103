import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { inspect } from '../../lib/index.ts';
import { hostileInputs, inputArbitrary, seedTokens } from './fuzz-corpus.ts';

// Generous bound: it only catches hangs (the fuzz script measures the real per-input times).
const HANG_MS = 5000;
const NOW = 1_750_000_000;
const seeds = seedTokens();
let slowest = 0;

async function check(input: string): Promise<void> {
  const t = performance.now();
  const i = await inspect(input, {
    now: NOW,
    context: { source: 'url', url: `http://x.test/?t=${input.slice(0, 50)}` },
  });
  const ms = performance.now() - t;
  slowest = Math.max(slowest, ms);
  expect(ms).toBeLessThan(HANG_MS);
  expect(['jws', 'jwe', 'unsecured', 'malformed']).toContain(i.kind);
  if (i.kind === 'malformed') expect(i.error?.code).toMatch(/^[a-z0-9_-]+$/);
  for (const f of i.findings) expect(f.message.length).toBeGreaterThan(0);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
}

describe('inspect under fuzzing', () => {
  afterAll(() => {
    console.log(`fuzz-inspect: slowest input ${slowest.toFixed(1)} ms`);
  });

  it('never throws, never hangs and never pollutes prototypes on random and mutated tokens', async () => {
    await fc.assert(fc.asyncProperty(inputArbitrary(seeds), check), { numRuns: 400, seed: 20250615 });
  });

  it('survives hostile JSON and megabyte inputs', async () => {
    for (const input of hostileInputs()) await check(input);
  });

  it('reads __proto__ members as plain data', async () => {
    const proto = hostileInputs()[4]!;
    const i = await inspect(proto, { now: NOW });
    expect(Object.getPrototypeOf(i.payload)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(i.payload, '__proto__')).toBe(true);
    expect(i.findings.map((f) => f.rule)).toContain('numericdate-invalid');
  });
});
