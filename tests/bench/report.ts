// One line per measured row, machine-readable, so tests/bench/all.ts can print every bench in one table.

/** A benchmark row: what was measured, its same-run baseline, and how they compare. */
export interface BenchRow {
  bench: string;
  name: string;
  value: number;
  unit: string;
  baseline?: string;
  baselineValue?: number;
  /** value ÷ baseline for rates (higher is better), baseline ÷ value for times: > 1 means ours is faster. */
  speedup?: number;
}

/** Prints `row` as a `BENCH-ROW` line (all.ts collects them). */
export function emitRow(row: BenchRow): void {
  console.log(`BENCH-ROW ${JSON.stringify(row)}`);
}
