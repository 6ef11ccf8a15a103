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
      capturedToken(b, {
        location: { kind: 'query', name: 'access_token' },
        url: 'https://api.example.com/x?access_token=' + b,
      }),
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

test('hostile claims are shown literally and nothing executes', async ({ ext }) => {
  const xss = [
    '<img src=x onerror="window.__xss=1;alert(1)">',
    '<script>window.__xss=2</script>',
    '"><svg onload=window.__xss=3>',
    'javascript:window.__xss=4',
  ];
  const token = new UnsecuredJWT({
    sub: xss[0],
    name: xss[1],
    iss: xss[2],
    [xss[1]!]: xss[3],
    nested: { html: xss },
  }).encode();
  const hostileHeader = `${Buffer.from(JSON.stringify({ alg: 'none', kid: xss[0], jku: xss[3] })).toString('base64url')}.${token.split('.')[1]}.`;
  const page = await openPanelInTab(ext, {
    snapshot: [
      capturedToken(token, {
        location: { kind: 'header', name: xss[1]! },
        url: `https://x.test/?q=${encodeURIComponent(xss[0]!)}`,
      }),
      capturedToken(hostileHeader, { time: Date.now() - 10 }),
    ],
  });
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const rows = page.getByTestId('token-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(xss[0]!);
  for (const i of [0, 1]) {
    await rows.nth(i).click();
    await expect(page.getByTestId('payload-json')).toContainText(xss[1]!);
  }
  await page.getByTestId('paste-token').fill(token);
  await page.getByTestId('export-open').click();
  await expect(page.getByTestId('export-preview')).toHaveValue(/<script>/);
  await expect(page.getByTestId('sightings')).toContainText(xss[1]!);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('#app img, #app script, #app svg, #app iframe').count()).toBe(0);
  expect(dialogs).toBe(0);
});

test('theme: light and dark follow DevTools themeName', async ({ ext }) => {
  const token = await hs({ sub: 'alice', exp: now() + 600 });
  const bg = async (theme: 'default' | 'dark') => {
    const page = await openPanelInTab(ext, { theme, snapshot: [capturedToken(token)] });
    await expect(page.getByTestId('token-row')).toHaveCount(1);
    const value = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme === 'dark' ? 'dark' : 'light');
    await page.close();
    return value;
  };
  expect(await bg('default')).toBe('rgb(255, 255, 255)');
  expect(await bg('dark')).toBe('rgb(32, 33, 36)');
});

test('a token signed with a common secret is flagged by the quick check, which runs in a Web Worker', async ({
  ext,
}) => {
  const token = await hs({ sub: 'common', exp: now() + 600 }, 'secret');
  const page = await openPanelInTab(ext, { snapshot: [capturedToken(token)] });
  await page.getByTestId('token-row').click();
  await expect(page.locator('[data-testid="finding"][data-rule="weak-hmac-secret"]')).toContainText('secret');
  expect(
    page
      .workers()
      .map((w) => w.url())
      .filter((u) => /quick-check-worker/.test(u)),
  ).toHaveLength(1);
});

test('weak-secret search runs in a Web Worker over the shipped wordlist, with progress and a hit', async ({ ext }) => {
  // Far down the 104k list and not in the quick list of common secrets.
  const token = await hs({ sub: 'weak', exp: now() + 600 }, 'n2XcEgkCvr');
  const page = await openPanelInTab(ext, { snapshot: [capturedToken(token)] });
  await page.getByTestId('token-row').click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'no-key');
  await page.getByTestId('crack-start').click();
  await expect(page.getByTestId('crack-found')).toContainText('n2XcEgkCvr', { timeout: 30_000 });
  await expect(page.getByTestId('crack-result')).toContainText('Secret found after');
  await expect(page.locator('[data-testid="finding"][data-rule="weak-hmac-secret"]')).toContainText('n2XcEgkCvr');
  await page.getByTestId('crack-add-key').click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  // The key ring persists in chrome.storage.local across reloads.
  await page.reload();
  await page.getByTestId('key-ring-toggle').click();
  await expect(page.getByTestId('key-row')).toHaveCount(1);
  expect(await page.evaluate(() => chrome.storage.local.get('keyRing'))).toMatchObject({
    keyRing: [{ material: 'n2XcEgkCvr' }],
  });
  expect(await page.evaluate(() => chrome.storage.sync.get(null))).toEqual({});
});
