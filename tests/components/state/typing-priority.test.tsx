// Issue 14: a filter keystroke gets the thread. Background inspection and row building wait while
// the user types, and the default (newest first) order of a filtered list skips the sort.
import { UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InspectFn } from '../../../components/state/inspect-token.ts';
import { PanelStore } from '../../../components/state/panel-store.ts';
import { sortRows } from '../../../components/state/token-rows.ts';
import { inspect } from '../../../lib/index.ts';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.useRealTimers();
});

function tokens(n: number) {
  return Array.from({ length: n }, (_, i) =>
    captured(new UnsecuredJWT({ sub: `user-${i}` }).encode(), {}, NOW - (i % 7) * 1000),
  );
}

describe('typing goes first', () => {
  it('holds background inspections while the user types, then runs them', async () => {
    vi.useFakeTimers({ now: NOW });
    const calls: number[] = [];
    const inspectFn: InspectFn = async (token, options) => {
      calls.push(Date.now());
      return inspect(token, options);
    };
    const store = new PanelStore({
      transport: memoryTransport(tokens(50)),
      clock: () => NOW,
      host: { keyRing: memoryKeyRing() },
      inspectFn,
    });
    stops.push(store.start());
    store.setFilter('user-1');
    const typedAt = Date.now();
    await vi.advanceTimersByTimeAsync(150);
    store.setFilter('user-12');
    const lastKey = Date.now();
    await vi.advanceTimersByTimeAsync(150);
    expect(calls.filter((t) => t < lastKey + 150)).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.length).toBeGreaterThan(0);
    // Nothing ran until the user had been quiet for a while after the last keystroke.
    expect(Math.min(...calls)).toBeGreaterThanOrEqual(lastKey + 150);
    expect(Math.min(...calls)).toBeGreaterThan(typedAt);
  });

  it('lists a filtered list newest first without sorting, as the sort would, as a new array per round', async () => {
    const store = new PanelStore({
      transport: memoryTransport(tokens(3000)),
      clock: () => NOW,
      host: { keyRing: memoryKeyRing() },
      inspectFn: () => new Promise(() => undefined),
      filterSliceMs: 0,
    });
    stops.push(store.start());
    store.setFilter('user-1');
    const first = store.listed();
    expect(store.filterPending()).toBe(true);
    await vi.waitFor(() => expect(store.filterPending()).toBe(false), { timeout: 15_000 });
    const done = store.listed();
    expect(done).not.toBe(first);
    expect(done.length).toBeGreaterThan(first.length);
    const sorted = sortRows(
      done.map((c) => store.rowOf(c)),
      { column: 'seen', descending: true },
      0,
    ).map((r) => r.captured);
    expect(done).toEqual(sorted);
    expect(done.every((c) => store.rowOf(c).label.includes('user-1'))).toBe(true);
  });

  it('matches on rows rebuilt by the inspections that landed after the rows were first built', async () => {
    let landed = 0;
    const inspectFn: InspectFn = async (token, options) => {
      const out = await inspect(token, options);
      landed++;
      return out;
    };
    const store = new PanelStore({
      transport: memoryTransport(tokens(40)),
      clock: () => NOW,
      host: { keyRing: memoryKeyRing() },
      inspectFn,
    });
    stops.push(store.start());
    // Rows built before any inspection: no findings yet, so no row matches a rule.
    store.setFilter('rule:alg-none');
    expect(store.listed()).toEqual([]);
    // Waits for the inspections without building any row here: only the store rebuilds them.
    await vi.waitFor(() => expect(landed).toBe(40), { timeout: 15_000 });
    store.setFilter('rule:alg-none user-1');
    const subOf = (token: string): string =>
      (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
    const expected = store
      .entries()
      .map((c) => c.token)
      .filter((t) => subOf(t).startsWith('user-1'));
    expect(expected).toHaveLength(11);
    // The list takes new results in once the store says they landed (a redraw, held while typing).
    await vi.waitFor(
      () => {
        expect(store.filterPending()).toBe(false);
        expect(store.listed().map((c) => c.token)).toEqual(expected);
      },
      { timeout: 15_000 },
    );
  });
});
