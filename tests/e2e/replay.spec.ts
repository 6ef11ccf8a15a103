import type { Frame, Page } from '@playwright/test';
import axeCore from 'axe-core';
import type { ReceivedRequest } from '../demo-app/replay-routes.ts';
import { expect, test } from './fixtures.ts';
import { findDevTools, launchWithExtension, openJwtPanel } from './harness.ts';

async function received(base: string): Promise<ReceivedRequest[]> {
  const res = await fetch(new URL('replay/received', base));
  return (await res.json()) as ReceivedRequest[];
}

/** Logs in on the replay routes (cookie + JSON token) and calls the profile route once; returns the token. */
async function callProfile(app: Page, sub: string, bearer: boolean): Promise<string> {
  return app.evaluate(
    async ({ sub, bearer }) => {
      const login = (await (await fetch(`/replay/login?sub=${sub}${bearer ? '&no-cookie' : ''}`)).json()) as {
        access_token: string;
      };
      await fetch(
        '/replay/profile?from=page',
        bearer ? { headers: { Authorization: `Bearer ${login.access_token}` } } : { credentials: 'same-origin' },
      );
      return login.access_token;
    },
    { sub, bearer },
  );
}

/** Selects the token of `sub` and returns its request sighting to /replay/profile, once its Replay button shows. */
async function profileSighting(panel: Frame, sub: string) {
  await panel.getByTestId('token-filter').fill(`sub:${sub}`);
  await expect(panel.getByTestId('token-row')).toHaveCount(1);
  await panel.getByTestId('token-row').click();
  const row = panel
    .getByTestId('token-detail')
    .getByTestId('sighting-row')
    .filter({ hasText: '/replay/profile' })
    .filter({ has: panel.getByTestId('replay') });
  // The request is seen by webRequest and by the DevTools network source: one row each, the newest first.
  await expect(row.first()).toBeVisible({ timeout: 15_000 });
  return row.first();
}

test('real DevTools: Replay sends a captured Bearer request again and shows the server status; "no token" gets 401; both are in the sent log', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  const token = await callProfile(app, 'replay-bearer-user', true);
  const before = (await received(demo.url)).length;
  const row = await profileSighting(panel, 'replay-bearer-user');
  await row.getByTestId('replay').click();
  const view = panel.getByTestId('replay-view');
  await expect(view).toBeVisible();
  await view.getByTestId('replay-send').click();
  await expect(view.getByTestId('replay-result')).toHaveAttribute('data-status', '200', { timeout: 15_000 });
  await expect(view.getByTestId('replay-result')).toContainText('replay-bearer-user');
  // The original answer is shown beside it.
  await expect(view.getByTestId('replay-original')).toHaveAttribute('data-status', '200');
  let got = (await received(demo.url)).slice(before);
  expect(got).toHaveLength(1);
  expect(got[0]).toMatchObject({ method: 'GET', path: '/replay/profile?from=page', authorization: `Bearer ${token}` });
  // The network-rule permission is held (it has no install warning); Cookie and User-Agent went on by a rule.
  expect(
    await panel.evaluate(() => chrome.permissions.contains({ permissions: ['declarativeNetRequestWithHostAccess'] })),
  ).toBe(true);
  // The one-request rule is gone once the answer came.
  expect(await panel.evaluate(async () => (await chrome.declarativeNetRequest.getSessionRules()).length)).toBe(0);

  await view.getByTestId('replay-variant').selectOption('no-token');
  await view.getByTestId('replay-send').click();
  await expect(view.getByTestId('replay-result')).toHaveAttribute('data-status', '401', { timeout: 15_000 });
  got = (await received(demo.url)).slice(before);
  expect(got).toHaveLength(2);
  expect(got[1]!.authorization).toBeUndefined();

  const log = panel.getByTestId('sent-log');
  await expect(log.getByTestId('sent-entry')).toHaveCount(2);
  await expect(log.getByTestId('sent-entry').first()).toHaveAttribute('data-status', '401');
  await expect(log.getByTestId('sent-entry').first()).toHaveAttribute('data-why', 'replay');
});

test('real DevTools: a replay of a cookie-carried token with the workbench-edited value puts the edited value in the Cookie header the server receives', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  const token = await callProfile(app, 'replay-cookie-user', false);
  const original = (await received(demo.url)).at(-1)!;
  expect(original.cookie).toContain(`replay_session=${token}`);
  expect(original.authorization).toBeUndefined();
  await profileSighting(panel, 'replay-cookie-user');

  // Edit the token in the workbench (original signature kept), then go back to the detail.
  await panel.getByTestId('open-workbench').click();
  const wb = panel.getByTestId('workbench');
  const payload = wb.getByTestId('workbench-payload');
  await payload.fill((await payload.inputValue()).replace('replay-cookie-user', 'replay-edited-user'));
  await expect(wb.getByTestId('workbench-encoded')).not.toHaveText(token);
  await expect(wb.getByTestId('workbench-pending')).toHaveCount(0);
  const edited = (await wb.getByTestId('workbench-encoded').textContent()) ?? '';
  expect(edited.split('.')[2]).toBe(token.split('.')[2]);
  await payload.press('Escape');
  await expect(panel.getByTestId('workbench')).toHaveCount(0);

  const row = panel
    .getByTestId('token-detail')
    .getByTestId('sighting-row')
    .filter({ hasText: '/replay/profile' })
    .filter({ has: panel.getByTestId('replay') });
  await row.first().getByTestId('replay').click();
  const view = panel.getByTestId('replay-view');
  await view.getByTestId('replay-variant').selectOption('workbench');
  await view.getByTestId('replay-send').click();
  await expect(view.getByTestId('replay-result')).toHaveAttribute('data-status', '200', { timeout: 15_000 });
  await expect(view.getByTestId('replay-result')).toContainText('replay-edited-user');

  // At the server: the Cookie header is the captured one with only that cookie's value replaced.
  const replayed = (await received(demo.url)).at(-1)!;
  expect(replayed.cookie).toBe(original.cookie!.replace(`replay_session=${token}`, `replay_session=${edited}`));
  expect(replayed.cookie).toContain('replay_theme=dark');
  expect(replayed.authorization).toBeUndefined();
  // The captured User-Agent travelled too (a header fetch cannot set), and the rule was removed.
  expect(replayed.userAgent).toBe(original.userAgent);
  expect(await panel.evaluate(async () => (await chrome.declarativeNetRequest.getSessionRules()).length)).toBe(0);
});

