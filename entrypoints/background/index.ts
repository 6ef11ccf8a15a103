import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { CaptureStore, type KeyValueStorage } from '../../lib/capture/store.ts';
import { tokensInRequestHeaders } from '../../lib/capture/parse-headers.ts';
import type { CapturedToken } from '../../lib/capture/model.ts';
import { PORT_NAME, PROTOCOL_VERSION, type WorkerMessage } from '../../lib/protocol/messages.ts';
import { validatePanelMessage } from '../../lib/protocol/validate.ts';

export default defineBackground(() => {
  const area = browser.storage.session;
  const storage: KeyValueStorage = {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
  };
  const store = new CaptureStore(storage);
  const ports = new Map<number, Set<Browser.runtime.Port>>();
  const loggedBadShapes = new Set<string>();

  const post = (port: Browser.runtime.Port, message: WorkerMessage) => {
    try {
      port.postMessage(message);
    } catch {
      // The panel went away between the lookup and the post; onDisconnect cleans up.
    }
  };
  const broadcast = (tabId: number, tokens: CapturedToken[], dropped: number) => {
    for (const port of ports.get(tabId) ?? []) {
      for (const token of tokens) post(port, { v: PROTOCOL_VERSION, kind: 'token', tabId, token, dropped });
    }
  };

  // Listeners are registered synchronously at start-up so a restarted worker receives the event
  // that woke it (https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events).
  const extraInfo: `${Browser.webRequest.OnBeforeSendHeadersOptions}`[] = import.meta.env.FIREFOX
    ? ['requestHeaders']
    : ['requestHeaders', 'extraHeaders'];
  browser.webRequest.onBeforeSendHeaders.addListener(
    (details): undefined => {
      if (details.tabId < 0 || !details.requestHeaders) return;
      const found = tokensInRequestHeaders(details.requestHeaders);
      if (!found.length) return;
      const time = Date.now();
      void store
        .add(
          details.tabId,
          found.map((f) => ({
            token: f.token,
            sighting: {
              source: f.source,
              name: f.name,
              method: details.method,
              url: details.url,
              type: details.type,
              requestId: details.requestId,
              frameId: details.frameId,
              initiator: details.initiator,
              time,
            },
          })),
        )
        .then(({ changed, dropped }) => broadcast(details.tabId, changed, dropped))
        .catch((e: unknown) => console.error('JWT Lens: could not store a sighting', e));
    },
    { urls: ['<all_urls>'] },
    extraInfo as Browser.webRequest.OnBeforeSendHeadersOptions[],
  );

  const onDone = (details: { tabId: number; requestId: string; statusCode?: number }, status: number) => {
    if (details.tabId < 0) return;
    void store
      .status(details.tabId, details.requestId, status)
      .then(async (changed) => {
        if (changed.length) broadcast(details.tabId, changed, (await store.get(details.tabId)).dropped);
      })
      .catch((e: unknown) => console.error('JWT Lens: could not record a status', e));
  };
  browser.webRequest.onCompleted.addListener((d) => onDone(d, d.statusCode), { urls: ['<all_urls>'] });
  // Status 0: the request failed without a response (network error, blocked, cancelled).
  browser.webRequest.onErrorOccurred.addListener((d) => onDone(d, 0), { urls: ['<all_urls>'] });

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
      if (message.kind === 'hello') {
        tabId = message.tabId;
        const tab = tabId;
        let set = ports.get(tab);
        if (!set) ports.set(tab, (set = new Set()));
        set.add(port);
        void store.get(tab).then((capture) =>
          post(port, {
            v: PROTOCOL_VERSION,
            kind: 'snapshot',
            tabId: tab,
            tokens: capture.tokens,
            dropped: capture.dropped,
          }),
        );
      } else if (message.kind === 'clear' && tabId !== null) {
        const tab = tabId;
        void store.clear(tab).then(() => {
          for (const p of ports.get(tab) ?? []) post(p, { v: PROTOCOL_VERSION, kind: 'cleared', tabId: tab });
        });
      }
    });
    port.onDisconnect.addListener(() => {
      if (tabId !== null) ports.get(tabId)?.delete(port);
    });
  });
});
