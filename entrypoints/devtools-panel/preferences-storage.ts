import { browser } from 'wxt/browser';
import type { PreferenceStore } from '../../components/host.ts';
import { LAYOUT_KEY } from '../../components/state/layout-settings.ts';

const STORAGE_KEY = 'panelPreferences';
// Where versions before 0.2 kept the layout on its own; folded into the preferences when read.
const OLD_LAYOUT_KEY = 'panelSettings';

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * The panel's one preference store, in chrome.storage.local (kept across browser restarts, like
 * DevTools' own settings): clock skew, layout, forged tokens. Saves run one after another, so two
 * saves of different keys never lose each other's change.
 */
export function localPreferenceStore(): PreferenceStore {
  const area = browser.storage.local;
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<Record<string, unknown>> => {
    const got = await area.get([STORAGE_KEY, OLD_LAYOUT_KEY]);
    const prefs = asRecord(got[STORAGE_KEY]);
    if (got[OLD_LAYOUT_KEY] === undefined) return prefs;
    const merged = LAYOUT_KEY in prefs ? prefs : { ...prefs, [LAYOUT_KEY]: got[OLD_LAYOUT_KEY] };
    await area.set({ [STORAGE_KEY]: merged });
    await area.remove(OLD_LAYOUT_KEY);
    return merged;
  };
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    // Validated key by key by the panel: storage is a boundary.
    load: () => serial(read),
    save: (patch) =>
      serial(async () => {
        await area.set({ [STORAGE_KEY]: { ...(await read()), ...patch } });
      }),
  };
}
