import { SignJWT } from 'jose';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { stopServiceWorker } from './harness.ts';

const secret = new TextEncoder().encode('e2e-secret-that-is-long-enough-for-hs256');
const mint = (sub: string, exp = Math.floor(Date.now() / 1000) + 600) =>
  new SignJWT({ sub, iat: Math.floor(Date.now() / 1000), exp })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(secret);

async function runDemo(app: Page, url: string) {
  await app.goto(url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
}

test('every source: headers, cookies, Set-Cookie, URL, Location, bodies, storage, cookie jar', async ({
  demo,
  ext,
  app,
  openPanel,
}) => {
  await runDemo(app, demo.url);
  // A cookie only the jar knows about: no request has carried it yet.
  const jarOnly = await mint('jar-only');
  await ext.context.addCookies([
    { name: 'jar_only', value: jarOnly, url: demo.url, httpOnly: true, sameSite: 'Strict' },
  ]);
  const panel = await openPanel();
  // With the panel open, response bodies are visible too: run the app's flow again.
  await app.getByRole('button', { name: 'Call the API again' }).click();
  await expect(app.locator('body[data-done="2"]')).toBeAttached();

  const { tokens } = demo;
  const rows = panel.getByTestId('token-row');
  await expect(rows.filter({ hasText: 'report-bot' })).toHaveCount(1);

  // Select each token by clicking the row whose token value we know, via the encoded view.
  const detailFor = async (token: string) => {
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      await rows.nth(i).click();
      const enc = await panel.getByTestId('encoded-token').innerText();
      if (enc.replace(/\s+/g, '') === token)
        return (await panel.getByTestId('sightings').innerText()).replace(/\s+/g, ' ');
    }
    throw new Error(`token not listed: ${token.slice(0, 40)}…`);
  };

  // The rows of the sightings table shown now, each as one line of text.
  const sightingRows = async () =>
    (await panel.getByTestId('sightings').locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));

  const accessSightings = await detailFor(tokens.accessToken);
  expect(accessSightings).toContain('Authorization'); // bearer header
  expect(accessSightings).toContain('X-Access-Token'); // custom header
  // Nested JSON in localStorage: stored, no HTTP status (never "pending").
  const stored = (await sightingRows()).filter((r) => r.includes('localStorage › auth › access_token'));
  expect(stored.length).toBeGreaterThan(0);
  for (const r of stored) {
    expect(r).toMatch(/storage local-storage localStorage › auth › access_token/);
    expect(r).not.toContain('pending');
  }
  expect(accessSightings).toMatch(/response body response › access_token .* 200/); // JSON response body (panel open)

  const session = await detailFor(tokens.sessionCookie);
  expect(session).toMatch(/set-cookie session/); // Set-Cookie response header
  expect(session).toMatch(/cookie session/); // Cookie request header

  expect(await detailFor(tokens.urlToken)).toMatch(/url access_token/);
  expect(await detailFor(tokens.refreshToken)).toMatch(/body refresh_token/);
  expect(await detailFor(tokens.implicitIdToken)).toMatch(/url Location › id_token .* 302/);
  expect(await detailFor(tokens.idToken)).toMatch(/session-storage sessionStorage › .*idtoken.* › secret/);
  const jar = await detailFor(jarOnly);
  expect(jar).toMatch(/cookie jar cookie jar_only/);
  for (const r of await sightingRows()) expect(r).not.toContain('pending');
});

test('a JWT inside Authorization: Basic credentials is captured, labelled Basic', async ({ demo, app, openPanel }) => {
  await runDemo(app, demo.url);
  const panel = await openPanel();
  const gateway = await mint('basic-gateway');
  const status = await app.evaluate(
    (t) => fetch('/api/me', { headers: { Authorization: `Basic ${btoa(`x-token-auth:${t}`)}` } }).then((r) => r.status),
    gateway,
  );
  expect(status).toBe(401); // the demo API wants Bearer: the answer is recorded all the same
  const row = panel.getByTestId('token-row').filter({ hasText: 'basic-gateway' });
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(panel.getByTestId('sightings')).toContainText(/request\s+header\s+Authorization \(Basic password\)/, {
    useInnerText: true,
  });
  await expect(panel.getByTestId('sightings')).toContainText('401');
});

test('data stored by v3 is migrated when the worker restarts; what cannot be read is said in the panel', async ({
  demo,
  ext,
  app,
  openPanel,
}) => {
  await runDemo(app, demo.url);
  const legacy = await mint('stored-by-v3');
  const tabId = await ext.worker.evaluate(
    async (url) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(url))?.id,
    demo.url,
  );
  expect(typeof tabId).toBe('number');
  // Items as protocol v3 wrote them (source/name/type), plus one that is no token at all.
  await ext.worker.evaluate(
    async ({ tabId, legacy, url }) => {
      await chrome.storage.session.set({
        [`tok:${tabId}:9000`]: {
          token: legacy,
          firstSeen: Date.now(),
          lastSeen: Date.now(),
          count: 2,
          sightings: [
            { source: 'local-storage', name: 'legacy › at', url, time: Date.now() },
            {
              source: 'header',
              name: 'Authorization',
              method: 'GET',
              url: `${url}api/me`,
              type: 'xmlhttprequest',
              time: Date.now(),
              status: 200,
            },
          ],
        },
        [`tok:${tabId}:9001`]: 'not a token',
      });
    },
    { tabId: tabId!, legacy, url: demo.url },
  );
  await stopServiceWorker(ext.context, app, ext.extensionId);
  const panel = await openPanel();
  const row = panel.getByTestId('token-row').filter({ hasText: 'stored-by-v3' });
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await row.click();
  const sightings = panel.getByTestId('sightings');
  await expect(sightings).toContainText(/storage\s+local-storage\s+localStorage › legacy › at/, { useInnerText: true });
  await expect(sightings).toContainText(/request\s+header\s+Authorization/, { useInnerText: true });
  await expect(panel.locator('[data-testid="capture-notice"][data-code="migrated"]')).toContainText('1 token');
  await expect(panel.locator('[data-testid="capture-notice"][data-code="unreadable"]')).toContainText(
    '1 stored token or sighting could not be read and was dropped',
  );
});

