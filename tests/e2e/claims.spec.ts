// README promises only the real extension in Chromium with DevTools open can prove: Rescan storage
// reads web storage again; storage is read after a navigation; the cookie jar is read after each
// page load.
import { SignJWT } from 'jose';
import { expect, test } from './fixtures.ts';

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
