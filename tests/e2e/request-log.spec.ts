import type { Frame, Page } from '@playwright/test';
import type { RequestRecord } from '../../lib/capture/model.ts';
import { PROTOCOL_VERSION } from '../../lib/protocol/messages.ts';
import { validateWorkerMessage } from '../../lib/protocol/validate.ts';
import { expect, test } from './fixtures.ts';
import { stopServiceWorker } from './harness.ts';

// The request log (issue 15 part 1, issue 13's capture part) and logout events, in real DevTools.

async function runDemo(app: Page, url: string) {
  await app.goto(url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
}

/** Clicks through the rows until the encoded view shows `token`; returns its row. */
async function selectToken(panel: Frame, token: string) {
  const rows = panel.getByTestId('token-row');
  await expect(rows.first()).toBeVisible();
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    await rows.nth(i).click();
    const enc = await panel.getByTestId('encoded-token').innerText();
    if (enc.replace(/\s+/g, '') === token) return rows.nth(i);
  }
  throw new Error(`token not listed: ${token.slice(0, 40)}…`);
}

/** The worker's snapshot for the tab showing `url`, asked for over the panel's port from an extension page. */
async function snapshotRecords(reader: Page, url: string): Promise<RequestRecord[]> {
  const message = await reader.evaluate(
    async ({ url, v }) => {
      const tabId = (await chrome.tabs.query({})).find((t) => t.url?.startsWith(url))?.id ?? -1;
      return new Promise<unknown>((resolve) => {
        const port = chrome.runtime.connect({ name: 'jwt-lens-panel' });
        port.onMessage.addListener((m: { kind: string }) => {
          if (m.kind !== 'snapshot') return;
          port.disconnect();
          resolve(m);
        });
        port.postMessage({ v, kind: 'hello', tabId });
      });
    },
    { url, v: PROTOCOL_VERSION },
  );
  // The panel validates what the worker sends: so does this test.
  const checked = validateWorkerMessage(message);
  expect(checked.ok).toBe(true);
  return checked.ok && checked.message.kind === 'snapshot' ? (checked.message.requests ?? []) : [];
}

test('the request log reaches the panel: headers, status and challenge; a 401 without a token; a logout deletes the session cookie', async ({
  demo,
  ext,
  app,
  openPanel,
}) => {
  await runDemo(app, demo.url);
  const panel = await openPanel();
  // With the panel open, records arrive in tokens batches.
  await app.getByRole('button', { name: 'Call the API again' }).click();
  await expect(app.locator('body[data-done="2"]')).toBeAttached();
  const statuses = await app.evaluate(async () => {
    const bare = await fetch('/api/bare', { credentials: 'omit' });
    const logout = await fetch('/logout', { method: 'POST' });
    return [bare.status, logout.status];
  });
  expect(statuses).toEqual([401, 200]);

  // The expired token's request: its record's challenge is shown beside the 401 in the sightings.
  await selectToken(panel, demo.tokens.expiredToken);
  await expect(panel.getByTestId('sighting-challenge').first()).toHaveText('invalid_token: The access token expired');

  // The logout deleted the cookie that held the session token: its row says so, and when.
  const sessionRow = await selectToken(panel, demo.tokens.sessionCookie);
  const chip = sessionRow.getByTestId('no-longer-stored');
  await expect(chip).toHaveAttribute('data-removed-by', 'server');
  await expect(chip).toHaveText(/^deleted by the server at \d\d:\d\d:\d\d$/);
  await expect(panel.getByTestId('sightings')).toContainText(/session \(deleted by the server at \d\d:\d\d:\d\d\)/);
  // A token whose cookie was not deleted says nothing of the kind.
  const accessRow = await selectToken(panel, demo.tokens.accessToken);
  await expect(accessRow.getByTestId('no-longer-stored')).toHaveCount(0);

  // What the worker keeps, as a reopened panel receives it.
  const reader = await ext.context.newPage();
  await reader.goto(`chrome-extension://${ext.extensionId}/devtools.html`);
  const records = await snapshotRecords(reader, demo.url);
  const orders = records.filter((r) => r.url.endsWith('/api/orders'));
  expect(orders.length).toBeGreaterThanOrEqual(2);
  for (const r of orders) {
    expect(r).toMatchObject({ method: 'GET', type: 'xmlhttprequest', status: 401 });
    expect(r.tokens).toContain(demo.tokens.expiredToken);
    expect(r.headers).toContainEqual({ name: 'Authorization', value: `Bearer ${demo.tokens.expiredToken}` });
    // Every header as sent, the cookies too (extraHeaders).
    expect(r.headers!.find((h) => h.name.toLowerCase() === 'cookie')?.value).toContain(
      `session=${demo.tokens.sessionCookie}`,
    );
    expect(r.challenge).toMatchObject({
      scheme: 'Bearer',
      error: 'invalid_token',
      description: 'The access token expired',
    });
    expect(r.serverDate).toEqual(expect.any(Number));
    expect(Math.abs(r.serverDate! - r.responseTime!)).toBeLessThan(5_000);
    expect(r.responseHeaders?.map((h) => h.name.toLowerCase())).toContain('www-authenticate');
  }
  // A JSON body that carried the refresh token, kept as sent.
  const refresh = records.find((r) => r.url.endsWith('/token') && r.method === 'POST' && r.body?.text);
  expect(refresh?.body?.text).toContain(demo.tokens.refreshToken);
  expect(refresh?.status).toBe(200);
  // A 401 answer to a request that carried no token is logged too.
  const bare = records.find((r) => r.url.endsWith('/api/bare'));
  expect(bare).toMatchObject({ method: 'GET', status: 401, tokens: [] });
  expect(bare!.headers).toBeUndefined();
  // The response that delivered the session cookie, and the logout that deleted it.
  const login = records.find((r) => r.url.endsWith('/login'));
  expect(login?.tokens).toContain(demo.tokens.sessionCookie);
  const logout = records.find((r) => r.url.endsWith('/logout'));
  expect(logout).toMatchObject({ method: 'POST', status: 200 });
  // It carried the session cookie (and the id_token cookie) it then deleted.
  expect(logout!.tokens).toContain(demo.tokens.sessionCookie);
  expect(logout!.headers?.find((h) => h.name.toLowerCase() === 'cookie')?.value).toContain('session=');

  // A stopped worker reads the log back from storage: the same records, the same answers.
  await stopServiceWorker(ext.context, app, ext.extensionId);
  const again = await snapshotRecords(reader, demo.url);
  const key = (r: RequestRecord) => `${r.requestId} ${r.status} ${r.tokens.length} ${r.headers?.length ?? '-'}`;
  expect(again.map(key).sort()).toEqual(records.map(key).sort());
  await reader.close();
});
