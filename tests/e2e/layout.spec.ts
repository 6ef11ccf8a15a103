import { expect, test as base, type Frame, type Locator, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { startDemoServer, type DemoServer } from '../demo-app/server.ts';
import { DOCK_SIZES, findDevTools, launchWithExtension, openJwtPanel, type ExtensionBrowser } from './harness.ts';

// With JWT_LENS_SCREENSHOTS=1 (npm run screenshots) the README's screenshots are rewritten.
const SCREENSHOTS = process.env.JWT_LENS_SCREENSHOTS === '1';
const README_SHOTS = fileURLToPath(new URL('../../.github/screenshots/', import.meta.url));

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

/** Every control of the toolbar, by test id. */
const TOOLBAR_CONTROLS = [
  'clear',
  'preserve-log',
  'rescan-storage',
  'token-filter',
  'token-count',
  'add-key',
  'key-ring-toggle',
  'export-open',
];

async function openAt(
  size: keyof typeof DOCK_SIZES,
  demo: DemoServer,
): Promise<{ ext: ExtensionBrowser; panel: Frame; app: Page; devtools: Page }> {
  const preset = DOCK_SIZES[size];
  const ext = await launchWithExtension({ devtools: true, dock: preset.dock, windowSize: preset.window });
  const app = ext.context.pages().find((p) => !p.url().startsWith('devtools://')) ?? (await ext.context.newPage());
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const devtools = await findDevTools(ext.context, ext.extensionId, app.url());
  return { ext, app, devtools, panel: await openJwtPanel(devtools, ext.extensionId) };
}

/** Whether the element's box lies wholly inside the panel's viewport. */
async function inViewport(el: Locator): Promise<boolean> {
  return el.evaluate((node) => {
    const r = node.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
  });
}

for (const size of Object.keys(DOCK_SIZES) as (keyof typeof DOCK_SIZES)[]) {
  test(`real DevTools ${size} (${DOCK_SIZES[size].panel.width} × ${DOCK_SIZES[size].panel.height}): nothing clips, the verdict is in view`, async ({
    demo,
  }) => {
    const { ext, panel } = await openAt(size, demo);
    try {
      const view = await panel.evaluate(() => ({ width: innerWidth, height: innerHeight }));
      // The panel is the size asked for (DevTools' own tab strip takes some of the height).
      expect(Math.abs(view.width - DOCK_SIZES[size].panel.width)).toBeLessThan(8);
      expect(view.height).toBeGreaterThan(DOCK_SIZES[size].panel.height - 130);
      expect(view.height).toBeLessThanOrEqual(DOCK_SIZES[size].panel.height);
      await expect(panel.getByTestId('token-row')).not.toHaveCount(0);

      // Every toolbar control is inside the viewport, or in the » menu.
      const toolbar = panel.getByTestId('toolbar');
      const overflowed: string[] = [];
      for (const id of TOOLBAR_CONTROLS) {
        const inBar = toolbar.locator(
          `[data-slot] [data-testid="${id}"], [data-testid="token-filter"][data-testid="${id}"]`,
        );
        if ((await inBar.count()) > 0) expect(await inViewport(inBar.first()), `${id} inside the viewport`).toBe(true);
        else overflowed.push(id);
      }
      const more = panel.getByTestId('toolbar-overflow');
      if (overflowed.length > 0) {
        expect(await inViewport(more)).toBe(true);
        await more.click();
        const menu = panel.getByTestId('toolbar-overflow-menu');
        await expect(menu).toBeVisible();
        for (const id of overflowed) await expect(menu.getByTestId(id)).toBeVisible();
        expect(await inViewport(menu)).toBe(true);
        await panel.locator('body').press('Escape');
        await expect(menu).toHaveCount(0);
      } else await expect(more).toHaveCount(0);

      // The alg none token: its state, subject and worst finding are visible without scrolling.
      await panel.getByTestId('token-filter').fill('alg:none');
      await panel.getByTestId('token-row').first().click();
      const summary = panel.getByTestId('detail-summary');
      await expect(summary.getByTestId('worst-finding')).toHaveAttribute('data-rule', 'alg-none');
      for (const el of [
        summary.getByTestId('validity-state'),
        summary.locator('.detail-title'),
        summary.getByTestId('worst-finding'),
        summary.getByTestId('verification'),
      ])
        expect(await inViewport(el)).toBe(true);
      await expect(summary.locator('.detail-title')).toHaveText('admin');
      if (size === 'right') await expect(panel.locator('.split')).toHaveAttribute('data-layout', 'compact');
      else await expect(panel.locator('.split')).toHaveAttribute('data-layout', 'split');
      if (size === 'bottom') {
        const paste = await panel.getByTestId('paste-token').boundingBox();
        expect(paste!.height).toBeLessThanOrEqual(26);
      }
      if (SCREENSHOTS) {
        await panel.getByTestId('token-filter').fill('');
        await panel.waitForTimeout(300);
        await (await panel.frameElement()).screenshot({ path: `${README_SHOTS}panel-${size}.png` });
        await panel.getByTestId('token-filter').fill('alg:none');
      }

      // Scrolled down, the verdict stays in view; a new selection starts at the top.
      const pane = panel.locator('.detail-pane');
      await pane.evaluate((el) => (el.scrollTop = el.scrollHeight));
      if (await pane.evaluate((el) => el.scrollHeight > el.clientHeight)) {
        expect(await pane.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
        expect(await inViewport(summary.getByTestId('worst-finding'))).toBe(true);
      }
      await panel.getByTestId('token-filter').fill('');
      await panel.getByTestId('token-row').filter({ hasText: 'bob' }).click();
      await expect(summary.locator('.detail-title')).toHaveText('bob');
      expect(await pane.evaluate((el) => el.scrollTop)).toBe(0);
    } finally {
      await ext.close();
    }
  });
}

test('real DevTools, right dock: the row menu copies as cURL, Ctrl+C copies the token, × gives the list back', async ({
  demo,
}) => {
  const { ext, panel, app, devtools } = await openAt('right', demo);
  // The panel frame may not read the clipboard (permissions policy): a native paste into a scratch
  // field of the inspected page does.
  const clipboard = async () => {
    await app.bringToFront();
    await app.evaluate(() => {
      document.getElementById('clipboard-probe')?.remove();
      const t = document.createElement('textarea');
      t.id = 'clipboard-probe';
      document.body.append(t);
    });
    await app.locator('#clipboard-probe').focus();
    await app.keyboard.press('Control+v');
    return app.locator('#clipboard-probe').inputValue();
  };
  try {
    await expect(panel.locator('.split')).toHaveAttribute('data-layout', 'list');
    await panel.getByTestId('token-filter').fill('jti:at-7f3c9a');
    const row = panel.getByTestId('token-row');
    await expect(row).toHaveCount(1);
    await row.click({ button: 'right' });
    const menu = panel.getByRole('menu');
    await expect(menu).toBeVisible();
    expect(await inViewport(menu)).toBe(true);
    await menu.getByRole('menuitem', { name: 'Copy as cURL' }).click();
    await expect(panel.getByTestId('copy-status')).toHaveText('Copied cURL command');
    const curl = await clipboard();
    // The latest request that carried it, with its header as sent.
    expect(curl).toMatch(/^curl 'http:\/\/127\.0\.0\.1:\d+\/[^']*' -H '[\w-]+: (Bearer )?eyJ[\w.-]+'$/);

    await devtools.bringToFront();
    await panel.getByTestId('token-list').focus();
    await panel.locator('body').press('Control+c');
    await expect(panel.getByTestId('copy-status')).toHaveText('Copied token');
    const token = await clipboard();
    expect(curl).toContain(token);

    await expect(panel.locator('.split')).toHaveAttribute('data-layout', 'compact');
    await panel.getByTestId('close-detail').click();
    await expect(panel.locator('.split')).toHaveAttribute('data-layout', 'list');
    await expect(panel.getByTestId('token-detail')).toHaveCount(0);
  } finally {
    await ext.close();
  }
});
