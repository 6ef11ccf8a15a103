// The filter matches in time slices: a keystroke lists what its first slice matched, later slices
// complete it, and the result is exactly the plain one-pass match.
import { UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InspectFn } from '../../../components/state/inspect-token.ts';
import { PanelStore } from '../../../components/state/panel-store.ts';
import { rowValidity } from '../../../components/state/token-rows.ts';
import * as matching from '../../../lib/filter/match-filter.ts';
import { matchFilter } from '../../../lib/filter/match-filter.ts';
import { parseFilter } from '../../../lib/filter/parse-filter.ts';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

// Counts how often the store judges a row against a filter.
vi.mock('../../../lib/filter/match-filter.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../lib/filter/match-filter.ts')>();
  return { ...actual, matchSubject: vi.fn(actual.matchSubject) };
});
const judged = vi.mocked(matching.matchSubject);

const NOW = 1_700_000_000_000;
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

// Inspections never land, so the list depends only on the filter.
const never: InspectFn = () => new Promise(() => undefined);

// The slices run when the test says so (PanelStoreOptions.scheduleFilterSlice): no timing, so a
// loaded machine cannot make a test wait past its deadline.
function setup(n: number, filterSliceMs: number) {
  const queue: (() => void)[] = [];
  const tokens = Array.from({ length: n }, (_, i) =>
    captured(
      new UnsecuredJWT({ sub: `user-${i}`, ...(i % 3 === 0 ? { exp: NOW / 1000 - 60 } : {}) }).encode(),
      i % 2 ? { location: { kind: 'cookie', name: 'session' } } : {},
      NOW - i * 1000,
    ),
  );
  const store = new PanelStore({
    transport: memoryTransport(tokens),
    clock: () => NOW,
    host: { keyRing: memoryKeyRing() },
    inspectFn: never,
    filterSliceMs,
    scheduleFilterSlice: (run) => void queue.push(run),
  });
  let changes = 0;
  store.subscribe(() => changes++);
  stops.push(store.start());
  /** Runs every scheduled slice (and those they schedule); returns how many ran. */
  const drain = (): number => {
    let ran = 0;
    for (let run = queue.shift(); run; run = queue.shift()) {
      run();
      ran++;
    }
    return ran;
  };
  return { store, changes: () => changes, drain };
}

// The plain path: every row matched in one pass, in entry order (the default sort keeps it).
function plain(store: PanelStore, text: string): string[] {
  const filter = parseFilter(text);
  return store
    .entries()
    .filter((c) => {
      const r = store.rowOf(c);
      return matchFilter(filter, { ...r.subject, validity: rowValidity(r, NOW, 0) });
    })
    .map((c) => c.token);
}

const listed = (store: PanelStore) => store.listed().map((c) => c.token);

describe('filter matching in slices', () => {
  it('lists a first slice at once, completes in later slices, and ends exactly where the plain path does', () => {
    const { store, changes, drain } = setup(3000, 0);
    for (const text of ['user-1', 'is:expired', 'source:cookie user-2', '-user-29', 'nothing-matches']) {
      store.setFilter(text);
      const first = listed(store);
      // With a zero budget one slice is one block of 64 rows: the first answer is a prefix.
      expect(store.filterPending(), text).toBe(true);
      expect(plain(store, text).slice(0, first.length)).toEqual(first);
      const before = changes();
      expect(drain()).toBeGreaterThan(0);
      expect(store.filterPending()).toBe(false);
      expect(listed(store), text).toEqual(plain(store, text));
      expect(changes()).toBeGreaterThan(before);
    }
  });

  it('typing on while a filter is still matching restarts from every entry and stays exact', () => {
    const { store, drain } = setup(3000, 0);
    store.setFilter('user-1');
    listed(store);
    expect(store.filterPending()).toBe(true);
    store.setFilter('user-12');
    listed(store);
    drain();
    expect(store.filterPending()).toBe(false);
    expect(listed(store)).toEqual(plain(store, 'user-12'));
    // Typed on from a complete result: narrowed from its matches, still exact.
    store.setFilter('user-123');
    listed(store);
    drain();
    expect(store.filterPending()).toBe(false);
    expect(listed(store)).toEqual(plain(store, 'user-123'));
  });

  it('a budget that holds the whole list matches it in the keystroke itself', () => {
    const { store } = setup(200, 60_000);
    store.setFilter('user-1');
    expect(store.filterPending()).toBe(false);
    expect(listed(store)).toEqual(plain(store, 'user-1'));
  });

  it('inspections landing re-match without flicker: the complete result stays listed and unchanged rows keep their answers', () => {
    const { store, drain } = setup(3000, 0);
    store.setFilter('user-1');
    listed(store);
    drain();
    const complete = listed(store);
    expect(complete).toEqual(plain(store, 'user-1'));
    // A batch of inspections landed (the secret search found one): the list is judged again.
    judged.mockClear();
    store.setCracked(store.entries()[5]!.token, 'secret');
    expect(store.filterPending()).toBe(true);
    // Still matching in slices, yet the list shows the last complete result, never a partial one.
    expect(listed(store)).toEqual(complete);
    drain();
    expect(store.filterPending()).toBe(false);
    expect(listed(store)).toEqual(plain(store, 'user-1'));
    // No row changed, so none was judged again.
    expect(judged).not.toHaveBeenCalled();
  });
});
