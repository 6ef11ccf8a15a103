import { browser } from 'wxt/browser';
import type { PreferenceStore } from '../../components/host.ts';

const STORAGE_KEY = 'panelPreferences';

/** The panel's preferences in chrome.storage.local (kept across browser restarts, like DevTools' own settings). */
export function localPreferenceStore(): PreferenceStore {
  return {
    async load() {
      const got = await browser.storage.local.get(STORAGE_KEY);
      const v: unknown = got[STORAGE_KEY];
      // Validated key by key by the panel: storage is a boundary.
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    },
    async save(patch) {
      const got = await browser.storage.local.get(STORAGE_KEY);
      const v: unknown = got[STORAGE_KEY];
      const current = typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
      await browser.storage.local.set({ [STORAGE_KEY]: { ...current, ...patch } });
    },
  };
}