test('a worker stop in the middle of a burst loses no sighting', async ({ demo, ext, app, openPanel }) => {
  await runDemo(app, demo.url);
  const panel = await openPanel();
  const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => mint(`burst-${i}`)));
  // The page reads each answer, as apps do: DevTools' network log (from which the panel recovers what a
  // stopped worker missed) finishes a fetch only once its body is read (or the response is collected).
  const send = (list: string[]) =>
    app.evaluate(
      (ts) =>
        Promise.all(
          ts.map((t) =>
            fetch('/api/me', { headers: { Authorization: `Bearer ${t}` } }).then((r) => r.text().then(() => r.status)),
          ),
        ),
      list,
    );
  const first = send(burst.slice(0, 20));
  await stopServiceWorker(ext.context, app, ext.extensionId);
  const second = send(burst.slice(20));
  expect([...(await first), ...(await second)].every((s) => s === 200)).toBe(true);
  // The list is virtualised: count through the filter and the toolbar's count, not the DOM rows.
  await panel.getByTestId('token-filter').fill('burst-');
  await expect(panel.getByTestId('token-count')).toContainText(/^40 of \d+ tokens/, { timeout: 20_000 });
  await expect(panel.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
});

test('navigation keeps the list by default ("Preserve log" on); turned off, it clears', async ({
  demo,
  app,
  openPanel,
}) => {
  await runDemo(app, demo.url);
  const panel = await openPanel();
  const rows = panel.getByTestId('token-row');
  await expect(panel.getByTestId('preserve-log')).toBeChecked();
  const kept = await mint('kept-by-preserve-log');
  await app.evaluate((t) => fetch('/api/me', { headers: { Authorization: `Bearer ${t}` } }), kept);
  await expect(rows.filter({ hasText: 'kept-by-preserve-log' })).toHaveCount(1);
  await app.goto(`${demo.url}callback`);
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  await expect(rows.filter({ hasText: 'kept-by-preserve-log' })).toHaveCount(1);
  await expect(panel.getByTestId('preserve-log')).toBeChecked();

  await panel.getByTestId('preserve-log').uncheck();
  const once = await mint('only-before-navigation');
  await app.evaluate((t) => fetch('/api/me', { headers: { Authorization: `Bearer ${t}` } }), once);
  await expect(rows.filter({ hasText: 'only-before-navigation' })).toHaveCount(1);
  await app.goto(`${demo.url}callback`);
  await expect(rows.filter({ hasText: 'only-before-navigation' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'kept-by-preserve-log' })).toHaveCount(0);
  await expect(panel.getByTestId('preserve-log')).not.toBeChecked();
});

test('the extension makes no network request of its own', async ({ demo, ext, app, openPanel }) => {
  const own: string[] = [];
  const isOurs = (url: string, frameUrl?: string) =>
    /^(https?|wss?):/.test(url) && (frameUrl ?? '').startsWith(`chrome-extension://${ext.extensionId}`);
  ext.context.on('request', (r) => {
    let frameUrl: string | undefined;
    try {
      frameUrl = r.frame().url();
    } catch {
      frameUrl = r.serviceWorker()?.url();
    }
    if (isOurs(r.url(), frameUrl)) own.push(r.url());
  });
  // Positive control: a fetch from the extension's own worker is seen by this listener.
  const control = `${demo.url}favicon.ico?control`;
  await ext.worker.evaluate((u) => fetch(u).then(() => undefined), control);
  await expect.poll(() => own.includes(control)).toBe(true);
  own.length = 0;

  await runDemo(app, demo.url);
  const panel = await openPanel();
  await app.getByRole('button', { name: 'Call the API again' }).click();
  await expect(app.locator('body[data-done="2"]')).toBeAttached();
  await panel.getByTestId('token-row').first().click();
  await panel.getByTestId('rescan-storage').click();
  // Replay, Test this endpoint and Use this token in the app are offered, and send nothing until clicked:
  // no request of the extension's own, no network rule on the tab, nothing in the sent log.
  await panel.getByTestId('token-filter').fill('jti:at-7f3c9a');
  await panel.getByTestId('token-row').click();
  await expect(panel.getByTestId('test-endpoint').first()).toBeVisible();
  await expect(panel.getByTestId('replay').first()).toBeVisible();
  await panel.getByTestId('open-workbench').click();
  await expect(panel.getByTestId('use-in-app')).toBeEnabled();
  await expect(panel.getByTestId('override-banner')).toHaveCount(0);
  await expect(panel.getByTestId('sent-log')).toHaveCount(0);
  await app.waitForTimeout(500);
  expect(own).toEqual([]);
  expect(await ext.worker.evaluate(() => chrome.declarativeNetRequest.getSessionRules())).toEqual([]);
});
