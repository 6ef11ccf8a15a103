import type { RequestRecord } from '../types.ts';
import { SKEW_RESOLUTION_MS, type ClockSkew, type SkewSample } from './model.ts';

// Samples a skew keeps (the statistics are over all of them).
const MAX_SAMPLES = 200;

/** A URL's origin (`https://host:port`), or undefined when it has none. */
export function originOf(url: string | undefined): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    const o = new URL(url).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The server's clock against the local one, from the responses' `Date` headers: each sample is
 * `Date + 500 ms − local receive time` (the header drops the milliseconds, so the middle of its
 * second is the best guess). A median under the header's 1 s resolution is not a measurable skew.
 * Undefined when no response carried a usable `Date`.
 */
export function skewOf(requests: readonly RequestRecord[]): ClockSkew | undefined {
  const samples: SkewSample[] = [];
  for (const r of requests) {
    const d = r?.serverDate;
    const local = r?.responseTime ?? r?.time;
    if (typeof d !== 'number' || !Number.isFinite(d) || typeof local !== 'number' || !Number.isFinite(local)) continue;
    const sample: SkewSample = { serverDate: d, localTime: local, offsetMs: d + SKEW_RESOLUTION_MS / 2 - local };
    if (typeof r.url === 'string') sample.url = r.url;
    samples.push(sample);
  }
  if (!samples.length) return undefined;
  samples.sort((a, b) => a.localTime - b.localTime);
  const offsets = samples.map((s) => s.offsetMs).sort((a, b) => a - b);
  const medianMs = median(offsets);
  return {
    count: samples.length,
    medianMs,
    minMs: offsets[0]!,
    maxMs: offsets[offsets.length - 1]!,
    medianSeconds: Math.round(medianMs / 1000),
    measurable: Math.abs(medianMs) >= SKEW_RESOLUTION_MS,
    samples: samples.length > MAX_SAMPLES ? samples.slice(-MAX_SAMPLES) : samples,
  };
}
