import { jwtVerify } from 'jose';
import { expect, test } from './fixtures.ts';
import { findDevTools, openJwtPanel } from './harness.ts';
import { openPanelInTab } from './panel-harness.ts';

// The demo's HS256 session cookie (sub alice, role user; the refresh token shares its sid) is signed with "secret".
const SESSION = 'role:user';

test('real DevTools: crack the session cookie, make role admin, re-sign with the found secret, add it as forged', async ({
  demo,
  ext,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  await panel.getByTestId('token-filter').fill(SESSION);
  await expect(panel.getByTestId('token-row')).toHaveCount(1);
  await panel.getByTestId('token-row').click();
  const detail = panel.getByTestId('token-detail');
  const source = (await detail.getByTestId('encoded-token').textContent()) ?? '';

  // The weak-secret search finds it; its secret goes on the key ring.
  await detail.getByTestId('crack-start').click();
  await expect(detail.getByTestId('crack-found')).toContainText('secret', { timeout: 30_000 });
  await detail.getByTestId('crack-add-key').click();

  await detail.getByTestId('open-workbench').click();
  const wb = panel.getByTestId('workbench');
  await expect(wb).toBeVisible();
  await expect(wb.getByTestId('workbench-encoded')).toHaveText(source);
  const payload = wb.getByTestId('workbench-payload');
  const text = await payload.inputValue();
  expect(text).toContain('"role":"user"');
  await payload.fill(text.replace('"role":"user"', '"role":"admin"'));
  await wb.getByTestId('workbench-key').selectOption({ label: 'key ring: cracked secret (HS256)' });
  // The source verifies with that secret too: wait for the new token and its own verdict.
  await expect(wb.getByTestId('workbench-encoded')).not.toHaveText(source);
  await expect(wb.getByTestId('workbench-pending')).toHaveCount(0);
  await expect(wb.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  const forged = (await wb.getByTestId('workbench-encoded').textContent()) ?? '';
  // Signed over the typed bytes with the found secret.
  const { payload: claims } = await jwtVerify(forged, new TextEncoder().encode('secret'));
  expect(claims.role).toBe('admin');

  await wb.getByTestId('workbench-add').click();
  await wb.getByTestId('workbench-added').click();
  await expect(detail.getByTestId('forged-badge')).toHaveText('forged');
  await expect(detail.getByTestId('encoded-token')).toHaveText(forged);
  await expect(detail.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  await expect(detail.getByTestId('verification')).toContainText('cracked secret (HS256)');
  // Linked both ways.
  await detail.getByTestId('forged-from').click();
  await expect(detail.getByTestId('encoded-token')).toHaveText(source);
  await expect(detail.getByTestId('forged-child')).toHaveAttribute('data-token', forged);

  // Listed as forged, never as traffic.
  await panel.getByTestId('token-filter').fill('forged');
  await expect(panel.getByTestId('token-row')).toHaveCount(1);
  await expect(panel.getByTestId('token-row').getByTestId('forged-badge')).toBeVisible();
  await panel.getByTestId('token-filter').fill('source:pasted forged');
  await expect(panel.getByTestId('token-row')).toHaveCount(1);

  // A reopened panel (a reload of the panel page) still lists it as forged, linked to its source.
  await panel.evaluate(() => location.reload());
  const reopened = await openJwtPanel(await findDevTools(ext.context, ext.extensionId, app.url()), ext.extensionId);
  await reopened.getByTestId('token-filter').fill('forged');
  await expect(reopened.getByTestId('token-row')).toHaveCount(1);
  await reopened.getByTestId('token-row').click();
  await expect(reopened.getByTestId('forged-badge').first()).toBeVisible();
  await expect(reopened.getByTestId('token-detail').getByTestId('encoded-token')).toHaveText(forged);
  await expect(reopened.getByTestId('forged-from')).toBeVisible();
});

test('real DevTools: the alg-none variant shows the alg-none finding, and its forged entry is critical', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  await panel.getByTestId('token-filter').fill(SESSION);
  await panel.getByTestId('token-row').click();
  await panel.getByTestId('open-workbench').click();
  const wb = panel.getByTestId('workbench');
  await wb.locator('[data-testid="workbench-variant"][data-variant="alg-none"]').click();
  await expect(wb.getByTestId('workbench-header')).toHaveValue(/"alg":"none"/);
  await expect(wb.getByTestId('workbench-encoded')).toHaveText(/\.$/);
  await expect(wb.locator('[data-testid="finding"][data-rule="alg-none"]')).toHaveAttribute(
    'data-severity',
    'critical',
  );
  // Several spellings are offered to pick from.
  await wb.locator('[data-testid="workbench-variant"][data-variant="alg-none-case"]').click();
  await expect(wb.getByTestId('workbench-variant-output')).not.toHaveCount(0);
  await wb
    .getByTestId('workbench-variant-output')
    .filter({ hasText: /alg: nOnE, trailing dot/ })
    .first()
    .click();
  await expect(wb.getByTestId('workbench-header')).toHaveValue(/"alg":"nOnE"/);
  await expect(wb.locator('[data-testid="finding"][data-rule="alg-none"]')).toBeVisible();
  // Ctrl+Enter adds it; Esc goes back to the source.
  await wb.getByTestId('workbench-payload').press('Control+Enter');
  await expect(wb.getByTestId('workbench-added')).toBeVisible();
  await wb.getByTestId('workbench-payload').press('Escape');
  await expect(panel.getByTestId('workbench')).toHaveCount(0);
  await expect(panel.getByTestId('forged-child')).toHaveCount(1);
  await panel.getByTestId('token-filter').fill('forged');
  await expect(panel.getByTestId('token-row').getByTestId('row-severity')).toHaveAttribute('data-severity', 'critical');
});

test('"New token" at 320 px wide: the workbench stacks vertically, fits, and signs the template', async ({ ext }) => {
  const page = await openPanelInTab(ext, { snapshot: [] });
  await page.setViewportSize({ width: 320, height: 700 });
  if (!(await page.getByTestId('new-token').isVisible())) await page.locator('.toolbar-more').click();
  await page.getByTestId('new-token').click();
  const wb = page.getByTestId('workbench');
  await expect(wb).toBeVisible();
  await expect(wb.getByTestId('workbench-encoded')).toHaveText(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  const token = (await wb.getByTestId('workbench-encoded').textContent()) ?? '';
  const secret = await wb.getByTestId('workbench-secret').inputValue();
  await jwtVerify(token, new TextEncoder().encode(secret));
  const [h, p] = await Promise.all([
    wb.getByTestId('workbench-header').boundingBox(),
    wb.getByTestId('workbench-payload').boundingBox(),
  ]);
  expect(p!.y).toBeGreaterThanOrEqual(h!.y + h!.height);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  // Nothing in the workbench is wider than its pane (no sideways scrolling, no clipped button).
  const inner = await page.locator('.detail-pane').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(inner).toBeLessThanOrEqual(0);
  // Everything reachable by Tab: the add button gets focus from the keyboard.
  await wb.getByTestId('workbench-payload').focus();
  for (let i = 0; i < 40 && !(await wb.getByTestId('workbench-add').evaluate((b) => b === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(wb.getByTestId('workbench-add')).toBeFocused();
});

test('real DevTools: forging (jku to a URL, a generated key pair, adding) makes no network request of its own', async ({
  demo,
  ext,
  app,
  openPanel,
}) => {
  const own: string[] = [];
  ext.context.on('request', (r) => {
    let frameUrl: string | undefined;
    try {
      frameUrl = r.frame().url();
    } catch {
      frameUrl = r.serviceWorker()?.url();
    }
    if (/^(https?|wss?):/.test(r.url()) && (frameUrl ?? '').startsWith(`chrome-extension://${ext.extensionId}`))
      own.push(r.url());
  });
  // Positive control: a fetch from the extension's own worker is seen by this listener.
  const control = `${demo.url}favicon.ico?control`;
  await ext.worker.evaluate((u) => fetch(u).then(() => undefined), control);
  await expect.poll(() => own.includes(control)).toBe(true);
  own.length = 0;
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  await panel.getByTestId('token-filter').fill(SESSION);
  await panel.getByTestId('token-row').click();
  await panel.getByTestId('open-workbench').click();
  const wb = panel.getByTestId('workbench');
  const jkuUrl = `${demo.url}attacker-jwks.json`;
  await wb.getByTestId('workbench-param-jku-url').fill(jkuUrl);
  await wb.locator('[data-testid="workbench-variant"][data-variant="jku"]').click();
  await expect(wb.getByTestId('workbench-header')).toHaveValue(
    new RegExp(`"jku":"${jkuUrl.replace(/[./]/g, '\\$&')}"`),
  );
  await expect(wb.getByTestId('workbench-note')).toContainText('"keys"');
  await expect(wb.locator('[data-testid="finding"][data-rule="remote-key-url"]')).toBeVisible();
  await wb.getByTestId('workbench-generate').click();
  await expect(wb.getByTestId('workbench-generated')).toContainText('BEGIN PUBLIC KEY');
  await wb.getByTestId('workbench-add').click();
  await expect(wb.getByTestId('workbench-added')).toBeVisible();
  await app.waitForTimeout(500);
  expect(own).toEqual([]);
});
