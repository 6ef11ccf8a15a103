import { copyText } from '../../components/common/copy-text.ts';
import { browser } from 'wxt/browser';
import type { ClipboardWrite, PanelSettingsStore } from '../../components/host.ts';

const STORAGE_KEY = 'panelSettings';

/** The panel's layout settings in chrome.storage.local. */
export function localPanelSettings(): PanelSettingsStore {
  return {
    async load() {
      const got = await browser.storage.local.get(STORAGE_KEY);
      // Validated by the caller (readLayout): storage is a boundary.
      return got[STORAGE_KEY];
    },
    async save(settings) {
      await browser.storage.local.set({ [STORAGE_KEY]: settings });
    },
  };
}

/** Writes to the clipboard (the panel's one clipboard implementation). */
export const writeClipboard: ClipboardWrite = copyText;
