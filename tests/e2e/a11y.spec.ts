import { test as base, expect, type Page } from '@playwright/test';
import axeCore from 'axe-core';
import { demoSnapshot } from './demo-snapshot.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness.ts';
import { openPanelInTab } from './panel-harness.ts';

const axeSource = axeCore.source;

const test = base.extend<object, { ext: ExtensionBrowser }>({
  ext: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
    async ({}, use) => {
      const ext = await launchWithExtension();
      await use(ext);
      await ext.close();
    },
    { scope: 'worker' },
  ],
});

interface Violation {
  id: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe (WCAG 2.0/2.1 A and AA) on the panel page; returns one line per failing node. */
async function audit(page: Page): Promise<string[]> {
  // Through the debugger, not a script tag: the panel's CSP allows no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: Violation[] }> } })
      .axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
  );
}

for (const theme of ['default', 'dark'] as const) {
  test(`axe: no violations in the panel's main states (${theme === 'dark' ? 'dark' : 'light'} theme)`, async ({
    ext,
  }) => {
    const { snapshot } = await demoSnapshot();
    const page = await openPanelInTab(ext, { theme, snapshot });
    await page.setViewportSize({ width: 1280, height: 760 });
    const found: Record<string, string[]> = {};

    // The list, a row selected by keyboard.
    await expect(page.getByTestId('token-row')).toHaveCount(6);
    await page.getByTestId('token-row').first().click();
    await page.getByTestId('token-row').nth(1).click();
    found.list = await audit(page);

    // A row's context menu, opened from the keyboard.
    await page.getByTestId('token-list').focus();
    await page.keyboard.press('Shift+F10');
    await expect(page.getByRole('menu')).toBeVisible();
    found.menu = await audit(page);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);

    // The detail with a finding's explanation open (the alg none token).
    await page.getByTestId('token-row').filter({ hasText: 'admin' }).click();
    await page.getByTestId('finding').first().locator('summary').click();
    found.detail = await audit(page);

    // The key form with an error.
    await page.getByTestId('add-key').click();
    await page.getByTestId('key-material').fill('{"kty":"RSA","e":"AQAB"}');
    await page.getByTestId('key-format').selectOption('jwk');
    await page.getByTestId('save-key').click();
    await expect(page.getByTestId('key-error')).toBeVisible();
    found.keyForm = await audit(page);
    await page.getByTestId('key-ring-toggle').click();

    // Export open.
    await page.getByTestId('export-open').click();
    await expect(page.getByTestId('export-preview')).toBeVisible();
    found.export = await audit(page);

    // The workbench on the alg none token, with a JSON error shown inline and a variant's outputs listed.
    await page.getByTestId('export-open').click();
    await page.getByTestId('token-row').filter({ hasText: 'admin' }).click();
    await page.getByTestId('open-workbench').click();
    await page.locator('[data-testid="workbench-variant"][data-variant="alg-none-case"]').click();
    await expect(page.getByTestId('workbench-variant-output').first()).toBeVisible();
    await page.getByTestId('workbench-payload').fill('{"sub": oops}');
    await expect(page.getByTestId('workbench-error')).toBeVisible();
    await expect(page.getByTestId('workbench-pending')).toHaveCount(0);
    found.workbench = await audit(page);
    await page.getByTestId('workbench-back').click();

    // An empty filter result.
    await page.getByTestId('token-filter').fill('no-such-token-anywhere');
    await expect(page.getByTestId('token-row')).toHaveCount(0);
    found.emptyFilter = await audit(page);

    // The session timeline with a verdict's evidence open and a lane focused from the keyboard.
    await page.getByTestId('token-filter').fill('');
    await page.getByTestId('timeline-toggle').click();
    await expect(page.getByTestId('timeline-lane')).not.toHaveCount(0);
    await page.getByTestId('verdict').first().locator('summary').click();
    await page.getByTestId('timeline-lane').first().focus();
    await page.keyboard.press('ArrowDown');
    found.timeline = await audit(page);

    expect(found).toEqual({
      timeline: [],
      list: [],
      menu: [],
      detail: [],
      keyForm: [],
      export: [],
      workbench: [],
      emptyFilter: [],
    });
  });
}
