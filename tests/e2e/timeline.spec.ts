// Issue 15 in real DevTools: the session timeline on the demo's session flow (3-second access tokens,
// a refresh only after a 401, a logout), a HAR recorded from the demo opened as its own session, and
// the HAR export without raw tokens.
import { expect, test as base, type Frame, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startDemoServer, type DemoServer } from '../demo-app/server.ts';
import {
  chromiumPath,
  CHROMIUM_ARGS,
  DOCK_SIZES,
  findDevTools,
  launchWithExtension,
  openJwtPanel,
  type ExtensionBrowser,
} from './harness.ts';

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
): Promise<{ ext: ExtensionBrowser; app: Page; panel: Frame }> {
  const preset = DOCK_SIZES[size];
  const ext = await launchWithExtension({ devtools: true, dock: preset.dock, windowSize: preset.window });
  const app = ext.context.pages().find((p) => !p.url().startsWith('devtools://')) ?? (await ext.context.newPage());
  await app.goto(`${demo.url}session?ttl=${TTL}`);
  const devtools = await findDevTools(ext.context, ext.extensionId, app.url());
  const panel = await openJwtPanel(devtools, ext.extensionId);
  // The panel's own sources (token responses, storage poll) run only while it is open: start after.
  await app.bringToFront();
  await app.locator('#start-session').click();
  await expect(app.locator('body[data-session-done="1"]')).toBeAttached({ timeout: 30_000 });
  await devtools.bringToFront();
  return { ext, app, panel };
}

test('real DevTools: the session flow on the timeline — chain, the late 401, the logout, the verdicts', async ({
  demo,
}) => {
  const { ext, panel } = await runFlow(demo);
  try {
    await panel.getByTestId('timeline-toggle').click();
    const timeline = panel.getByTestId('timeline');
    await expect(timeline).toBeVisible();
    const lanes = timeline.locator('[data-testid="timeline-lane"][data-kind="access"]');
    await expect(lanes).toHaveCount(2);
    await expect(lanes.first()).toHaveAttribute('data-token-sub', 'carol');
    await expect(timeline.getByTestId('timeline-chain').first()).toBeAttached();
    const late = timeline.locator('[data-testid="timeline-tick"][data-status="401"]');
    await expect(late).toHaveCount(1);
    await expect(late).toHaveAttribute('data-after-expiry', 'true');
    await (await panel.frameElement()).screenshot({ path: "/tmp/tl-undocked.png" });
    await expect(timeline.locator('[data-testid="timeline-event"][data-kind="cookie-deleted"]')).not.toHaveCount(0);
    await expect(timeline.locator('[data-testid="timeline-event"][data-kind="storage-removed"]')).not.toHaveCount(0);

    const verdict = (id: string) => timeline.locator(`[data-testid="verdict"][data-verdict="${id}"]`);
    await expect(verdict('refresh-lead')).toHaveAttribute('data-status', 'fail');
    await expect(verdict('refresh-lead')).toContainText('only after a 401');
    await expect(verdict('expired-sent')).toContainText(/1 request/);
    await expect(verdict('logout-cleared')).toBeAttached();

    // A lane opens its token.
    await lanes.first().click();
    await expect(panel.getByTestId('token-detail')).toBeVisible();
  } finally {
    await ext.close();
  }
});
