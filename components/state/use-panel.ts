import { useEffect, useReducer, useRef } from 'preact/hooks';
import type { PanelStore } from './panel-store.ts';

/**
 * Reads a value from the panel store and re-renders the component when that value changes
 * (compared with `Object.is`; selectors return the store's memoised objects).
 */
export function usePanel<T>(store: PanelStore, select: (store: PanelStore) => T): T {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const selectRef = useRef(select);
  selectRef.current = select;
  const value = select(store);
  const valueRef = useRef(value);
  valueRef.current = value;
  useEffect(() => {
    const check = () => {
      if (!Object.is(selectRef.current(store), valueRef.current)) rerender(0);
    };
    const stop = store.subscribe(check);
    // A change between this render and the subscription is not missed.
    check();
    return stop;
  }, [store]);
  return value;
}
