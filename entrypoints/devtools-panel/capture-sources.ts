import { browser } from 'wxt/browser';
import type { Sighting } from '../../lib/capture/model.ts';
import type { CaptureNotice } from '../../lib/capture/model.ts';
import {
  addSkippedBody,
  isTokenEndpointRequest,
  missedNotice,
  scanResponseBody,
  type SkippedBodies,
} from '../../lib/capture/response-body.ts';
import { requestSightings, type MissedRequests } from '../../lib/capture/missed-requests.ts';
import { responseBodyAction } from '../../lib/capture/response-body-policy.ts';
import { StorageTracker, tokensInStorage, type StorageToken } from '../../lib/capture/storage-tokens.ts';
import { authorizeRequestOf, MAX_AUTHORIZE_URL } from '../../lib/oauth/authorize-request.ts';
import type { PanelTransport } from '../../lib/protocol/transport.ts';
import { evalInPage } from './eval-in-page.ts';
import { installTokenResponseHold, releaseTokenResponses } from './token-response-hold.ts';
import { HOLD_HEARTBEAT } from './page-scripts.ts';

/** A token the panel found, ready to report to the worker. */
export type Found = { token: string; sighting: Sighting };

/** What the panel-side capture offers the UI. */
export interface PanelCapture {
  /** Reads the inspected page's localStorage and sessionStorage again (all reported); resolves with the tokens found. */
  rescanStorage(): Promise<number>;
  /** Tells `listener` each time a response body is too large to scan (with the tally so far); returns the unsubscribe. */
  onBodiesSkipped(listener: (skipped: SkippedBodies) => void): () => void;
  /** Tells `listener` the URL of each authorize request seen (only its URL, cut at 4 KiB); returns the unsubscribe. */
  onAuthorizeRequest(listener: (url: string) => void): () => void;
  stop(): void;
}

// Runs in the inspected page: a fingerprint of both storage areas, bounded work per value (the
// first 1,024 characters, then every 31st and the last 512: a replaced token differs there).
const FINGERPRINT_FN = `(() => {
  let h = 0x811c9dc5;
  const mix = (s) => { for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619); };
  const value = (v) => {
    mix(String(v.length));
    if (v.length <= 1024) return mix(v);
    mix(v.slice(0, 1024));
    for (let i = 1024; i < v.length; i += 31) h = Math.imul(h ^ v.charCodeAt(i), 16777619);
    mix(v.slice(-512));
  };
  for (const area of ['localStorage', 'sessionStorage']) {
    try {
      const s = window[area];
      mix(area + s.length);
      for (let i = 0; i < s.length; i++) { const k = s.key(i); mix(k); value(s.getItem(k) ?? ''); }
    } catch (e) { mix('-'); }
  }
  return location.origin + ' ' + (h >>> 0).toString(36);
})`;
// The poll also tells the page's token-response hold that the panel is still open.
const STORAGE_FINGERPRINT = `${HOLD_HEARTBEAT}${FINGERPRINT_FN}()`;

// Runs in the inspected page: copies both storage areas (keys and values only), the page URL and
// the fingerprint of what it copied.
const READ_STORAGE = `(() => {
  const read = (area) => {
    const out = [];
    try {
      const s = window[area];
      for (let i = 0; i < s.length; i++) { const k = s.key(i); out.push({ key: k, value: s.getItem(k) ?? '' }); }
    } catch (e) { /* storage disabled or opaque origin */ }
    return out;
  };
  return { url: location.href, fingerprint: ${FINGERPRINT_FN}(), local: read('localStorage'), session: read('sessionStorage') };
})()`;

