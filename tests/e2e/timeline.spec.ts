// Issue 15 in real DevTools: the session timeline on the demo's session flow (3-second access tokens,
// a refresh only after a 401, a logout), a HAR recorded from the demo opened as its own session, and
// the HAR export without raw tokens.
import { expect, test as base, type Frame, type Page } from '@playwright/test';
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer, type DemoServer } from '../demo-app/server.ts';
import {
  CHROMIUM_ARGS,
  chromiumPath,
  DOCK_SIZES,
  findDevTools,
  launchWithExtension,
  openJwtPanel,
  type ExtensionBrowser,
} from './harness.ts';
import { demoSnapshot } from './demo-snapshot.ts';
import { openPanelInTab } from './panel-harness.ts';
import { largeHarChunks } from '../lib/har/large-har.ts';
import { createWriteStream } from 'node:fs';

// With JWT_LENS_SCREENSHOTS=1 the README's timeline screenshots are rewritten (docs/screenshots/).
const SCREENSHOTS = process.env.JWT_LENS_SCREENSHOTS === '1';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const TTL = 3;

const test = base.extend<object, { demo: DemoServer }>({
  demo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
    async ({}, use) => {
      const demo = await startDemoServer();
      await use(demo);
      await demo.close();
    },
    { scope: 'worker' },
  ],
});

/** Opens DevTools (docked as `size`) on the session page, shows the JWT panel, then runs the flow. */
async function runFlow(
  demo: DemoServer,
  size: keyof typeof DOCK_SIZES = 'undocked',
): Promise<{ ext: ExtensionBrowser; app: Page; panel: Frame; devtools: Page; issued: string[] }> {
  const preset = DOCK_SIZES[size];
  const ext = await launchWithExtension({ devtools: true, dock: preset.dock, windowSize: preset.window });
  const app = ext.context.pages().find((p) => !p.url().startsWith('devtools://')) ?? (await ext.context.newPage());
  await app.goto(`${demo.url}session?ttl=${TTL}`);
  const devtools = await findDevTools(ext.context, ext.extensionId, app.url());
  const panel = await openJwtPanel(devtools, ext.extensionId);
  // The panel's own sources (token responses, storage poll) run only while it is open: start after.
  await app.bringToFront();
  // The tokens the server hands out, to prove an export does not contain them.
  const issued: string[] = [];
  app.on('response', (r) => {
    if (!/\/session\/(login|refresh)/.test(r.url())) return;
    void r
      .json()
      .then((j: { access_token?: string; refresh_token?: string }) => {
        for (const t of [j.access_token, j.refresh_token]) if (t) issued.push(t);
      })
      .catch(() => undefined);
  });
  await app.locator('#start-session').click();
  await expect(app.locator('body[data-session-done="1"]')).toBeAttached({ timeout: 30_000 });
  await devtools.bringToFront();
  return { ext, app, panel, devtools, issued };
}

