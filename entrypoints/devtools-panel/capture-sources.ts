import { browser } from 'wxt/browser';
import type { Sighting } from '../../lib/capture/model.ts';
import {
  addSkippedBody,
  MAX_FETCHED_BODY_BYTES,
  scanResponseBody,
  type SkippedBodies,
} from '../../lib/capture/response-body.ts';
import { tokensInStorage } from '../../lib/capture/storage-tokens.ts';
import { evalInPage } from './eval-in-page.ts';

/** A token the panel found, ready to report to the worker. */
export type Found = { token: string; sighting: Sighting };

/** What the panel-side capture offers the UI. */
export interface PanelCapture {
  /** Reads the inspected page's localStorage and sessionStorage again; resolves with the tokens found. */
  rescanStorage(): Promise<number>;
  /** Tells `listener` each time a response body is too large to scan (with the tally so far); returns the unsubscribe. */
  onBodiesSkipped(listener: (skipped: SkippedBodies) => void): () => void;
  stop(): void;
}

// Runs in the inspected page: copies both storage areas (keys and values only) and the page URL.
const READ_STORAGE = `(() => {
  const read = (area) => {
    const out = [];
    try {
      const s = window[area];
      for (let i = 0; i < s.length; i++) { const k = s.key(i); out.push({ key: k, value: s.getItem(k) ?? '' }); }
    } catch (e) { /* storage disabled or opaque origin */ }
    return out;
  };
  return { url: location.href, local: read('localStorage'), session: read('sessionStorage') };
})()`;

interface StorageDump {
  url: string;
  local: { key: string; value: string }[];
  session: { key: string; value: string }[];
}

function isDump(v: unknown): v is StorageDump {
  const d = v as StorageDump;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof d.url === 'string' &&
    Array.isArray(d.local) &&
    Array.isArray(d.session)
  );
}

// Bodies beyond MAX_FETCHED_BODY_BYTES are not fetched at all (getContent of a huge body stalls
// DevTools) and are counted for the panel; a body under it is read in full up to 1 MiB, and beyond
// that its end too (see scanResponseBody).
// '{"alg":"none"}' base64url-encoded plus two dots and a one-character payload.
const MIN_TOKEN_LENGTH = 24;

/**
 * Sources only the panel can see: the page's Web Storage (when the panel opens, after each
 * navigation and on demand) and JSON response bodies through devtools.network while it is open.
 */
export function startPanelCapture(report: (found: Found[]) => void): PanelCapture {
  let stopped = false;
  let tooBig: SkippedBodies | undefined;
  const skipListeners = new Set<(skipped: SkippedBodies) => void>();

  const rescanStorage = async (): Promise<number> => {
    const dump = await evalInPage(READ_STORAGE);
    if (!isDump(dump) || stopped) return 0;
    const time = Date.now();
    const found: Found[] = [];
    for (const [area, entries] of [
      ['local', dump.local],
      ['session', dump.session],
    ] as const) {
      for (const t of tokensInStorage(entries, area)) {
        found.push({
          token: t.token,
          sighting: { direction: 'stored', via: 'page-storage', location: t.location, url: dump.url, time },
        });
      }
    }
    if (found.length) report(found);
    return found.length;
  };

  const onNavigated = () => {
    // Let the new page run its start-up code (which usually writes the tokens) before reading.
    setTimeout(() => void rescanStorage(), 1000);
  };

  // Response bodies are fetched from DevTools one request at a time; a flood of thousands of
  // getContent calls at once stalls DevTools, so at most MAX_IN_FLIGHT run and MAX_QUEUED wait
  // (beyond that, bodies are skipped and counted).
  const MAX_IN_FLIGHT = 4;
  const MAX_QUEUED = 500;
  const queue: chrome.devtools.network.Request[] = [];
  let inFlight = 0;
  let skipped = 0;
  const pump = () => {
    while (!stopped && inFlight < MAX_IN_FLIGHT && queue.length) {
      const request = queue.shift()!;
      inFlight++;
      request.getContent((content: string, encoding: string) => {
        inFlight--;
        scanBody(request, content, encoding);
        pump();
      });
    }
  };
  const scanBody = (request: chrome.devtools.network.Request, content: string, encoding: string) => {
    if (stopped || !content) return;
    const text = encoding === 'base64' ? safeAtob(content) : content;
    if (text === undefined) return;
    const scan = scanResponseBody(text);
    if (!scan.tokens.length) return;
    const time = Date.now();
    report(
      scan.tokens.map((t) => ({
        token: t.token,
        sighting: {
          direction: 'response',
          via: 'devtools-network',
          location: t.location,
          method: request.request.method,
          url: request.request.url,
          status: request.response.status,
          time,
          // Only part of the body was read: the sighting says so (list and detail show it).
          ...(scan.body ? { body: scan.body } : {}),
        },
      })),
    );
  };
  const onRequestFinished = (request: chrome.devtools.network.Request) => {
    const { mimeType = '', size } = request.response.content;
    if (!/json|javascript|text\/plain/i.test(mimeType)) return;
    // The shortest JWT is longer than this: smaller bodies cannot hold one.
    if (size >= 0 && size < MIN_TOKEN_LENGTH) return;
    if (size > MAX_FETCHED_BODY_BYTES) {
      tooBig = addSkippedBody(tooBig, size);
      for (const listener of skipListeners) listener(tooBig);
      return;
    }
    if (queue.length >= MAX_QUEUED) {
      skipped++;
      if (skipped === 1 || skipped % 1000 === 0)
        console.warn(`JWT Lens: ${skipped} response bodies not scanned (request flood)`);
      return;
    }
    queue.push(request);
    pump();
  };

  browser.devtools.network.onNavigated.addListener(onNavigated);
  chrome.devtools.network.onRequestFinished.addListener(onRequestFinished);
  void rescanStorage();
  return {
    rescanStorage,
    onBodiesSkipped(listener) {
      skipListeners.add(listener);
      if (tooBig) listener(tooBig);
      return () => skipListeners.delete(listener);
    },
    stop() {
      stopped = true;
      browser.devtools.network.onNavigated.removeListener(onNavigated);
      chrome.devtools.network.onRequestFinished.removeListener(onRequestFinished);
    },
  };
}

function safeAtob(b64: string): string | undefined {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
