import { browser } from 'wxt/browser';
import type { KeyRingStore } from '../../components/host.ts';
import type { KeyEntry } from '../../lib/types.ts';

const STORAGE_KEY = 'keyRing';

/** The key ring in chrome.storage.local (never sync: secrets stay on this machine). */
export function localKeyRingStore(): KeyRingStore {
  return {
    async load() {
      const got = await browser.storage.local.get(STORAGE_KEY);
      // Validated by the caller (readKeyRing): storage is a boundary.
      return (got[STORAGE_KEY] ?? []) as KeyEntry[];
    },
    async save(keys) {
      await browser.storage.local.set({ [STORAGE_KEY]: keys });
    },
  };
}
