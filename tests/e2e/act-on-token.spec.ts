import type { Frame, Page } from '@playwright/test';
import axeCore from 'axe-core';
import { QA_SECRET, type SeenRequest } from '../demo-app/careless-api.ts';
import { expect, test } from './fixtures.ts';
import { findDevTools, openJwtPanel, stopServiceWorker, type ExtensionBrowser } from './harness.ts';

// Issue 13 in real DevTools against the demo's careless and strict APIs (tests/demo-app/careless-api.ts).

const PERMISSION = 'declarativeNetRequestWithHostAccess';

/** axe (WCAG 2.0/2.1 A and AA) on the panel frame: one line per failing node. */
async function axeViolations(panel: Frame): Promise<string[]> {
  if (!(await panel.evaluate(() => 'axe' in window))) await panel.evaluate(axeCore.source);
  return panel.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}`));
  });
}

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

  // The banner and the section with its log pass axe.
  expect(await axeViolations(panel)).toEqual([]);

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

/** One row of the endpoint test's results. */
interface ResultRow {
  variant: string;
  step: string;
  status: number;
  accepted: boolean;
}

async function addKey(panel: Frame, label: string, material: string, format: string): Promise<void> {
  await panel.getByTestId('add-key').click();
  await panel.getByTestId('key-label').fill(label);
  await panel.getByTestId('key-material').fill(material);
  await panel.getByTestId('key-format').selectOption(format);
  await panel.getByTestId('save-key').click();
  await expect(panel.getByTestId('key-row').filter({ hasText: label })).toHaveCount(1);
}

async function selectToken(panel: Frame, filter: string): Promise<void> {
  await panel.getByTestId('token-filter').fill(filter);
  await expect(panel.getByTestId('token-row')).toHaveCount(1);
  await panel.getByTestId('token-row').click();
}

/** Runs "Test this endpoint" on the selected token's request to `path`; returns every result row once done. */
async function testEndpoint(panel: Frame, path: string): Promise<ResultRow[]> {
  const detail = panel.getByTestId('token-detail');
  const row = detail
    .getByTestId('sighting-row')
    .filter({ hasText: path })
    .filter({ has: panel.getByTestId('test-endpoint') })
    .first();
  await row.getByTestId('test-endpoint').click();
  const view = panel.getByTestId('endpoint-test');
  await expect(view.getByTestId('endpoint-test-done')).toBeVisible({ timeout: 45_000 });
  const rows = await view.getByTestId('endpoint-result').evaluateAll((els) =>
    els.map((e) => ({
      variant: e.getAttribute('data-variant') ?? '',
      step: e.getAttribute('data-step') ?? '',
      status: Number(e.getAttribute('data-status')),
      accepted: e.getAttribute('data-accepted') === 'true',
    })),
  );
  const original = rows.find((r) => r.variant === 'original');
  expect(original?.status).toBe(200);
  expect(rows.find((r) => r.variant === 'no-token')?.accepted).toBe(false);
  return rows;
}

/** The variants (and claim steps) accepted, the baseline left out. */
const holes = (rows: ResultRow[]) =>
  [...new Set(rows.filter((r) => r.accepted && r.variant !== 'original').map((r) => r.variant))].sort();

test('real DevTools: "Test this endpoint" finds exactly each careless route’s hole, and none on the strict API', async ({
  demo,
  app,
  openPanel,
}) => {
  test.setTimeout(180_000);
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  // What a tester knows: the API's public keys (its JWKS) and QA's key of the "ignores exp" route.
  await addKey(panel, 'demo JWKS', JSON.stringify(demo.tokens.jwks), 'jwks');
  await addKey(panel, 'QA key', QA_SECRET, 'text');
  const finding = panel.locator('[data-testid="finding"][data-rule="server-accepts-forgery"]');

  // The strict API first: it refuses every forgery, so the access token has no such finding.
  await selectToken(panel, 'jti:at-7f3c9a');
  const strict = await testEndpoint(panel, '/strict/me');
  expect(strict.length).toBeGreaterThanOrEqual(15);
  expect(holes(strict)).toEqual([]);
  await expect(panel.getByTestId('endpoint-test-done')).toHaveAttribute('data-accepted', '0');
  await expect(finding).toHaveCount(0);

  // Accepts alg "None" (both with and without the trailing dot), no other spelling, nothing else.
  const none = await testEndpoint(panel, '/careless/none-spelling');
  expect(holes(none)).toEqual(['alg-none-case']);
  expect(none.filter((r) => r.variant === 'alg-none-case' && r.accepted)).toHaveLength(2);
  expect(none.filter((r) => r.variant === 'alg-none-case' && !r.accepted)).toHaveLength(4);
  await expect(finding.first()).toBeVisible();

  // Falls for HS256 keyed with its RSA public key's PEM text.
  const confusion = await testEndpoint(panel, '/careless/key-confusion');
  expect(holes(confusion)).toEqual(['key-confusion']);

  // Never checks the signature: every signature forgery gets in, and "sub: admin" under the original
  // signature; no change of a checked claim does.
  const nosig = await testEndpoint(panel, '/careless/no-signature');
  const forged = [...new Set(nosig.map((r) => r.variant))].filter((v) => !['original', 'no-token'].includes(v));
  expect(forged.length).toBeGreaterThanOrEqual(9);
  expect(holes(nosig)).toEqual(forged.sort());
  expect(nosig.filter((r) => r.variant === 'claim-tamper' && r.accepted).map((r) => r.step)).toEqual([
    'claim-tamper:sub-admin',
  ]);

  // Never checks exp: with QA's key, the expired copy (re-signed) gets in, nothing else does.
  await selectToken(panel, 'sub:qa-tester');
  const exp = await testEndpoint(panel, '/careless/ignores-exp');
  expect(exp.filter((r) => r.accepted && r.variant !== 'original').map((r) => r.step)).toEqual([
    'claim-tamper:exp-past',
  ]);
  expect(exp.find((r) => r.step === 'claim-tamper:nbf-future')?.accepted).toBe(false);
  await expect(finding.first()).toBeVisible();

  // A wordlist secret (cookie): once the search finds it, what it signs gets in; the claims are still checked.
  await selectToken(panel, 'role:customer');
  const detail = panel.getByTestId('token-detail');
  await detail.getByTestId('crack-start').click();
  await expect(detail.getByTestId('crack-found')).toContainText('your-256-bit-secret', { timeout: 60_000 });
  const weak = await testEndpoint(panel, '/careless/weak-secret');
  expect(weak.filter((r) => r.accepted && r.variant !== 'original').map((r) => r.step)).toEqual([
    'claim-tamper:sub-admin',
  ]);
  expect(weak.filter((r) => r.variant === 'claim-tamper')).toHaveLength(5);
  await expect(finding.first()).toBeVisible();
});

test('real DevTools: "Use this token in the app" on a cookie replaces only that cookie in the Cookie header', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const captured = (await seen(demo.url, '/careless/weak-secret')).at(-1)?.cookie ?? '';
  expect(captured).toContain('careless_session=');
  const panel = await openPanel();
  await selectToken(panel, 'role:customer');
  const detail = panel.getByTestId('token-detail');
  const source = (await detail.getByTestId('encoded-token').textContent()) ?? '';
  expect(captured).toContain(`careless_session=${source}`);
  await detail.getByTestId('open-workbench').click();
  const wb = panel.getByTestId('workbench');
  const payload = wb.getByTestId('workbench-payload');
  await payload.fill((await payload.inputValue()).replace('"role":"customer"', '"role":"admin"'));
  await expect(wb.getByTestId('workbench-encoded')).not.toHaveText(source);
  await expect(wb.getByTestId('workbench-pending')).toHaveCount(0);
  const edited = (await wb.getByTestId('workbench-encoded').textContent()) ?? '';

  const section = panel.getByTestId('use-in-app-section');
  await section.getByTestId('use-in-app-target').selectOption(`${new URL(demo.url).origin} cookie careless_session`);
  await expect(section.getByTestId('use-in-app-cookie-note')).toContainText('frozen');
  await section.getByTestId('use-in-app').click();
  await expect(panel.getByTestId('override-banner')).toContainText(
    'JWT Lens is replacing the cookie careless_session on this tab',
  );
  await callApis(app);
  // The server got the Cookie header as captured, with only that cookie's value replaced.
  expect((await seen(demo.url, '/careless/weak-secret')).at(-1)?.cookie).toBe(captured.replace(source, edited));
  await panel.getByTestId('stop-use-in-app').click();
  await expect(panel.getByTestId('override-banner')).toHaveCount(0);
  await callApis(app);
  expect((await seen(demo.url, '/careless/weak-secret')).at(-1)?.cookie).toBe(captured);
});

test('real DevTools: a restarted worker keeps the override of a tab whose panel came back and removes stale ones', async ({
  demo,
  ext,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  const { edited } = await editAccessToken(panel);
  await panel.getByTestId('use-in-app').click();
  await expect(panel.getByTestId('override-banner')).toBeVisible();
  // Asked from the panel page: the worker's handle hangs while it is stopped.
  const rules = () =>
    panel.evaluate(async () =>
      (await chrome.declarativeNetRequest.getSessionRules())
        .filter((r) => r.id >= 1_000_000_000)
        .map((r) => r.condition.tabIds?.[0]),
    );
  const tab = await panel.evaluate(() => chrome.devtools.inspectedWindow.tabId);
  // A rule left by a panel that closed while no worker ran (its tab has no panel).
  await panel.evaluate(() =>
    chrome.declarativeNetRequest.updateSessionRules({
      addRules: [
        {
          id: 1_000_000_500,
          priority: 2,
          action: {
            type: 'modifyHeaders' as chrome.declarativeNetRequest.RuleActionType,
            requestHeaders: [
              {
                header: 'Authorization',
                operation: 'set' as chrome.declarativeNetRequest.HeaderOperation,
                value: 'Bearer stale',
              },
            ],
          },
          condition: { tabIds: [999_999], urlFilter: '|http://127.0.0.1/' },
        },
      ],
    }),
  );
  expect((await rules()).sort()).toEqual([tab, 999_999].sort());

  await stopServiceWorker(ext.context, app, ext.extensionId);
  // The panel reconnects (waking the worker); after its grace period the worker sweeps.
  await expect.poll(rules, { timeout: 15_000 }).toEqual([tab]);
  await expect(panel.getByTestId('override-banner')).toBeVisible();
  await callApis(app);
  expect(await lastAuthorization(demo.url, '/strict/me')).toBe(`Bearer ${edited}`);
});