test('real DevTools: Test this endpoint runs the playbook against a route that checks nothing, and each accepted forgery is a finding', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  await callProfile(app, 'replay-test-user', true);
  const before = (await received(demo.url)).length;
  const row = await profileSighting(panel, 'replay-test-user');
  await row.getByTestId('test-endpoint').click();
  const view = panel.getByTestId('endpoint-test');
  await expect(view.getByTestId('endpoint-test-done')).toBeVisible({ timeout: 60_000 });
  const results = view.getByTestId('endpoint-result');
  const n = await results.count();
  expect(n).toBeGreaterThan(10);
  expect(n).toBeLessThanOrEqual(30);
  await expect(results.first()).toHaveAttribute('data-variant', 'original');
  await expect(view.locator('[data-testid="endpoint-result"][data-variant="no-token"]')).toHaveAttribute(
    'data-accepted',
    'false',
  );
  // The route decodes without verifying: every alg-none spelling is accepted like the original.
  const none = view.locator('[data-testid="endpoint-result"][data-variant="alg-none-case"]');
  await expect(none).toHaveCount(6);
  for (const r of await none.all()) await expect(r).toHaveAttribute('data-accepted', 'true');
  // One request per row reached the server.
  expect((await received(demo.url)).length - before).toBe(n);
  // The accepted forgeries are CRITICAL findings of the tested token, with their evidence.
  const finding = panel.locator('[data-testid="finding"][data-rule="server-accepts-forgery"]');
  await expect(finding.first()).toBeVisible({ timeout: 15_000 });
  await expect(finding.first()).toHaveAttribute('data-severity', 'critical');
  // One finding per variant: the first accepted spelling's evidence, counted six times.
  const caseFinding = finding.filter({ hasText: /\(alg-none-case\): 200, body 100 % like the original/ });
  await expect(caseFinding).toHaveCount(1);
  await expect(caseFinding).toContainText('Server accepted alg: None, trailing dot');
  await expect(caseFinding.getByTestId('finding-count')).toHaveText('×6');
  await expect(panel.getByTestId('sent-log').getByTestId('sent-entry')).toHaveCount(n);
});

test('real DevTools docked 320 px wide: the replay and endpoint-test views fit and pass axe', async ({ demo }) => {
  const ext = await launchWithExtension({
    devtools: true,
    dock: { side: 'right', size: 320 },
    windowSize: { width: 1100, height: 800 },
  });
  try {
    const app = ext.context.pages().find((p) => !p.url().startsWith('devtools://')) ?? (await ext.context.newPage());
    await app.goto(demo.url);
    await expect(app.locator('body[data-done="1"]')).toBeAttached();
    const panel = await openJwtPanel(await findDevTools(ext.context, ext.extensionId, app.url()), ext.extensionId);
    expect(await panel.evaluate(() => innerWidth)).toBeLessThan(330);
    await callProfile(app, 'replay-narrow-user', true);
    const row = await profileSighting(panel, 'replay-narrow-user');
    await row.getByTestId('replay').click();
    const view = panel.getByTestId('replay-view');
    await view.getByTestId('replay-send').click();
    await expect(view.getByTestId('replay-result')).toHaveAttribute('data-status', '200', { timeout: 15_000 });
    await row.getByTestId('test-endpoint').click();
    await expect(panel.getByTestId('endpoint-test-done')).toBeVisible({ timeout: 60_000 });
    // Nothing of the views is wider than the detail pane: they wrap, their tables scroll in their own box.
    for (const id of ['replay-view', 'endpoint-test']) {
      const overflow = await panel.getByTestId(id).evaluate((el) => {
        const pane = el.closest('.detail-pane')!.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return { width: box.width - pane.width, inner: el.scrollWidth - el.clientWidth };
      });
      expect(overflow.width, id).toBeLessThanOrEqual(0);
      expect(overflow.inner, id).toBeLessThanOrEqual(0);
    }
    expect(
      await panel.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await panel.evaluate(axeCore.source);
    const violations = await panel.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const r = await axe.run(
        {
          include: [
            ['[data-testid="replay-view"]'],
            ['[data-testid="endpoint-test"]'],
            ['.sent-log-section'],
            ['[data-testid="sightings"]'],
          ],
        },
        { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
      );
      return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}`));
    });
    expect(violations).toEqual([]);
  } finally {
    await ext.close();
  }
});
