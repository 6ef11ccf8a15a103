import { browser } from './ext.ts';
import type { PanelHub } from '../../lib/hub/panel-hub.ts';
import { OverrideManager, type DnrLike } from '../../lib/override/override-manager.ts';
import { PROTOCOL_VERSION } from '../../lib/protocol/messages.ts';

/** How long a restarted worker waits for panels to reconnect before removing the override rules of tabs without one. */
const SWEEP_AFTER_MS = 3000;

// The namespace appears once the optional permission `declarativeNetRequestWithHostAccess` is granted.
// Chromium 156 adds it to `chrome` at once but not to its native `browser` object (seen in e2e), so
// `chrome` first; its MV3 methods return promises.
const dnr = (): DnrLike | undefined =>
  (globalThis as { chrome?: { declarativeNetRequest?: DnrLike } }).chrome?.declarativeNetRequest ??
  (browser as unknown as { declarativeNetRequest?: DnrLike }).declarativeNetRequest;

/**
 * "Use this token in the app", wired: the override manager over the browser's declarativeNetRequest
 * session rules, reporting to the tab's panels through the hub; a closed tab ends its override, and a
 * started worker removes the rules its predecessor left for tabs whose panel did not come back.
 * Call synchronously at worker start (it registers a listener).
 */
export function useInApp(hub: () => PanelHub): OverrideManager {
  const overrides = new OverrideManager({
    dnr,
    notify: (tabId, news) => hub().send(tabId, { v: PROTOCOL_VERSION, kind: 'override', tabId, ...news }),
    hasPanel: (tabId) => hub().hasPanel(tabId),
    now: Date.now,
    ownId: browser.runtime.id,
    log: { error: (message, e) => console.error(message, e) },
  });
  browser.tabs.onRemoved.addListener((tabId) => void overrides.stop(tabId, 'tab-closed'));
  setTimeout(() => void overrides.sweep(), SWEEP_AFTER_MS);
  return overrides;
}