test('real DevTools: the session flow on the timeline — chain, the late 401, the logout, the verdicts', async ({
  demo,
}) => {
  const { ext, panel, devtools, issued } = await runFlow(demo);
  try {
    await panel.getByTestId('timeline-toggle').click();
    const timeline = panel.getByTestId('timeline');
    await expect(timeline).toBeVisible();
    const lanes = timeline.locator('[data-testid="timeline-lane"][data-kind="access"]');
    await expect(lanes).toHaveCount(2);
    await expect(lanes.first()).toHaveAttribute('data-token-sub', 'carol');
    await expect(timeline.getByTestId('timeline-chain').first()).toBeAttached();
    // The first access token's late request: answered 401, sent after it expired (the session cookie went along).
    const late = lanes.first().locator('[data-testid="timeline-tick"][data-status="401"]');
    await expect(late).toHaveCount(1);
    await expect(late).toHaveAttribute('data-after-expiry', 'true');
    await expect(timeline.locator('[data-testid="timeline-event"][data-kind="cookie-deleted"]')).not.toHaveCount(0);
    await expect(timeline.locator('[data-testid="timeline-event"][data-kind="storage-removed"]')).not.toHaveCount(0);

    const verdict = (id: string) => timeline.locator(`[data-testid="verdict"][data-verdict="${id}"]`);
    await expect(verdict('refresh-lead')).toHaveAttribute('data-status', 'fail');
    await expect(verdict('refresh-lead')).toContainText('only after a 401');
    await expect(verdict('expired-sent')).toContainText(/1 request/);
    // The logout removed the stored access token (the storage poll saw it go) and deleted the cookie.
    await expect(verdict('logout-cleared')).toHaveAttribute('data-status', 'pass');
    await expect(verdict('logout-cleared')).toContainText('localStorage › session-auth: cleared');
    await expect(verdict('logout-cleared')).toContainText('cookie session: cleared');

    // The timeline as SVG and PNG for a ticket (no token text).
    const fileOf = async (id: string) => {
      const [download] = await Promise.all([devtools.waitForEvent('download'), timeline.getByTestId(id).click()]);
      return readFileSync(await download.path());
    };
    const svg = (await fileOf('timeline-svg')).toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const token of issued) expect(svg).not.toContain(token);
    const png = await fileOf('timeline-png');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(2000);

    // A lane opens its token.
    await lanes.first().click();
    await expect(panel.getByTestId('token-detail')).toBeVisible();

    // Export HAR: it parses, has the token-carrying requests, and no raw token unless chosen.
    expect(issued.length).toBe(4);
    await panel.getByTestId('export-open').click();
    // The report carries the verdicts too.
    await panel.getByTestId('export-scope').selectOption('all');
    await expect(panel.getByTestId('export-preview')).toHaveValue(/Refreshes only after a 401/);
    const harOf = async () => {
      const [download] = await Promise.all([
        devtools.waitForEvent('download'),
        panel.getByTestId('export-har').click(),
      ]);
      return readFileSync(await download.path(), 'utf8');
    };
    const redacted = await harOf();
    const har = JSON.parse(redacted) as { log: { creator: { name: string }; entries: { request: { url: string } }[] } };
    expect(har.log.creator.name).toBe('JWT Lens');
    expect(har.log.entries.some((e) => e.request.url.endsWith('/session/api/data'))).toBe(true);
    for (const token of issued) expect(redacted).not.toContain(token);
    await panel.getByTestId('export-include-secrets').check();
    const full = await harOf();
    expect(issued.some((token) => full.includes(token))).toBe(true);
  } finally {
    await ext.close();
  }
});

for (const size of Object.keys(DOCK_SIZES) as (keyof typeof DOCK_SIZES)[]) {
  test(`real DevTools ${size} (${DOCK_SIZES[size].panel.width} × ${DOCK_SIZES[size].panel.height}): the timeline fits, a lane opens its token beside or below it`, async ({
    demo,
  }) => {
    const { ext, panel } = await runFlow(demo, size);
    try {
      await panel.getByTestId('timeline-toggle').or(panel.getByTestId('toolbar-overflow')).first().click();
      if (await panel.getByTestId('toolbar-overflow-menu').isVisible())
        await panel.getByTestId('toolbar-overflow-menu').getByTestId('timeline-toggle').click();
      const timeline = panel.getByTestId('timeline');
      await expect(timeline.locator('[data-testid="timeline-lane"][data-kind="access"]')).toHaveCount(2);
      // Nothing clips sideways: the chart is as wide as its pane and every lane label is in it.
      const fits = await timeline.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
      expect(fits).toBe(true);
      const view = await panel.evaluate(() => ({ width: innerWidth, height: innerHeight }));
      const box = await timeline.getByTestId('timeline-chart').evaluate((el) => el.getBoundingClientRect().toJSON());
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(view.width + 1);
      expect(box.top).toBeLessThan(view.height);
      if (SCREENSHOTS) {
        mkdirSync(SHOTS, { recursive: true });
        await panel.waitForTimeout(300);
        await (await panel.frameElement()).screenshot({ path: `${SHOTS}timeline-${size}.png` });
      }
      await timeline.locator('[data-testid="timeline-lane"][data-kind="access"]').first().click();
      await expect(panel.getByTestId('token-detail')).toBeVisible();
      // Narrow panels stack the detail below the timeline instead of squeezing it.
      const layout = await panel.locator('.split').getAttribute('class');
      if (view.width < 760) expect(layout).toContain('split-stacked');
      else expect(layout).not.toContain('split-stacked');
      await expect(timeline).toBeVisible();
    } finally {
      await ext.close();
    }
  });
}

