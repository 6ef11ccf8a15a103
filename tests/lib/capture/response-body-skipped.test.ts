import { describe, expect, it } from 'vitest';
import { addSkippedBody, MAX_FETCHED_BODY_BYTES, skippedBodiesMessage } from '../../../lib/capture/response-body.ts';

describe('response bodies too large to scan are counted and said', () => {
  it('the limit is 32 MiB', () => {
    expect(MAX_FETCHED_BODY_BYTES).toBe(32 * 1_048_576);
  });

  it('one body: its size and the limit', () => {
    const tally = addSkippedBody(undefined, 40_000_000);
    expect(tally).toEqual({ count: 1, largest: 40_000_000 });
    expect(skippedBodiesMessage(tally)).toBe('1 response body of 40.0 MB not scanned (limit 32 MiB)');
  });

  it('several bodies: how many and the largest', () => {
    let tally = addSkippedBody(undefined, 35_000_000);
    tally = addSkippedBody(tally, 52_400_000);
    tally = addSkippedBody(tally, 40_000_000);
    expect(tally).toEqual({ count: 3, largest: 52_400_000 });
    expect(skippedBodiesMessage(tally)).toBe('3 response bodies not scanned, the largest 52.4 MB (limit 32 MiB)');
  });

  it('a tally is a new value (a view can hold the old one)', () => {
    const first = addSkippedBody(undefined, 40_000_000);
    const second = addSkippedBody(first, 50_000_000);
    expect(first).toEqual({ count: 1, largest: 40_000_000 });
    expect(second).not.toBe(first);
  });
});
