import { describe, expect, it } from 'vitest';
import { RECOVER_AFTER_MS } from '../../../lib/capture/missed-requests.ts';
import { SLICE_OPS } from '../../../lib/capture/store.ts';
import { WORKER_STORE_OPTIONS } from '../../../lib/hub/panel-hub.ts';

// The behaviour tests of the worker's time slices (store-durable.test.ts) and of the panel's recovery
// of missed requests (missed-requests.test.ts) are written against these constants, so a change of
// value would still pass them; these pin the values the README states (l.557: "at most 250 records …
// per task"; l.559: "1.5 s later").
describe('README numbers behind constants', () => {
  it('a write-ahead slice applies at most 250 records', () => {
    expect(SLICE_OPS).toBe(250);
  });
  it('missed requests are recovered 1.5 s after DevTools saw them', () => {
    expect(RECOVER_AFTER_MS).toBe(1500);
  });
  it('with no panel open a batch waits for a 250 ms pause, at most 10 s; with one, batches every 200 ms', () => {
    expect(WORKER_STORE_OPTIONS).toMatchObject({ batchMs: 200, quietMs: 250, maxWaitMs: 10_000 });
  });
});
