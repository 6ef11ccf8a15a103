import { browser, type Browser } from 'wxt/browser';
import { PORT_NAME, PROTOCOL_VERSION, type PanelMessage } from '../../lib/protocol/messages.ts';
import type { PanelTransport, TransportHandlers } from '../../lib/protocol/transport.ts';
import { validateWorkerMessage } from '../../lib/protocol/validate.ts';

/**
 * A transport over one long-lived runtime Port for the inspected tab. When the worker stops (the
 * port disconnects) it reconnects and says hello again; the snapshot that answers replaces state.
 */
export function portTransport(tabId: number): PanelTransport {
  let port: Browser.runtime.Port | null = null;
  // Messages sent while no worker is connected wait here and go out after the next snapshot.
  let ready = false;
  const pending: PanelMessage[] = [];
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const logged = new Set<string>();

  return {
    start(handlers: TransportHandlers) {
      let delay = 100;
      const connect = () => {
        if (stopped) return;
        handlers.onStatus({ state: 'connecting' });
        const p = browser.runtime.connect({ name: PORT_NAME });
        port = p;
        p.onMessage.addListener((raw: unknown) => {
          const checked = validateWorkerMessage(raw);
          if (!checked.ok) {
            if (checked.error.code === 'version-mismatch') {
              handlers.onStatus({
                state: 'version-mismatch',
                message: 'JWT Lens was updated — close and reopen DevTools to use the new version.',
              });
              stopped = true;
              p.disconnect();
              return;
            }
            if (!logged.has(checked.error.code)) {
              logged.add(checked.error.code);
              console.warn('JWT Lens: ignored a worker message:', checked.error.message);
            }
            return;
          }
          handlers.onMessage(checked.message);
          if (checked.message.kind === 'snapshot') {
            delay = 100;
            ready = true;
            handlers.onStatus({ state: 'connected' });
            for (const m of pending.splice(0)) p.postMessage(m);
          }
        });
        p.onDisconnect.addListener(() => {
          port = null;
          ready = false;
          if (stopped) return;
          handlers.onStatus({ state: 'disconnected', reason: 'the background worker restarted' });
          retry = setTimeout(connect, delay);
          delay = Math.min(delay * 2, 2000);
        });
        p.postMessage({ v: PROTOCOL_VERSION, kind: 'hello', tabId } satisfies PanelMessage);
      };
      connect();
      return () => {
        stopped = true;
        clearTimeout(retry);
        port?.disconnect();
      };
    },
    send(message: PanelMessage) {
      if (port && ready) {
        try {
          port.postMessage(message);
          return;
        } catch {
          // Disconnected between the check and the post: keep it for the next connection.
        }
      }
      pending.push(message);
    },
  };
}
