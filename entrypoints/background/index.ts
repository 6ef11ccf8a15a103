import type { Browser } from 'wxt/browser';
import { browser } from './ext.ts';
import { defineBackground } from 'wxt/utils/define-background';
import { CaptureStore, type KeyValueStorage } from '../../lib/capture/store.ts';
import { findTokens } from '../../lib/find-tokens.ts';
import { PanelHub, WORKER_STORE_OPTIONS } from '../../lib/hub/panel-hub.ts';
import {
  fromCookieJar,
  PendingBodies,
  rawRequestBody,
  rawRequestHeaders,
  rawResponseHeaders,
  responseEvent,
} from './sightings.ts';
import type { RequestBodyDetails } from '../../lib/capture/raw-event.ts';
import { useInApp } from './use-in-app.ts';

const SETTINGS_KEY = 'settings';

// Only wiring: browser events go to the capture store through the panel hub (lib/hub/panel-hub.ts),
// which owns batching, routing, the navigation policy and the settings.
export default defineBackground(() => {
  // Chrome's own promise-returning area on the hot path (every event's log write): where Chrome has
  // no native `browser` (before 144), the polyfill would wrap each call; Firefox's is native.
  const area: Browser.storage.StorageArea = import.meta.env.FIREFOX
    ? browser.storage.session
    : (chrome.storage.session as unknown as Browser.storage.StorageArea);
  const storage: KeyValueStorage = {
    getAll: () => area.get(null),
    set: (items) => area.set(items),
    remove: (keys) => area.remove(keys),
    // Called synchronously from the listeners: the record is on its way to storage before the
    // listener returns, so a worker stopped right after loses nothing the browser delivered.
    append: (key, value) => area.set({ [key]: value }),
  };
  const store = new CaptureStore(storage, undefined, {
    ...WORKER_STORE_OPTIONS,
    // Another tab's data pushed this tab's oldest tokens out of the byte budget.
    onChange: (tabId, change) => hub.changed(tabId, change),
    // With no panel open, a burst is compacted after it (its records already hold every event).
    unwatched: (): boolean => !hub.watched(),
  });
  const scanCookieJar = async (tabId: number, pageUrl?: string) => {
    try {
      const url = pageUrl ?? (await browser.tabs.get(tabId)).url;
      if (!url || !/^https?:/.test(url)) return;
      const cookies = await browser.cookies.getAll({ url });
      hub.record(
        tabId,
        fromCookieJar(cookies, url, Date.now(), (v) => findTokens(v).map((f) => f.token)),
      );
    } catch {
      // The tab is gone or its URL is not ours to see.
    }
  };
  const overrides = useInApp(() => hub);
  const hub = new PanelHub({
    store,
    settings: {
      load: () => area.get(SETTINGS_KEY).then((s) => s[SETTINGS_KEY]),
      save: (settings) => area.set({ [SETTINGS_KEY]: settings }),
    },
    schedule: (run, ms) => void setTimeout(run, ms),
    log: {
      warn: (message) => console.warn(message),
      error: (message, e) => console.error(message, e),
    },
    onHello: (tabId) => void scanCookieJar(tabId),
    overrides: {
      use: (tabId, plan) => void overrides.use(tabId, plan),
      stop: (tabId) => void overrides.stop(tabId, 'stopped'),
      hello: (tabId) => void overrides.hello(tabId),
      panelGone: (tabId) => void overrides.panelGone(tabId),
    },
  });

  // Listeners are registered synchronously at start-up so a restarted worker receives the event
  // that woke it (https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events).
  const filter = { urls: ['<all_urls>'] };
  const chromeOnly = <T extends string>(opts: T[], extra: T): T[] =>
    import.meta.env.FIREFOX ? opts : [...opts, extra];

  // Every listener costs each matching request an event dispatch, so there are as few as possible:
  // request bodies and navigations here (only for request types that can carry a body), URLs and
  // request headers in onBeforeSendHeaders, response headers and statuses in onHeadersReceived.
  // Bodies wait here (references) until the request's headers show whether it carried a token.
  const bodies = new PendingBodies();
  browser.webRequest.onBeforeRequest.addListener(
    (d): undefined => {
      if (d.tabId < 0 || (d.type !== 'main_frame' && !d.requestBody)) return;
      const raw = rawRequestBody(d);
      if (d.requestBody) bodies.set(d.requestId, d.requestBody as RequestBodyDetails, raw !== undefined);
      if (d.type === 'main_frame') hub.navigate(d.tabId, d.url, raw);
      else if (raw) hub.recordRaw(d.tabId, raw);
    },
    { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame', 'xmlhttprequest', 'ping', 'other'] },
    ['requestBody'],
  );

  browser.webRequest.onBeforeSendHeaders.addListener(
    (d): undefined => {
      // A cheap test of what may hold a token; the scan runs later, off the listener.
      const got = d.tabId >= 0 ? rawRequestHeaders(d, bodies.take(d.requestId)) : undefined;
      if (got) hub.recordRaw(d.tabId, got.raw, got.extra);
    },
    filter,
    chromeOnly<`${Browser.webRequest.OnBeforeSendHeadersOptions}`>(
      ['requestHeaders'],
      'extraHeaders',
    ) as Browser.webRequest.OnBeforeSendHeadersOptions[],
  );

  browser.webRequest.onHeadersReceived.addListener(
    (d): undefined => {
      if (d.tabId < 0) return;
      const raw = rawResponseHeaders(d);
      if (raw) hub.recordRaw(d.tabId, raw);
      // The response's event (every header, by reference) is built only for a request that carried
      // a token or a 401/403; the hub drops the rest first.
      hub.recordStatus(d.tabId, d.requestId, d.statusCode, () => responseEvent(d));
    },
    filter,
    chromeOnly<`${Browser.webRequest.OnHeadersReceivedOptions}`>(
      ['responseHeaders'],
      'extraHeaders',
    ) as Browser.webRequest.OnHeadersReceivedOptions[],
  );

  // Status 0: the request failed without a response (network error, blocked, cancelled).
  browser.webRequest.onErrorOccurred.addListener((d) => {
    if (d.tabId >= 0) hub.recordStatus(d.tabId, d.requestId, 0);
  }, filter);
  // The page's cookies are settled once its document has loaded: read the jar then.
  browser.webRequest.onCompleted.addListener(
    (d) => {
      if (d.tabId >= 0) void scanCookieJar(d.tabId, d.url);
    },
    { urls: ['<all_urls>'], types: ['main_frame'] },
  );

  browser.tabs.onRemoved.addListener((tabId) => hub.removeTab(tabId));
  browser.runtime.onConnect.addListener((port) => hub.connect(port));
});
