import { browser } from 'wxt/browser';
import type { PasteStore } from '../../components/host.ts';

const PREFIX = 'paste:';

/**
 * The inspected tab's paste box in `chrome.storage.session` (memory, cleared with the browser session,
 * like captured tokens): one item per tab. Items of tabs that are gone are swept when a panel opens.
 */
export function sessionPasteStore(tabId: number): PasteStore {
  const area = browser.storage.session;
  const key = `${PREFIX}${tabId}`;
  void sweep(tabId);
  return {
    async load() {
      return (await area.get(key))[key];
    },
    async save(record) {
      await area.set({ [key]: record });
    },
    async remove() {
      await area.remove(key);
    },
  };
}

async function sweep(own: number): Promise<void> {
  try {
    const area = browser.storage.session as typeof browser.storage.session & { getKeys?: () => Promise<string[]> };
    // getKeys (Chrome 130+) lists keys without reading the capture's values; without it nothing is swept.
    const keys = (await area.getKeys?.()) ?? [];
    for (const k of keys) {
      if (!k.startsWith(PREFIX)) continue;
      const tab = Number(k.slice(PREFIX.length));
      if (tab === own) continue;
      const alive = await browser.tabs.get(tab).then(
        () => true,
        () => false,
      );
      if (!alive) await area.remove(k);
    }
  } catch {
    // Not swept now; the next panel tries again.
  }
}
