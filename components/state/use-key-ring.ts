import { useEffect, useMemo, useState } from 'preact/hooks';
import { readKeyRing } from '../../lib/key-ring/key-ring.ts';
import { describeKeys, type KeyFacts } from '../../lib/verify/index.ts';
import type { KeyEntry } from '../../lib/types.ts';
import type { KeyRingStore } from '../host.ts';

/** The key ring as the panel uses it. */
export interface KeyRingState {
  keys: KeyEntry[];
  /** Bumped on every change, so inspections can be cached per ring version. */
  version: number;
  loaded: boolean;
  facts: Map<string, KeyFacts>;
  error?: string;
  /** Replaces the ring and persists it. */
  setKeys(keys: KeyEntry[]): void;
}

/** Loads the ring from its store once, keeps it in state, saves every change, describes each key. */
export function useKeyRing(store: KeyRingStore | undefined): KeyRingState {
  const [state, setState] = useState<{ keys: KeyEntry[]; version: number; loaded: boolean; error?: string }>({
    keys: [],
    version: 0,
    loaded: !store,
  });
  const [facts, setFacts] = useState<Map<string, KeyFacts>>(new Map());

  useEffect(() => {
    if (!store) return;
    let live = true;
    store
      .load()
      .then((raw) => {
        const { keys, dropped } = readKeyRing(raw);
        if (!live) return;
        setState((s) => ({
          keys: s.version > 0 ? s.keys : keys,
          version: s.version + 1,
          loaded: true,
          ...(dropped
            ? { error: `${dropped} stored key entr${dropped === 1 ? 'y was' : 'ies were'} unreadable and ignored.` }
            : {}),
        }));
      })
      .catch(
        (e: unknown) =>
          live && setState((s) => ({ ...s, loaded: true, error: `The key ring could not be loaded: ${String(e)}` })),
      );
    return () => {
      live = false;
    };
  }, [store]);

  useEffect(() => {
    let live = true;
    void describeKeys(state.keys).then((list) => {
      if (live) setFacts(new Map(list.map((f) => [f.id, f])));
    });
    return () => {
      live = false;
    };
  }, [state.keys]);

  const setKeys = useMemo(
    () => (keys: KeyEntry[]) => {
      setState((s) => ({ ...s, keys, version: s.version + 1 }));
      store
        ?.save(keys)
        .catch((e: unknown) => setState((s) => ({ ...s, error: `The key ring could not be saved: ${String(e)}` })));
    },
    [store],
  );

  return { ...state, facts, setKeys };
}