interface StorageDump {
  url: string;
  fingerprint?: string;
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

// Which bodies are fetched at all is responseBodyAction's (JSON, JavaScript, text/plain; none over
// MAX_FETCHED_BODY_BYTES — counted for the panel instead); a body under it is read in full up to
// 1 MiB, and beyond that its end too (see scanResponseBody).
/** How often the page's storage fingerprint is compared while the panel is open. */
const STORAGE_POLL_MS = 1000;

/**
 * Sources only the panel can see: the page's Web Storage (read when the panel opens, kept current
 * by a cheap fingerprint poll every second, re-read on demand) and JSON response bodies through
 * devtools.network while it is open — token-endpoint responses first and at once.
 */
export function startPanelCapture(
  report: (found: Found[]) => void,
  notify: (notice: CaptureNotice) => void = () => {},
  unseen?: MissedRequests,
): PanelCapture {
  let stopped = false;
  let tooBig: SkippedBodies | undefined;
  const skipListeners = new Set<(skipped: SkippedBodies) => void>();
  const authorizeListeners = new Set<(url: string) => void>();
  const storage = new StorageTracker();
  let lastFingerprint: string | undefined;

  const readStorage = async (all: boolean): Promise<number> => {
    const dump = await evalInPage(READ_STORAGE);
    if (!isDump(dump) || stopped) return 0;
    if (typeof dump.fingerprint === 'string') lastFingerprint = dump.fingerprint;
    const time = Date.now();
    const found: Found[] = [];
    const current: StorageToken[] = [];
    for (const [area, entries] of [
      ['local', dump.local],
      ['session', dump.session],
    ] as const) {
      current.push(...tokensInStorage(entries, area));
    }
    const change = storage.update(dump.url, current);
    const added = all ? current : change.added;
    for (const t of added)
      found.push({
        token: t.token,
        sighting: { direction: 'stored', via: 'page-storage', location: t.location, url: dump.url, time },
      });
    for (const t of change.removed)
      found.push({
        token: t.token,
        sighting: {
          direction: 'stored',
          via: 'page-storage',
          location: t.location,
          url: dump.url,
          time,
          removed: true,
        },
      });
    if (found.length) report(found);
    return added.length;
  };
  const rescanStorage = () => readStorage(true);

  // The poll asks the page for a fingerprint of its storage (bounded work there) and reads the
  // storage in full only when it changed; one poll at a time.
  let polling = false;
  const poll = async () => {
    if (stopped || polling) return;
    polling = true;
    try {
      const fp = await evalInPage(STORAGE_FINGERPRINT);
      if (!stopped && typeof fp === 'string' && fp !== lastFingerprint) await readStorage(false);
    } finally {
      polling = false;
    }
  };
  const pollTimer = setInterval(() => {
    void poll();
    // Requests DevTools saw that the worker's capture still lacks (its event died with a stopped worker).
    const due = unseen?.due(Date.now());
    if (due?.length) report(due);
  }, STORAGE_POLL_MS);

  const onNavigated = () => {
    // At once: the new document may send a token request soon (a login callback does).
    void installTokenResponseHold();
    // The new page's start-up code usually writes its tokens: the poll sees them; this read is for
    // a page whose storage did not change (another origin's storage, same fingerprint by chance).
    setTimeout(() => void readStorage(false), 1000);
  };

  // Response bodies are fetched from DevTools one request at a time; a flood of thousands of
  // getContent calls at once stalls DevTools, so at most MAX_IN_FLIGHT run and MAX_QUEUED wait
  // (beyond that, bodies are skipped and counted). Token-endpoint responses skip the queue.
  const MAX_IN_FLIGHT = 4;
  const MAX_QUEUED = 500;
  const queue: chrome.devtools.network.Request[] = [];
  let inFlight = 0;
  let skipped = 0;
  let missed = 0;
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
  const scanBody = (request: chrome.devtools.network.Request, content: string, encoding: string): boolean => {
    if (stopped || !content) return false;
    const text = encoding === 'base64' ? safeAtob(content) : content;
    if (text === undefined) return false;
    const scan = scanResponseBody(text);
    if (!scan.tokens.length) return true;
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
    return true;
  };
  // A token endpoint's answer is usually followed at once by a navigation (the login callback
  // goes back to the app), after which DevTools has dropped the body and getContent answers ''.
  // So it is asked for in this very callback, outside the queue and its cap; the HAR entry's own
  // text is used when DevTools put one there.
  const readTokenResponse = (request: chrome.devtools.network.Request) => {
    const har = (request.response.content as { text?: unknown; encoding?: unknown } | undefined) ?? {};
    if (
      typeof har.text === 'string' &&
      har.text &&
      scanBody(request, har.text, har.encoding === 'base64' ? 'base64' : '')
    ) {
      void releaseTokenResponses();
      return;
    }
    request.getContent((content: string, encoding: string) => {
      const read = scanBody(request, content, encoding);
      // The page's fetch waits for this (see token-response-hold.ts): let it go on now.
      void releaseTokenResponses();
      if (read || stopped) return;
      missed++;
      notify(missedNotice(request.request.url, missed));
    });
  };
  const onRequestFinished = (request: chrome.devtools.network.Request) => {
    if (stopped) return;
    void installTokenResponseHold(true);
    if (unseen) {
      const now = Date.now();
      const sent = requestSightings(request, now);
      if (sent.length) unseen.seen(sent, now);
    }
    // An authorize request (the navigation to the provider, a silent-renew iframe) carries no token,
    // but its nonce and client_id are what the ID token is checked against.
    const url = request.request.url;
    if (authorizeListeners.size && isAuthorizeUrl(url)) {
      const cut = url.slice(0, MAX_AUTHORIZE_URL);
      for (const listener of authorizeListeners) listener(cut);
    }
    const { mimeType = '', size } = request.response.content;
    if (isTokenEndpointRequest(request.request) && request.response.status >= 200 && request.response.status < 300) {
      readTokenResponse(request);
      return;
    }
    const action = responseBodyAction(mimeType, size);
    if (action === 'not-text' || action === 'too-small') return;
    if (action === 'too-large') {
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
  void installTokenResponseHold();
  void readStorage(true);
  return {
    rescanStorage,
    onBodiesSkipped(listener) {
      skipListeners.add(listener);
      if (tooBig) listener(tooBig);
      return () => skipListeners.delete(listener);
    },
    onAuthorizeRequest(listener) {
      authorizeListeners.add(listener);
      return () => authorizeListeners.delete(listener);
    },
    stop() {
      stopped = true;
      clearInterval(pollTimer);
      browser.devtools.network.onNavigated.removeListener(onNavigated);
      chrome.devtools.network.onRequestFinished.removeListener(onRequestFinished);
    },
  };
}

function isAuthorizeUrl(url: string): boolean {
  return /[?&]client_id=/.test(url) && authorizeRequestOf(url) !== undefined;
}

function safeAtob(b64: string): string | undefined {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/**
 * The transport, with the worker's capture (snapshot, tokens, cleared) and the connection's state
 * told to `missed` on the way to the panel, so it knows which requests the worker already holds.
 */
export function watchWorkerCapture(transport: PanelTransport, missed: MissedRequests): PanelTransport {
  return {
    start: (handlers) =>
      transport.start({
        onMessage(message) {
          if (message.kind === 'snapshot') missed.snapshot(message.tokens, Date.now(), message.dropped);
          else if (message.kind === 'tokens') missed.update(message.tokens, message.evicted ?? [], message.dropped);
          else if (message.kind === 'cleared') missed.cleared();
          handlers.onMessage(message);
        },
        onStatus(status) {
          if (status.state !== 'connected') missed.disconnected();
          handlers.onStatus(status);
        },
      }),
    send: (message) => transport.send(message),
  };
}
