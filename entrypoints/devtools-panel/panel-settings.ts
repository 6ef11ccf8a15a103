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

/**
 * Writes to the clipboard: the async Clipboard API, else a hidden textarea and execCommand('copy')
 * (DevTools panel frames may deny the async API).
 */
export const writeClipboard: ClipboardWrite = async (text) => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    const focused = document.activeElement as HTMLElement | null;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    focused?.focus?.();
    return ok;
  }
};
