import { test as base, expect } from '@playwright/test';
import { SignJWT } from 'jose';
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

const hs = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('a-strong-secret-that-is-long-enough-0123'));

test('expired 34 s ago is Expired; the late request is marked; the skew setting is kept across panels', async ({
  ext,
}) => {
  const exp = Math.floor(Date.now() / 1000) - 34;
  const token = await hs({ sub: 'qa-user', iat: exp - 300, exp });
  const entry = capturedToken(token, { time: (exp - 10) * 1000 });
  const late = { ...entry.sightings[0]!, time: (exp + 2) * 1000, status: 401 };
  const snapshot = [{ ...entry, count: 2, lastSeen: late.time, sightings: [entry.sightings[0]!, late] }];
  const page = await openPanelInTab(ext, { snapshot });
  const row = page.getByTestId('token-row');
  await expect(row.getByTestId('validity-state')).toHaveAttribute('data-state', 'expired');
  await row.click();
  const detail = page.getByTestId('token-detail');
  await expect(detail.getByTestId('validity-state')).toHaveAttribute('data-state', 'expired');
  const marked = detail.locator('[data-testid="sighting-row"][data-after-expiry="true"]');
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText('sent 2 s after expiry → 401');
  await expect(detail.locator('[data-testid="finding"][data-rule="expired-token-sent"]')).toHaveCount(1);

  await page.getByTestId('skew-setting').fill('60');
  await expect(row.getByTestId('validity-state')).toHaveAttribute('data-state', 'valid');
  await expect(detail.getByTestId('validity-state')).toHaveAttribute('data-state', 'valid');
  await expect(detail.locator('[data-after-expiry="true"]')).toHaveCount(0);
  await expect(detail.locator('[data-testid="finding"][data-rule="expired-token-sent"]')).toHaveCount(0);

  // A new panel reads the kept setting.
  const next = await openPanelInTab(ext, { snapshot });
  await expect(next.getByTestId('skew-setting')).toHaveValue('60');
  await expect(next.getByTestId('token-row').getByTestId('validity-state')).toHaveAttribute('data-state', 'valid');
});

test('a cURL command pasted as Chrome copies it lists every token in it', async ({ ext }) => {
  const [q, h, c] = [await hs({ sub: 'in-query' }), await hs({ sub: 'in-header' }), await hs({ sub: 'in-cookie' })];
  const page = await openPanelInTab(ext, { snapshot: [] });
  await page
    .getByTestId('paste-token')
    .fill(
      `curl 'https://api.example.com/api/me?access_token=${q}' \\\n  -H 'accept: */*' \\\n  -H 'authorization: Bearer ${h}' \\\n  -b 'sid=${c}; theme=dark'`,
    );
  await expect(page.getByTestId('token-row')).toHaveCount(3);
  await expect(page.getByTestId('paste-status')).toHaveText(
    '3 tokens in a cURL command: query access_token, header authorization, cookie sid',
  );
  // Same paste time for all three, so only the set of names matters, not their order.
  expect((await page.getByTestId('row-name').allInnerTexts()).sort()).toEqual(['access_token', 'authorization', 'sid']);
  await page.getByTestId('token-filter').fill('name:sid');
  await expect(page.getByTestId('token-row')).toHaveCount(1);
  await expect(page.getByTestId('token-row')).toContainText('in-cookie');
  await page.getByTestId('paste-token').fill('Bearer abc.def');
  await expect(page.getByTestId('decode-error')).toContainText('this token has 2');
});

test('a pasted text and its tokens are there again when the same tab’s panel is reopened, and only there', async ({
  ext,
}) => {
  const [a, b] = [await hs({ sub: 'kept-header' }), await hs({ sub: 'kept-cookie' })];
  const text = `Authorization: Bearer ${a}\nCookie: sid=${b}`;
  const first = await openPanelInTab(ext, { snapshot: [], tabId: 4242 });
  await first.getByTestId('paste-token').fill(text);
  await expect(first.getByTestId('token-row')).toHaveCount(2);
  // Kept in storage.session, one item for this tab.
  await expect
    .poll(() => first.evaluate(async () => Object.keys(await chrome.storage.session.get('paste:4242'))))
    .toEqual(['paste:4242']);
  await first.close();

  const again = await openPanelInTab(ext, { snapshot: [], tabId: 4242 });
  await expect(again.getByTestId('token-row')).toHaveCount(2);
  await expect(again.getByTestId('paste-token')).toHaveValue(text);
  await expect(again.getByTestId('paste-not-kept')).toHaveCount(0);

  // Clear forgets it.
  await again.getByTestId('clear').click();
  await expect(again.getByTestId('token-row')).toHaveCount(0);
  await expect
    .poll(() => again.evaluate(async () => Object.keys(await chrome.storage.session.get('paste:4242'))))
    .toEqual([]);

  // Another tab's panel does not show it; and as tab 4242 does not exist (a fake tab id), that panel
  // sweeps its item away, as it does for a closed tab.
  await again.getByTestId('paste-token').fill(a);
  await expect
    .poll(() => again.evaluate(async () => Object.keys(await chrome.storage.session.get('paste:4242'))))
    .toEqual(['paste:4242']);
  const other = await openPanelInTab(ext, { snapshot: [], tabId: 4343 });
  await expect(other.getByTestId('paste-token')).toHaveValue('');
  await expect(other.getByTestId('token-row')).toHaveCount(0);
  await expect
    .poll(() => other.evaluate(async () => Object.keys(await chrome.storage.session.get('paste:4242'))))
    .toEqual([]);
});

test('one preference store: a layout kept by an older version is read once and moved; layout and skew saved together both stay', async ({
  ext,
}) => {
  const token = await hs({ sub: 'layout-user', iss: 'https://idp.example.com/' });
  const snapshot = [capturedToken(token)];
  const seed = await openPanelInTab(ext, { snapshot });
  await seed.evaluate(async () => {
    await chrome.storage.local.clear();
    await chrome.storage.local.set({ panelSettings: { listFraction: 0.3, hiddenColumns: ['issuer'] } });
  });
  await seed.close();

  const page = await openPanelInTab(ext, { snapshot });
  const split = page.getByRole('separator');
  await expect(split).toHaveAttribute('aria-valuenow', '30');
  await expect(page.getByTestId('sort-issuer')).toHaveCount(0);
  const stored = () => page.evaluate(() => chrome.storage.local.get(null));
  await expect.poll(async () => Object.keys(await stored()).sort()).toEqual(['panelPreferences']);

  // Two preferences changed at once (the skew and the split) both reach storage.
  await page.getByTestId('skew-setting').fill('30');
  await split.focus();
  await split.press('ArrowRight');
  await expect(split).toHaveAttribute('aria-valuenow', '32');
  await expect
    .poll(async () => (await stored()).panelPreferences)
    .toMatchObject({ clockSkew: 30, layout: { listFraction: expect.closeTo(0.32, 5), hiddenColumns: ['issuer'] } });

  const next = await openPanelInTab(ext, { snapshot });
  await expect(next.getByRole('separator')).toHaveAttribute('aria-valuenow', '32');
  await expect(next.getByTestId('skew-setting')).toHaveValue('30');
  await expect(next.getByTestId('sort-issuer')).toHaveCount(0);
});
