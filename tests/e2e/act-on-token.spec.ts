import type { Frame, Page } from '@playwright/test';
import type { SeenRequest } from '../demo-app/careless-api.ts';
import { expect, test } from './fixtures.ts';
import { findDevTools, openJwtPanel, type ExtensionBrowser } from './harness.ts';

// Issue 13 in real DevTools against the demo's careless and strict APIs (tests/demo-app/careless-api.ts).

const PERMISSION = 'declarativeNetRequestWithHostAccess';

/** What the demo's API routes received, asserted at the server. */
async function seen(base: string, path: string): Promise<SeenRequest[]> {
  const all = (await (await fetch(`${base}careless/seen`)).json()) as SeenRequest[];
  return all.filter((r) => r.path === path);
}

async function lastAuthorization(base: string, path: string): Promise<string | null | undefined> {
  return (await seen(base, path)).at(-1)?.authorization;
}

/** Clicks the page's "call the APIs" button and waits for its round to finish. */
async function callApis(app: Page): Promise<void> {
  const before = Number((await app.locator('body').getAttribute('data-apis')) ?? 0);
  await app.locator('#call-apis').click();
  await expect(app.locator(`body[data-apis="${before + 1}"]`)).toBeAttached();
}

/** Chrome's install warnings for the extension's manifest, and for the same manifest without the DNR permission. */
const installWarnings = (ext: ExtensionBrowser) =>
  ext.worker.evaluate(async (permission) => {
    const manifest = chrome.runtime.getManifest();
    const without = { ...manifest, permissions: (manifest.permissions ?? []).filter((p) => p !== permission) };
    const warnings = (m: object) => chrome.management.getPermissionWarningsByManifest(JSON.stringify(m));
    return {
      declared: (manifest.permissions ?? []).includes(permission as chrome.runtime.ManifestPermission),
      with: await warnings(manifest),
      without: await warnings(without),
    };
  }, PERMISSION);

const overrideRules = (ext: ExtensionBrowser) =>
  ext.worker.evaluate(async () =>
    typeof chrome.declarativeNetRequest === 'undefined'
      ? []
      : (await chrome.declarativeNetRequest.getSessionRules()).filter((r) => r.id >= 1_000_000_000),
  );

/** Opens the demo access token in the workbench and edits its subject; returns the source and the edited token. */
async function editAccessToken(panel: Frame): Promise<{ source: string; edited: string }> {
  await panel.getByTestId('token-filter').fill('jti:at-7f3c9a');
  await expect(panel.getByTestId('token-row')).toHaveCount(1);
  await panel.getByTestId('token-row').click();
  const detail = panel.getByTestId('token-detail');
  const source = (await detail.getByTestId('encoded-token').textContent()) ?? '';
  await detail.getByTestId('open-workbench').click();
  const wb = panel.getByTestId('workbench');
  await expect(wb.getByTestId('workbench-encoded')).toHaveText(source);
  const payload = wb.getByTestId('workbench-payload');
  await payload.fill((await payload.inputValue()).replace('"sub":"alice"', '"sub":"mallory"'));
  await expect(wb.getByTestId('workbench-encoded')).not.toHaveText(source);
  await expect(wb.getByTestId('workbench-pending')).toHaveCount(0);
  const edited = (await wb.getByTestId('workbench-encoded').textContent()) ?? '';
  expect(edited).not.toBe(source);
  return { source, edited };
}

test('real DevTools: "Use this token in the app" makes the page’s own requests carry the edited token until stopped', async ({
  demo,
  ext,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  // The permission adds no install warning (so installing or updating asks for nothing new), and nothing
  // is installed before the click.
  const install = await installWarnings(ext);
  expect(install.declared).toBe(true);
  expect(install.with).toEqual(install.without);
  expect(await overrideRules(ext)).toEqual([]);
  const panel = await openPanel();
  const { source, edited } = await editAccessToken(panel);
  expect(await lastAuthorization(demo.url, '/strict/me')).toBe(`Bearer ${source}`);

  const section = panel.getByTestId('use-in-app-section');
  await expect(section.getByTestId('use-in-app-target')).toContainText('Authorization (Bearer)');
  await expect(panel.getByTestId('override-banner')).toHaveCount(0);
  await section.getByTestId('use-in-app').click();
  const banner = panel.getByTestId('override-banner');
  await expect(banner).toContainText('JWT Lens is replacing Authorization on this tab');
  const rules = await overrideRules(ext);
  expect(rules).toHaveLength(1);
  // Only this tab, only the captured request's origin.
  expect(rules[0]?.condition.tabIds).toHaveLength(1);
  expect(rules[0]?.condition.urlFilter).toBe(`|${new URL(demo.url).origin}/`);

  // The page's own next request carries the edited token, as the server received it.
  await callApis(app);
  expect(await lastAuthorization(demo.url, '/strict/me')).toBe(`Bearer ${edited}`);
  expect((await seen(demo.url, '/strict/me')).at(-1)?.status).toBe(401);

  // Stopping restores the original.
  await banner.getByTestId('stop-use-in-app').click();
  await expect(panel.getByTestId('override-banner')).toHaveCount(0);
  expect(await overrideRules(ext)).toHaveLength(0);
  await callApis(app);
  expect(await lastAuthorization(demo.url, '/strict/me')).toBe(`Bearer ${source}`);
  expect((await seen(demo.url, '/strict/me')).at(-1)?.status).toBe(200);
  const log = section.getByTestId('override-log-entry');
  await expect(log).toHaveCount(2);
  await expect(log.nth(0)).toHaveAttribute('data-event', 'started');
  await expect(log.nth(1)).toContainText('(stopped)');

  // It ends when the panel goes away, even when its page dies without a word (a reload of the panel page).
  await section.getByTestId('use-in-app').click();
  await expect(banner).toBeVisible();
  await callApis(app);
  expect(await lastAuthorization(demo.url, '/strict/me')).toBe(`Bearer ${edited}`);
  await panel.evaluate(() => location.reload());
  await expect.poll(() => overrideRules(ext)).toHaveLength(0);
  await callApis(app);
  expect(await lastAuthorization(demo.url, '/strict/me')).toBe(`Bearer ${source}`);
  const reopened = await openJwtPanel(await findDevTools(ext.context, ext.extensionId, app.url()), ext.extensionId);
  await expect(reopened.getByTestId('token-row').first()).toBeVisible();
  await expect(reopened.getByTestId('override-banner')).toHaveCount(0);
});
