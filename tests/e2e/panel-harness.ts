import type { Page } from '@playwright/test';
import type { CapturedToken } from '../../lib/capture/model.ts';
import { PROTOCOL_VERSION } from '../../lib/protocol/messages.ts';
import type { ExtensionBrowser } from './harness.ts';

/** Options of {@link openPanelInTab}. */
export interface InTabOptions {
  /** DevTools theme the fake reports ('default' is light). */
  theme?: 'default' | 'dark';
  /**
   * Tokens the fake worker answers hello with. When absent the panel talks to the real worker
   * through a real Port (for a tab id that has no capture).
   */
  snapshot?: CapturedToken[];
  /** Generate this many synthetic tokens in the page for the snapshot (benchmarks). */
  generate?: number;
  tabId?: number;
}

/** In-page controls of the fake worker, on `window.__jwtLens`. */
export interface FakeWorker {
  push(token: CapturedToken): void;
  sent: unknown[];
  snapshotAt?: number;
  firstRowAt?: number;
}

/**
 * Opens the panel page in a normal tab with a fake `chrome.devtools` (and, with a snapshot, a fake
 * worker Port), for fast UI tests without DevTools. Both `chrome` and `browser` are patched: they
 * are different objects in Chromium 156.
 */
export async function openPanelInTab(ext: ExtensionBrowser, options: InTabOptions = {}): Promise<Page> {
  const page = await ext.context.newPage();
  const args = {
    theme: options.theme ?? 'default',
    tabId: options.tabId ?? 999_999,
    snapshot: options.snapshot,
    generate: options.generate,
    v: PROTOCOL_VERSION,
  };
  // As source text with a `__name` shim: tsx (esbuild keepNames) wraps functions in __name(), which
  // does not exist in the page.
  await page.addInitScript({
    content: `var __name = (f) => f; (${fakeDevtools.toString()})(${JSON.stringify(args)});`,
  });
  await page.goto(`chrome-extension://${ext.extensionId}/devtools-panel.html`);
  await page.waitForSelector('.app');
  return page;
}

/** Runs in the page before the panel's scripts: fake chrome.devtools and, optionally, a fake worker Port. */
function fakeDevtools({
  theme,
  tabId,
  snapshot,
  generate,
  v,
}: {
  theme: string;
  tabId: number;
  snapshot?: CapturedToken[];
  generate?: number;
  v: number;
}) {
  const listeners = () => {
    const ls: ((...a: unknown[]) => void)[] = [];
    return {
      addListener: (f: (...a: unknown[]) => void) => void ls.push(f),
      removeListener: (f: (...a: unknown[]) => void) => void ls.splice(ls.indexOf(f) >>> 0, 1),
      hasListener: (f: (...a: unknown[]) => void) => ls.includes(f),
    };
  };
  const devtools = {
    inspectedWindow: {
      tabId,
      eval(_expr: string, cb?: (result: unknown, exception?: unknown) => void) {
        cb?.(undefined, { isException: true, value: 'no inspected page in the test harness' });
      },
    },
    panels: { themeName: theme },
    network: { onNavigated: listeners(), onRequestFinished: listeners() },
  };
  const g = globalThis as unknown as Record<string, { runtime?: Record<string, unknown> } & Record<string, unknown>>;
  for (const api of [g.chrome, g.browser])
    if (api) Object.defineProperty(api, 'devtools', { value: devtools, configurable: true });

  if (!snapshot && !generate) return;
  let tokens = snapshot ?? [];
  if (generate) {
    const b64 = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const now = Math.floor(Date.now() / 1000);
    const algs = ['RS256', 'HS256', 'ES256', 'none', 'PS256'];
    const hosts = ['api.example.com', 'auth.example.org', 'cdn.example.net', 'app.test'];
    const locations = [
      { direction: 'request', via: 'webrequest', location: { kind: 'header', name: 'Authorization' } },
      { direction: 'request', via: 'webrequest', location: { kind: 'cookie', name: 'Authorization' } },
      { direction: 'request', via: 'webrequest', location: { kind: 'query', name: 'Authorization' } },
      { direction: 'request', via: 'webrequest', location: { kind: 'form-body', name: 'Authorization' } },
      { direction: 'stored', via: 'page-storage', location: { kind: 'storage', area: 'local', name: 'Authorization' } },
    ] as const;
    tokens = [];
    for (let i = 0; i < generate; i++) {
      const alg = algs[i % algs.length]!;
      const h = b64(JSON.stringify({ alg, typ: 'JWT', kid: `k${i % 7}` }));
      const p = b64(
        JSON.stringify({
          iss: `https://${hosts[i % hosts.length]}/`,
          sub: `user-${i}`,
          email: `user${i}@example.com`,
          aud: 'api',
          scope: i % 3 ? 'openid profile' : 'openid admin',
          iat: now - (i % 5000),
          exp: now + ((i % 11) - 3) * 600,
        }),
      );
      const sig = alg === 'none' ? '' : b64(`sig-${i}-${'x'.repeat(20 + (i % 30))}`);
      const token = `${h}.${p}.${sig}`;
      const t = Date.now() - i * 1000;
      tokens.push({
        token,
        firstSeen: t,
        lastSeen: t,
        count: 1 + (i % 4),
        sightings: [
          {
            ...locations[i % locations.length]!,
            method: 'GET',
            url: `https://${hosts[(i + 1) % hosts.length]}/api/items/${i}`,
            time: t,
            // Stored tokens travelled in no request, so they have no status.
            ...(locations[i % locations.length]!.direction === 'request' ? { status: 200 } : {}),
          },
        ],
      });
    }
  }
  const onMessage: ((m: unknown) => void)[] = [];
  const fake = {
    sent: [] as unknown[],
    snapshotAt: undefined as number | undefined,
    firstRowAt: undefined as number | undefined,
    push(token: unknown) {
      for (const f of onMessage) f({ v, kind: 'tokens', tabId, tokens: [token], evicted: [], dropped: 0 });
    },
  };
  (globalThis as unknown as { __jwtLens: typeof fake }).__jwtLens = fake;
  new MutationObserver((_, obs) => {
    if (fake.firstRowAt === undefined && document.querySelector('[data-testid="token-row"]')) {
      fake.firstRowAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  const port = {
    name: 'jwt-lens-panel',
    postMessage(m: { kind?: string }) {
      fake.sent.push(m);
      if (m.kind === 'hello')
        setTimeout(() => {
          fake.snapshotAt = performance.now();
          for (const f of onMessage) f({ v, kind: 'snapshot', tabId, tokens, dropped: 0, preserveLog: false });
        }, 0);
    },
    onMessage: { addListener: (f: (m: unknown) => void) => void onMessage.push(f), removeListener() {} },
    onDisconnect: { addListener() {}, removeListener() {} },
    disconnect() {},
  };
  for (const api of [g.chrome, g.browser])
    if (api?.runtime) Object.defineProperty(api.runtime, 'connect', { value: () => port, configurable: true });
}

/** A captured token with one header sighting, for snapshots. */
export function capturedToken(
  token: string,
  sighting: Partial<CapturedToken['sightings'][number]> = {},
): CapturedToken {
  const time = sighting.time ?? Date.now();
  return {
    token,
    firstSeen: time,
    lastSeen: time,
    count: 1,
    sightings: [
      {
        direction: 'request',
        via: 'webrequest',
        location: { kind: 'header', name: 'Authorization' },
        method: 'GET',
        url: 'https://api.example.com/me',
        status: 200,
        time,
        ...sighting,
      },
    ],
  };
}
