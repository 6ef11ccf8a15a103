import { useEffect, useReducer, useRef } from 'preact/hooks';
import type { PanelState, PanelStore } from './panel-store.ts';

/**
 * Reads a value from the panel store and re-renders the component when that value changes
 * (compared with `equal`, default `Object.is`; selectors return the store's memoised objects).
 */
export function usePanel<T>(
  store: PanelStore,
  select: (store: PanelStore) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const selectRef = useRef(select);
  selectRef.current = select;
  const equalRef = useRef(equal);
  equalRef.current = equal;
  const value = select(store);
  const valueRef = useRef(value);
  valueRef.current = value;
  useEffect(() => {
    const check = () => {
      if (!equalRef.current(selectRef.current(store), valueRef.current)) rerender(0);
    };
    const stop = store.subscribe(check);
    // A change between this render and the subscription is not missed.
    check();
    return stop;
  }, [store]);
  return value;
}

/** The state fields only the token list (and the toolbar's filter box and count) depend on. */
const LIST_ONLY: ReadonlySet<string> = new Set<keyof PanelState>(['filterText', 'sort']);

/**
 * True when two panel states differ at most in what only the list reads (the filter text, the
 * sort): a view that does not show the list (the detail pane) need not be drawn again.
 */
export function sameApartFromList(a: PanelState, b: PanelState): boolean {
  if (a === b) return true;
  if (Object.keys(a).length !== Object.keys(b).length) return false;
  for (const k in a) {
    if (LIST_ONLY.has(k)) continue;
    if (!Object.is(a[k as keyof PanelState], b[k as keyof PanelState])) return false;
  }
  return true;
}
