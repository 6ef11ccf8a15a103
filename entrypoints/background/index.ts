import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { CapturedToken } from '../../lib/capture/model.ts';
import { CaptureStore, type KeyValueStorage } from '../../lib/capture/store.ts';
import { findTokens } from '../../lib/find-tokens.ts';
import { PORT_NAME, PROTOCOL_VERSION, type WorkerMessage } from '../../lib/protocol/messages.ts';
import { validatePanelMessage } from '../../lib/protocol/validate.ts';
import { fromCookieJar, fromRequestBody, fromRequestHeaders, fromResponseHeaders, type Found } from './sightings.ts';

const SETTINGS_KEY = 'settings';

export default defineBackground(() => {
  const area = browser.storage.session;
  const storage: KeyValueStorage = {
    getAll: () => area.get(null),
    set: (items) => area.set(items),
    remove: (keys) => area.remove(keys),
  };
  const store = new CaptureStore(storage);
  const ports = new Map<number, Set<Browser.runtime.Port>>();
  const loggedBadShapes = new Set<string>();
  let preserveLog: Promise<boolean> = area
    .get(SETTINGS_KEY)
    .then((s) => Boolean((s[SETTINGS_KEY] as { preserveLog?: boolean } | undefined)?.preserveLog));

  const post = (port: Browser.runtime.Port, message: WorkerMessage) => {
    try {
      port.postMessage(message);
    } catch {
      // The panel went away between the lookup and the post; onDisconnect cleans up.
    }
  };
  const toPanels = (tabId: number, message: WorkerMessage) => {
    for (const port of ports.get(tabId) ?? []) post(port, message);
  };
  // Changes go to open panels in batches: at most one message per tab every BATCH_MS, so a request
  // flood does not become a message (and a panel re-render) per request. Storage already holds them.
  const BATCH_MS = 100;
  const outbox = new Map<number, { tokens: Map<string, CapturedToken>; evicted: Set<string>; dropped: number }>();
  const flush = (tabId: number) => {
    const box = outbox.get(tabId);
    outbox.delete(tabId);
    if (!box) return;
    toPanels(tabId, {
      v: PROTOCOL_VERSION,
      kind: 'tokens',
      tabId,
      tokens: [...box.tokens.values()],
      evicted: [...box.evicted],
      dropped: box.dropped,
    });
  };
  const broadcast = (tabId: number, tokens: CapturedToken[], evicted: string[], dropped: number) => {
    if (!ports.get(tabId)?.size) return;
    let box = outbox.get(tabId);
    if (!box) {
      outbox.set(tabId, (box = { tokens: new Map(), evicted: new Set(), dropped }));
      setTimeout(() => flush(tabId), BATCH_MS);
    }
    for (const t of tokens) {
      box.tokens.set(t.token, t);
      box.evicted.delete(t.token);
    }
    for (const e of evicted) {
      box.tokens.delete(e);
      box.evicted.add(e);
    }
    box.dropped = dropped;
  };
  const record = (tabId: number, found: Found[]) => {
    if (tabId < 0 || !found.length) return;
    void store
      .add(tabId, found)
      .then(({ changed, evicted, dropped }) => broadcast(tabId, changed, evicted, dropped))
      .catch((e: unknown) => console.error('JWT Lens: could not store a sighting', e));
  };
  const scanCookieJar = async (tabId: number, pageUrl?: string) => {
    try {
      const url = pageUrl ?? (await browser.tabs.get(tabId)).url;
      if (!url || !/^https?:/.test(url)) return;
      const cookies = await browser.cookies.getAll({ url });
      record(
        tabId,
        fromCookieJar(cookies, url, Date.now(), (v) => findTokens(v).map((f) => f.token)),
      );
    } catch {
      // The tab is gone or its URL is not ours to see.
    }
  };

  // Listeners are registered synchronously at start-up so a restarted worker receives the event
  // that woke it (https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events).
  const filter = { urls: ['<all_urls>'] };
  const chromeOnly = <T extends string>(opts: T[], extra: T): T[] =>
    import.meta.env.FIREFOX ? opts : [...opts, extra];

  // Every listener costs each matching request an event dispatch, so there are as few as possible:
  // request bodies and navigations here (only for request types that can carry a body), URLs and
  // request headers in onBeforeSendHeaders, response headers and statuses in onHeadersReceived.
  browser.webRequest.onBeforeRequest.addListener(
    (d): undefined => {
      if (d.tabId < 0 || (d.type !== 'main_frame' && !d.requestBody)) return;
      const found = fromRequestBody(d);
      if (d.type !== 'main_frame') {
        record(d.tabId, found);
        return;
      }
      // A navigation starts: like the Network panel, start afresh unless "Preserve log" is on.
      // The store runs one tab's operations in call order, so the clear lands before this
      // request's own tokens and before those of every later request.
      const tabId = d.tabId;
      void preserveLog.then((keep) => {
        if (!keep) {
          outbox.delete(tabId);
          void store
            .clear(tabId)
            .then(() =>
              toPanels(tabId, { v: PROTOCOL_VERSION, kind: 'cleared', tabId, reason: 'navigation', url: d.url }),
            );
        }
        record(tabId, found);
      });
    },
    { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame', 'xmlhttprequest', 'ping', 'other'] },
    ['requestBody'],
  );

  browser.webRequest.onBeforeSendHeaders.addListener(
    (d): undefined => {
      if (d.tabId >= 0) record(d.tabId, fromRequestHeaders(d));
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
      record(d.tabId, fromResponseHeaders(d));
      recordStatus(d.tabId, d.requestId, d.statusCode);
    },
    filter,
    chromeOnly<`${Browser.webRequest.OnHeadersReceivedOptions}`>(
      ['responseHeaders'],
      'extraHeaders',
    ) as Browser.webRequest.OnHeadersReceivedOptions[],
  );

  // A response's status lands on the sightings of its request (each hop of a redirect has its own).
  const recordStatus = (tabId: number, requestId: string, status: number) => {
    void store
      .status(tabId, requestId, status)
      .then(async (changed) => {
        if (changed.length) broadcast(tabId, changed, [], (await store.get(tabId)).dropped);
      })
      .catch((e: unknown) => console.error('JWT Lens: could not record a status', e));
  };
  // Status 0: the request failed without a response (network error, blocked, cancelled).
  browser.webRequest.onErrorOccurred.addListener((d) => {
    if (d.tabId >= 0) recordStatus(d.tabId, d.requestId, 0);
  }, filter);
  // The page's cookies are settled once its document has loaded: read the jar then.
  browser.webRequest.onCompleted.addListener(
    (d) => {
      if (d.tabId >= 0) void scanCookieJar(d.tabId, d.url);
    },
    { urls: ['<all_urls>'], types: ['main_frame'] },
  );

  browser.tabs.onRemoved.addListener((tabId) => {
    void store.remove(tabId);
  });

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PORT_NAME) return;
    let tabId: number | null = null;
    port.onMessage.addListener((raw: unknown) => {
      const checked = validatePanelMessage(raw);
      if (!checked.ok) {
        if (!loggedBadShapes.has(checked.error.code)) {
          loggedBadShapes.add(checked.error.code);
          console.warn('JWT Lens: ignored a panel message:', checked.error.message);
        }
        post(port, { v: PROTOCOL_VERSION, kind: 'error', ...checked.error });
        return;
      }
      const message = checked.message;
      switch (message.kind) {
        case 'hello': {
          const tab = (tabId = message.tabId);
          let set = ports.get(tab);
          if (!set) ports.set(tab, (set = new Set()));
          set.add(port);
          void Promise.all([store.get(tab), preserveLog]).then(([capture, keep]) =>
            post(port, {
              v: PROTOCOL_VERSION,
              kind: 'snapshot',
              tabId: tab,
              tokens: capture.tokens,
              dropped: capture.dropped,
              preserveLog: keep,
              ...(capture.notices?.length ? { notices: capture.notices } : {}),
            }),
          );
          void scanCookieJar(tab);
          break;
        }
        case 'clear':
          if (tabId !== null) {
            const tab = tabId;
            void store
              .clear(tab)
              .then(() => toPanels(tab, { v: PROTOCOL_VERSION, kind: 'cleared', tabId: tab, reason: 'user' }));
          }
          break;
        case 'report':
          if (tabId !== null) record(tabId, message.found);
          break;
        case 'preserve-log': {
          const enabled = message.enabled;
          preserveLog = area.set({ [SETTINGS_KEY]: { preserveLog: enabled } }).then(() => enabled);
          void preserveLog.then(() => {
            for (const [tab] of ports) toPanels(tab, { v: PROTOCOL_VERSION, kind: 'settings', preserveLog: enabled });
          });
          break;
        }
      }
    });
    port.onDisconnect.addListener(() => {
      if (tabId !== null) ports.get(tabId)?.delete(port);
    });
  });
});
