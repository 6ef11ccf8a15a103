import { findDevTools } from './harness.ts';
import { expect, test } from './fixtures.ts';

test("real DevTools: Ctrl+F opens DevTools' find bar over the panel and its text filters the list", async ({
  demo,
  app,
  ext,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  const rows = panel.getByTestId('token-row');
  await expect(rows.first()).toBeVisible();
  const all = await rows.count();
  const devtools = await findDevTools(ext.context, ext.extensionId, app.url());
  // Focus DevTools' own chrome (not the panel's frame), then use its find bar as a user would.
  await devtools.bringToFront();
  await devtools.locator('body').click({ position: { x: 5, y: 5 } });
  await devtools.keyboard.press('Control+F');
  await devtools.keyboard.type('alg:none');
  await expect(panel.getByTestId('token-filter')).toHaveValue('alg:none');
  await expect(rows).toHaveCount(1);
  expect(all).toBeGreaterThan(1);
  // The text came through DevTools' find bar (onSearch), not by typing into the panel's own frame.
  expect(await panel.evaluate(() => document.hasFocus())).toBe(false);
});
