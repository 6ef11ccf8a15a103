import { chromium, type BrowserContext, type Frame, type Page, type Worker } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built extension (npm run build). */
export const EXTENSION_DIR =
  process.env.JWT_LENS_EXTENSION_DIR ?? fileURLToPath(new URL('../../.output/chrome-mv3', import.meta.url));

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** The Chromium/Chrome to drive: $CHROMIUM_PATH, else the first one installed. */
export function chromiumPath(): string | undefined {
  const env = process.env.CHROMIUM_PATH;
  if (env) return env;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Flags for Chromium on a closed network: no background traffic, no sandbox (root in CI). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser with the extension loaded. */
export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  close(): Promise<void>;
}

/** Where DevTools docks and how big it is: width when docked right, height when docked bottom. */
export interface DockPreset {
  side: 'right' | 'bottom' | 'undocked';
  /** Pixels: DevTools' width (right) or height (bottom); ignored when undocked. */
  size?: number;
}

/** The three sizes DevTools is really used at (issue 10): right dock, short bottom dock, undocked. */
export const DOCK_SIZES = {
  right: {
    dock: { side: 'right', size: 550 },
    window: { width: 1280, height: 800 },
    panel: { width: 550, height: 800 },
  },
  bottom: {
    dock: { side: 'bottom', size: 350 },
    window: { width: 1280, height: 900 },
    panel: { width: 1280, height: 350 },
  },
  undocked: {
    dock: { side: 'undocked' },
    window: { width: 1600, height: 900 },
    panel: { width: 1600, height: 900 },
  },
} as const satisfies Record<string, { dock: DockPreset; window: { width: number; height: number }; panel: object }>;

/** Presets DevTools' dock side and split size through the profile, before the browser starts. */
function writeDockPreferences(userDataDir: string, dock: DockPreset): void {
  const split =
    dock.side === 'right'
      ? { vertical: { size: dock.size ?? 550 } }
      : dock.side === 'bottom'
        ? { horizontal: { size: dock.size ?? 350 } }
        : {};
  mkdirSync(join(userDataDir, 'Default'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({
      devtools: {
        preferences: {
          currentDockState: JSON.stringify(dock.side),
          'inspector-view.split-view-state': JSON.stringify(split),
        },
      },
    }),
  );
}

/**
 * Launches Chromium with the built extension; `devtools` opens DevTools for every tab, `dock`
 * presets where it docks and its size, `windowSize` the browser window's.
 */
export async function launchWithExtension(
  options: {
    devtools?: boolean;
    headless?: boolean;
    dock?: DockPreset;
    windowSize?: { width: number; height: number };
  } = {},
): Promise<ExtensionBrowser> {
  const executablePath = chromiumPath();
  if (!executablePath)
    throw new Error('No Chromium found: install Debian\'s "chromium" (apt-get install chromium) or set CHROMIUM_PATH.');
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
    throw new Error(`No extension build in ${EXTENSION_DIR}: run npm run build.`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'jwt-lens-'));
  const args = [...CHROMIUM_ARGS, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`];
  if (options.devtools) args.push('--auto-open-devtools-for-tabs');
  // Without a preset, DevTools opens undocked and wide, so the full table shows (the narrow and
  // short docks have their own tests in layout.spec.ts).
  const dock = options.dock ?? (options.devtools ? DOCK_SIZES.undocked.dock : undefined);
  const windowSize = options.windowSize ?? (options.devtools && !options.dock ? DOCK_SIZES.undocked.window : undefined);
  if (dock) writeDockPreferences(userDataDir, dock);
  if (windowSize) args.push(`--window-size=${windowSize.width},${windowSize.height}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: options.headless ?? true,
    args,
    viewport: options.devtools ? null : { width: 1280, height: 800 },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  // The event fires before the worker's listeners exist: one round-trip makes sure they do.
  await worker.evaluate(() => true);
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function extensionFrameOf(devtools: Page, extensionId: string, file: string): Promise<Frame | undefined> {
  return devtools.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/${file}`));
}

/** Finds the DevTools window that inspects `appUrl`. */
export async function findDevTools(
  context: BrowserContext,
  extensionId: string,
  appUrl: string,
  timeoutMs = 20_000,
): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const page of context.pages()) {
      if (!page.url().startsWith('devtools://')) continue;
      const frame = await extensionFrameOf(page, extensionId, 'devtools.html');
      if (!frame) continue;
      const href = await frame
        .evaluate(
          () =>
            new Promise<string>((resolve) =>
              chrome.devtools.inspectedWindow.eval('location.href', (...args: unknown[]) => resolve(String(args[0]))),
            ),
        )
        .catch(() => '');
      if (href.startsWith(appUrl)) return page;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`No DevTools window inspecting ${appUrl} within ${timeoutMs} ms`);
}

/** Shows the JWT panel in a DevTools window and returns its frame. */
export async function openJwtPanel(devtools: Page, extensionId: string, timeoutMs = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const existing = await extensionFrameOf(devtools, extensionId, 'devtools-panel.html');
    if (existing) {
      await existing.waitForSelector('.app');
      return existing;
    }
    // DevTools' own panel switcher; the panel id is the extension origin plus the title.
    await devtools
      .evaluate(async (id) => {
        const legacy = (await import(
          // @ts-expect-error -- a module inside DevTools' own bundle
          './ui/legacy/legacy.js'
        )) as { InspectorView: { InspectorView: { instance(): { showPanel(id: string): Promise<void> } } } };
        await legacy.InspectorView.InspectorView.instance().showPanel(id);
      }, `chrome-extension://${extensionId}JWT`)
      .catch(async () => {
        await devtools.keyboard.press('Control+]');
      });
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('The JWT panel did not appear in DevTools');
}

/** Stops the extension's service worker through CDP and waits until it has stopped (it may restart at once). */
export async function stopServiceWorker(context: BrowserContext, page: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const versions = new Map<string, { runningStatus: string; scriptURL: string }>();
  let stopRequested = false;
  let sawStopped = false;
  const isOurs = (v: { scriptURL: string }) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`);
  cdp.on(
    'ServiceWorker.workerVersionUpdated',
    (e: { versions: { versionId: string; runningStatus: string; scriptURL: string }[] }) => {
      for (const v of e.versions) {
        versions.set(v.versionId, v);
        // Requests in flight wake the worker again at once: a stop is a stop even if it is brief.
        if (stopRequested && isOurs(v) && v.runningStatus === 'stopped') sawStopped = true;
      }
    },
  );
  await cdp.send('ServiceWorker.enable');
  const ours = () => [...versions.entries()].filter(([, v]) => isOurs(v));
  const deadline = Date.now() + 10_000;
  while (!ours().some(([, v]) => v.runningStatus === 'running') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  stopRequested = true;
  for (const [versionId, v] of ours())
    if (v.runningStatus === 'running') await cdp.send('ServiceWorker.stopWorker', { versionId });
  while (!sawStopped && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await cdp.detach();
  if (!sawStopped) throw new Error(`service worker did not stop: ${JSON.stringify(ours())}`);
}
