// README promises only the real extension in Chromium with DevTools open can prove: Rescan storage
// reads web storage again; storage is read after a navigation; the cookie jar is read after each
// page load; in the workbench, Tab reaches every control; a replay does not follow a redirect.
import { SignJWT } from 'jose';
import { expect, test } from './fixtures.ts';
import { openPanelInTab } from './panel-harness.ts';

const secret = new TextEncoder().encode('claims-e2e-secret-that-is-long-enough-for-hs256');
const mint = (sub: string) =>
  new SignJWT({ sub, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(secret);

test('Rescan storage lists a stored token again after Clear, which the storage poll alone does not', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(`${demo.url}callback`);
  const panel = await openPanel();
  const rows = panel.getByTestId('token-row');
  const token = await mint('rescan-me');
  await app.evaluate((t) => localStorage.setItem('claims_rescan', t), token);
  // The poll (every second while the panel is open) sees the storage change.
  await expect(rows.filter({ hasText: 'rescan-me' })).toHaveCount(1);
  await panel.getByTestId('clear').click();
  await expect(rows).toHaveCount(0);
  // Storage did not change: the poll brings nothing back.
  await app.waitForTimeout(3000);
  await expect(rows).toHaveCount(0);
  await panel.getByTestId('rescan-storage').click();
  await expect(rows.filter({ hasText: 'rescan-me' })).toHaveCount(1);
  await rows.filter({ hasText: 'rescan-me' }).click();
  await expect(panel.getByTestId('sightings')).toContainText('claims_rescan');
});

test('a navigation to another origin lists the tokens in that origin’s storage', async ({ demo, app, openPanel }) => {
  const other = demo.url.replace('127.0.0.1', 'localhost');
  expect(other).not.toBe(demo.url);
  const token = await mint('other-origin-storage');
  // Written while the panel is closed, on the other origin.
  await app.goto(`${other}callback`);
  await app.evaluate((t) => sessionStorage.setItem('claims_nav', t), token);
  await app.goto(`${demo.url}callback`);
  const panel = await openPanel();
  const rows = panel.getByTestId('token-row');
  await app.waitForTimeout(1500);
  await expect(rows.filter({ hasText: 'other-origin-storage' })).toHaveCount(0);
  await app.goto(`${other}callback`);
  await expect(rows.filter({ hasText: 'other-origin-storage' })).toHaveCount(1, { timeout: 15_000 });
  await rows.filter({ hasText: 'other-origin-storage' }).click();
  await expect(panel.getByTestId('sightings')).toContainText('claims_nav');
});

test('the cookie jar is read after each page load: a cookie no request carried yet is listed from the jar after a reload', async ({
  demo,
  ext,
  app,
  openPanel,
}) => {
  await app.goto(`${demo.url}callback`);
  const panel = await openPanel();
  const rows = panel.getByTestId('token-row');
  const token = await mint('jar-after-load');
  // Added after the panel connected (its jar read is over) and carried by no request yet.
  await ext.context.addCookies([{ name: 'claims_jar', value: token, url: demo.url, httpOnly: true }]);
  await panel.getByTestId('token-filter').fill('source:cookie-jar sub:jar-after-load');
  await app.waitForTimeout(2000);
  await expect(rows).toHaveCount(0);
  await app.reload();
  await expect(rows).toHaveCount(1, { timeout: 15_000 });
  await rows.click();
  await expect(panel.getByTestId('sightings')).toContainText('claims_jar');
});

test('the workbench: Tab reaches every enabled, visible control in it', async ({ ext }) => {
  const page = await openPanelInTab(ext, { snapshot: [] });
  if (!(await page.getByTestId('new-token').isVisible())) await page.locator('.toolbar-more').click();
  await page.getByTestId('new-token').click();
  const wb = page.getByTestId('workbench');
  await expect(wb.getByTestId('workbench-encoded')).toHaveText(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  await expect(wb.getByTestId('workbench-pending')).toHaveCount(0);
  // Number every control a user could operate: enabled, rendered, not inert.
  const total = await wb.evaluate((root) => {
    const controls = [
      ...root.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], summary, [tabindex="0"]'),
    ].filter(
      (el) =>
        !(el as HTMLButtonElement).disabled &&
        el.checkVisibility({ visibilityProperty: true }) &&
        el.getAttribute('tabindex') !== '-1',
    );
    controls.forEach((el, i) => el.setAttribute('data-claims-control', String(i)));
    return controls.length;
  });
  expect(total).toBeGreaterThan(15);
  await wb.getByTestId('workbench-back').focus();
  const reached = new Set<string>();
  for (let i = 0; i < total * 3 && reached.size < total; i++) {
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-claims-control') ?? null);
    if (id !== null) reached.add(id);
    await page.keyboard.press('Tab');
  }
  const missed = await wb.evaluate(
    (root, seen) =>
      [...root.querySelectorAll<HTMLElement>('[data-claims-control]')]
        .filter((el) => !seen.includes(el.getAttribute('data-claims-control')!))
        .map((el) => el.dataset.testid ?? el.outerHTML.slice(0, 80)),
    [...reached],
  );
  expect(missed).toEqual([]);
});

test('real DevTools: a replayed request answered 302 shows "redirect (not followed)" and the redirect target gets no request', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  const landed = async () => {
    const all = (await (await fetch(new URL('replay/received', demo.url))).json()) as { path: string }[];
    return {
      redirect: all.filter((r) => r.path.startsWith('/replay/redirect')).length,
      landed: all.filter((r) => r.path === '/replay/landed').length,
    };
  };
  // The page's own fetch follows the redirect (browsers do): one request to each end.
  await app.evaluate(async () => {
    const login = (await (await fetch('/replay/login?sub=redirect-user&no-cookie')).json()) as { access_token: string };
    await fetch('/replay/redirect?from=page', { headers: { Authorization: `Bearer ${login.access_token}` } });
  });
  expect(await landed()).toEqual({ redirect: 1, landed: 1 });
  await panel.getByTestId('token-filter').fill('sub:redirect-user');
  await expect(panel.getByTestId('token-row')).toHaveCount(1);
  await panel.getByTestId('token-row').click();
  const row = panel
    .getByTestId('token-detail')
    .getByTestId('sighting-row')
    .filter({ hasText: '/replay/redirect' })
    .filter({ has: panel.getByTestId('replay') });
  await expect(row.first()).toBeVisible({ timeout: 15_000 });
  await row.first().getByTestId('replay').click();
  const view = panel.getByTestId('replay-view');
  await view.getByTestId('replay-send').click();
  await expect(view.getByTestId('replay-result').locator('h4')).toHaveText('Replay: redirect (not followed)', {
    timeout: 15_000,
  });
  // The replay reached the redirecting URL once more, and nothing followed it.
  await expect.poll(landed).toEqual({ redirect: 2, landed: 1 });
  await app.waitForTimeout(500);
  expect(await landed()).toEqual({ redirect: 2, landed: 1 });
});