/** Records the demo app's traffic with Playwright's recordHar (a plain Chromium, no extension) into `path`. */
async function recordDemoHar(demo: DemoServer, path: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ recordHar: { path, content: 'embed' } });
    const page = await context.newPage();
    await page.goto(demo.url);
    await expect(page.locator('body[data-done="1"]')).toBeAttached();
    await context.close();
  } finally {
    await browser.close();
  }
}

test('real DevTools: a HAR recorded from the demo opens as its own session; a truncated one keeps what was read', async ({
  demo,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-lens-har-'));
  const harPath = join(dir, 'demo.har');
  await recordDemoHar(demo, harPath);
  const text = readFileSync(harPath, 'utf8');
  const cutPath = join(dir, 'cut.har');
  writeFileSync(cutPath, text.slice(0, Math.floor(text.length * 0.6)));
  const ext = await launchWithExtension({ devtools: true });
  try {
    const app = ext.context.pages().find((p) => !p.url().startsWith('devtools://')) ?? (await ext.context.newPage());
    // An inspected page with no tokens of its own: whatever the list shows comes from the HAR.
    await app.goto(`${demo.url}session`);
    const devtools = await findDevTools(ext.context, ext.extensionId, app.url());
    const panel = await openJwtPanel(devtools, ext.extensionId);
    await expect(panel.getByTestId('token-row')).toHaveCount(0);

    await panel.getByTestId('open-har').setInputFiles(harPath);
    const picker = panel.getByTestId('session-picker');
    await expect(picker).toHaveValue('har:1');
    await expect(picker.locator('option[value="har:1"]')).toContainText('demo.har');
    await expect(panel.getByTestId('har-status')).toHaveAttribute('data-state', 'done');
    // The demo's tokens, read from the file: the bearer access token by its jti, the alg none token.
    await panel.getByTestId('token-filter').fill('jti:at-7f3c9a');
    await expect(panel.getByTestId('token-row')).toHaveCount(1);
    await panel.getByTestId('token-filter').fill('alg:none');
    await expect(panel.getByTestId('token-row')).toHaveCount(1);
    await panel.getByTestId('token-filter').fill('');
    const harRows = await panel.getByTestId('token-row').count();
    expect(harRows).toBeGreaterThanOrEqual(6);
    // Its timeline: lanes for its tokens, the expired token's 401.
    await panel.getByTestId('timeline-toggle').click();
    await expect(panel.getByTestId('timeline-lane')).not.toHaveCount(0);
    await expect(panel.locator('[data-testid="timeline-tick"][data-status="401"]').first()).toBeAttached();
    await panel.getByTestId('timeline-toggle').click();

    // Live capture is not mixed with it.
    await picker.selectOption('live');
    await expect(panel.getByTestId('token-row')).toHaveCount(0);

    // A truncated file: the importer's error, and the entries before the cut are kept.
    await panel.getByTestId('open-har').setInputFiles(cutPath);
    await expect(picker).toHaveValue('har:2');
    await expect(panel.getByTestId('har-error')).toHaveAttribute('data-code', 'har-truncated');
    const kept = await panel.getByTestId('token-row').count();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(harRows);
    await expect(picker.locator('option[value="har:2"]')).toContainText('incomplete');

    // × closes it; the first HAR session stays in the picker.
    await panel.getByTestId('har-close').click();
    await expect(picker).toHaveValue('live');
    await expect(picker.locator('option')).toHaveCount(2);
  } finally {
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('at 320 px wide the timeline is reachable from the » menu and nothing clips sideways', async () => {
  const ext = await launchWithExtension();
  try {
    const { snapshot } = await demoSnapshot();
    const page = await openPanelInTab(ext, { snapshot });
    await page.setViewportSize({ width: 320, height: 640 });
    await expect(page.getByTestId('token-row')).toHaveCount(6);
    const toggle = page.getByTestId('toolbar').locator('[data-slot] [data-testid="timeline-toggle"]');
    if ((await toggle.count()) === 0) {
      await page.getByTestId('toolbar-overflow').click();
      await page.getByTestId('toolbar-overflow-menu').getByTestId('timeline-toggle').click();
    } else await toggle.click();
    const timeline = page.getByTestId('timeline');
    await expect(timeline.getByTestId('timeline-lane')).not.toHaveCount(0);
    expect(await timeline.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    const right = await timeline.getByTestId('timeline-chart').evaluate((el) => el.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(321);
    // Keyboard: a lane takes focus, Enter opens it (the detail goes below the timeline).
    await timeline.getByTestId('timeline-lane').first().focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('token-detail')).toBeVisible();
    await expect(page.locator('.split')).toHaveClass(/split-stacked/);
  } finally {
    await ext.close();
  }
});

test('a 100 MB HAR with 50,000 entries: read in the worker with progress, cancel keeps what was read, the panel keeps drawing', async () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'jwt-lens-bighar-'));
  const path = join(dir, 'big.har');
  const out = createWriteStream(path);
  for (const chunk of largeHarChunks())
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
  const ext = await launchWithExtension();
  try {
    const page = await openPanelInTab(ext, { snapshot: [] });
    await page.setViewportSize({ width: 1280, height: 760 });
    // The panel's main thread: the longest gap between animation frames while the file is read.
    const watch = () =>
      page.evaluate(() => {
        const w = window as unknown as { __gaps: number[]; __stop?: boolean };
        w.__gaps = [];
        w.__stop = false;
        let last = performance.now();
        const frame = (t: number) => {
          w.__gaps.push(t - last);
          last = t;
          if (!w.__stop) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    const longestGap = () =>
      page.evaluate(() => {
        const w = window as unknown as { __gaps: number[]; __stop?: boolean };
        w.__stop = true;
        const g = [...w.__gaps].sort((a, b) => b - a);
        return { longest: Math.round(g[0] ?? 0), over100: g.filter((x) => x > 100).length, frames: g.length };
      });

    // Cancel part-way: the session keeps what was read.
    await watch();
    await page.getByTestId('open-har').setInputFiles(path);
    await expect(page.getByTestId('har-progress')).toBeVisible();
    await expect
      .poll(async () => Number(await page.getByTestId('har-progress').getAttribute('value')), { timeout: 60_000 })
      .toBeGreaterThan(10);
    await page.getByTestId('har-cancel').click();
    await expect(page.getByTestId('har-cancelled')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('har-status')).toHaveAttribute('data-state', 'cancelled');
    expect(await page.getByTestId('token-row').count()).toBeGreaterThan(0);
    const cancelled = await longestGap();

    // The whole file.
    await watch();
    const t0 = Date.now();
    await page.getByTestId('open-har').setInputFiles(path);
    await expect(page.getByTestId('har-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
    const ms = Date.now() - t0;
    await expect(page.getByTestId('har-status')).toContainText('50000 entries');
    await expect(page.getByTestId('token-count')).toHaveText('84 tokens');
    await page.getByTestId('timeline-toggle').click();
    await expect(page.getByTestId('timeline-lane').first()).toBeAttached();
    // Dense lanes are bucketed: far fewer tick nodes than sightings.
    const ticks = await page.getByTestId('timeline-tick').count();
    expect(ticks).toBeLessThan(5000);
    const full = await longestGap();
    console.log(
      `100 MB HAR in the panel: ${ms} ms to import 50,000 entries; longest frame gap ${full.longest} ms ` +
        `(${full.over100} of ${full.frames} frames over 100 ms); while cancelling: longest ${cancelled.longest} ms; ` +
        `${ticks} tick nodes drawn for the visible lanes`,
    );
  } finally {
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
