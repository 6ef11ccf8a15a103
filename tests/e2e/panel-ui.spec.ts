import { test as base, expect } from '@playwright/test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { launchWithExtension, type ExtensionBrowser } from './harness.ts';
import { capturedToken, openPanelInTab } from './panel-harness.ts';

const test = base.extend<{ ext: ExtensionBrowser }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
  ext: async ({}, use) => {
    const ext = await launchWithExtension();
    await use(ext);
    await ext.close();
  },
});

const now = () => Math.floor(Date.now() / 1000);
const hs = (claims: Record<string, unknown>, secret = 'a-strong-secret-that-is-long-enough-0123') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));

test('in-tab harness: list, filter and theme', async ({ ext }) => {
  const a = await hs({ sub: 'alice', iss: 'https://idp.example.com/', exp: now() + 600 });
  const b = new UnsecuredJWT({ sub: 'mallory', role: 'admin' }).encode();
  const page = await openPanelInTab(ext, {
    theme: 'dark',
    snapshot: [
      capturedToken(a),
      capturedToken(b, { source: 'url', name: 'access_token', url: 'https://api.example.com/x?access_token=' + b }),
    ],
  });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('token-row')).toHaveCount(2);
  await page.keyboard.press('/');
  await expect(page.getByTestId('token-filter')).toBeFocused();
  await page.keyboard.type('alg:none');
  await expect(page.getByTestId('token-row')).toHaveCount(1);
  await expect(page.getByTestId('token-row')).toContainText('mallory');
  await page.getByTestId('token-filter').fill('-source:url');
  await expect(page.getByTestId('token-row')).toHaveCount(1);
  await expect(page.getByTestId('token-row')).toContainText('alice');
  await page.getByTestId('token-filter').fill('severity:critical');
  await expect(page.getByTestId('token-row')).toContainText('mallory');
  await page.getByTestId('token-row').click();
  await expect(
    page
      .getByTestId('finding')
      .filter({ has: page.locator('[data-rule="alg-none"]') })
      .or(page.locator('[data-testid="finding"][data-rule="alg-none"]')),
  ).toHaveCount(1);
  await page.screenshot({ path: '/tmp/panel-dark.png' });
});
