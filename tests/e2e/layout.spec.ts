import { expect, test as base, type Frame, type Page } from '@playwright/test';
import { startDemoServer, type DemoServer } from '../demo-app/server.ts';
import { DOCK_SIZES, findDevTools, launchWithExtension, openJwtPanel, type ExtensionBrowser } from './harness.ts';

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

async function openAt(
  size: keyof typeof DOCK_SIZES,
  demo: DemoServer,
): Promise<{ ext: ExtensionBrowser; panel: Frame; devtools: Page }> {
  const preset = DOCK_SIZES[size];
  const ext = await launchWithExtension({ devtools: true, dock: preset.dock, windowSize: preset.window });
  const app = ext.context.pages().find((p) => !p.url().startsWith('devtools://')) ?? (await ext.context.newPage());
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const devtools = await findDevTools(ext.context, ext.extensionId, app.url());
  const panel = await openJwtPanel(devtools, ext.extensionId);
  return { ext, panel, devtools };
}

for (const size of Object.keys(DOCK_SIZES) as (keyof typeof DOCK_SIZES)[]) {
  test(`explore ${size}`, async ({ demo }) => {
    const { ext, panel } = await openAt(size, demo);
    try {
      const vp = await panel.evaluate(() => ({ w: innerWidth, h: innerHeight }));
      console.log(size, JSON.stringify(vp));
      await panel.getByTestId('token-row').first().click();
      await panel.waitForTimeout(500);
      const el = await panel.frameElement();
      await el.screenshot({ path: `/tmp/layout-${size}.png` });
    } finally {
      await ext.close();
    }
  });
}
