import { createHmac, sign, type KeyObject } from 'node:crypto';
import type { Frame, Page } from '@playwright/test';
import { expect, test as base } from './fixtures.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness.ts';
import { capturedToken, openPanelInTab } from './panel-harness.ts';
import { seededEd25519 } from '../support/seeded-ed25519.ts';

const b64u = (s: string) => Buffer.from(s).toString('base64url');
const hs = (header: string, payload: string, secret: string) => {
  const input = `${b64u(header)}.${b64u(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

// The tests that open the panel page in a tab use a browser without DevTools windows: the
// fixture's `--auto-open-devtools-for-tabs` attaches a DevTools window to that tab too, and its
// protocol traffic over a big DOM ran on the tab's main thread (one "Receive mojo message" task of
// 550–680 ms wall, 150–210 ms CPU, with no script of the panel in it). The real panel is never
// inspected by DevTools of its own.
const test = base.extend<{ tabExt: ExtensionBrowser }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
  tabExt: async ({}, use) => {
    const ext = await launchWithExtension();
    await use(ext);
    await ext.close();
  },
});
// Records the longest gap between main-thread turns of the panel frame (a setTimeout chain and
// PerformanceObserver long tasks): reported, not asserted, as the issue asks. Playwright's trace
// snapshots and its locator polling run on the same main thread and would be measured with the
// panel (a DOM snapshot of a big detail takes 100–200 ms): the measured tests turn tracing off and
// wait inside the page, and read the probe before their Playwright assertions.
test.use({ trace: 'off' });

/** What startProbe leaves in the page: `__until(since, done)` waits for `done`, then says the ms since `since`. */
type Until = { __until(since: number, done: () => boolean): Promise<number> };

async function startProbe(panel: Frame): Promise<void> {
  await panel.evaluate(() => {
    const w = window as unknown as { __probe: { gap: number; longTask: number; last: number } } & Until;
    w.__probe = { gap: 0, longTask: 0, last: performance.now() };
    w.__until = async (since, done) => {
      for (let i = 0; !done(); i++) {
        if (i > 1200) throw new Error('the panel did not get there in 30 s');
        await new Promise((r) => setTimeout(r, 25));
      }
      return Math.round(performance.now() - since);
    };
    const tick = () => {
      const now = performance.now();
      w.__probe.gap = Math.max(w.__probe.gap, now - w.__probe.last);
      w.__probe.last = now;
      setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__probe.longTask = Math.max(w.__probe.longTask, e.duration);
      }).observe({ type: 'longtask', buffered: false });
    } catch {
      // longtask is not observable here: the setTimeout chain still measures.
    }
  });
}

async function readProbe(panel: Frame): Promise<{ gap: number; longTask: number }> {
  return panel.evaluate(() => {
    const p = (window as unknown as { __probe: { gap: number; longTask: number } }).__probe;
    return { gap: Math.round(p.gap), longTask: Math.round(p.longTask) };
  });
}

/** The panel page's main-thread tasks while the trace ran: the longest by thread CPU time and by wall time. */
interface TaskTrace {
  longestCpu: number;
  longestWall: number;
  /** Tasks over 16 ms of CPU time. */
  over16: number;
}

// A Chromium trace of the page's tasks (CDP Tracing, toplevel + devtools.timeline): each task's thread CPU
// time does not count the time the 2-core machine gave to other processes, which the wall-clock
// probe above does. Reported, not asserted. The trace starts before the mark the page sets at the
// start of the measured steps; only that page's main thread counts, from the task holding the mark
// (the one that clicks) on.
async function traceTasks(page: Page): Promise<() => Promise<TaskTrace>> {
  const cdp = await page.context().newCDPSession(page);
  const events: { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number }[] = [];
  cdp.on('Tracing.dataCollected', (d) => void events.push(...(d.value as unknown as typeof events)));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['toplevel', 'devtools.timeline', 'blink.user_timing'],
    },
  });
  // Tracing's own start-up work on the page's thread is over before the measured steps begin.
  await page.waitForTimeout(300);
  return async () => {
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
    const mark = events.find((e) => e.name === 'hostile-start');
    const tasks = events.filter(
      (e) =>
        e.name === 'ThreadControllerImpl::RunTask' &&
        e.ph === 'X' &&
        mark !== undefined &&
        e.pid === mark.pid &&
        e.tid === mark.tid &&
        e.ts + (e.dur ?? 0) >= mark.ts,
    );
    const ms = (us: number | undefined) => Math.round((us ?? 0) / 100) / 10;
    return {
      longestCpu: Math.max(0, ...tasks.map((t) => ms(t.tdur))),
      longestWall: Math.max(0, ...tasks.map((t) => ms(t.dur))),
      over16: tasks.filter((t) => ms(t.tdur) > 16).length,
    };
  };
}

async function send(app: import('@playwright/test').Page, token: string): Promise<void> {
  // The demo server may refuse a megabyte header (431): webRequest sees it before it leaves.
  await app.evaluate(
    (t) =>
      fetch('/api/me', { headers: { Authorization: `Bearer ${t}` } }).then(
        () => undefined,
        () => undefined,
      ),
    token,
  );
}

test('a 1 MiB Authorization header keeps the panel answering', async ({ demo, app, openPanel }, info) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  await expect(panel.getByTestId('token-row').first()).toBeVisible();
  await startProbe(panel);
  // Signed with a secret of the common list: the old quick check hashed 1 MiB a thousand times.
  const big = hs('{"alg":"HS256","typ":"JWT"}', `{"sub":"megabyte-header","pad":"${'p'.repeat(790_000)}"}`, 'secret');
  expect(big.length).toBeGreaterThan(1024 * 1024);
  await send(app, big);
  await panel.getByTestId('token-filter').fill('megabyte-header');
  const row = panel.getByTestId('token-row');
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  // Over 1 MiB as a storage item: listed from the worker's memory and labelled so in its row and detail.
  await expect(row.getByTestId('row-too-large')).toHaveText(/^too large to keep \(1\.\d MB\) — not stored$/);
  await row.click();
  await expect(panel.getByTestId('token-detail')).toContainText('megabyte-header');
  await expect(panel.getByTestId('detail-too-large')).toContainText(/too large to keep \(1\.\d MB\) — not stored/);
  // The panel still answers input: the filter reacts.
  await panel.getByTestId('token-filter').fill('no-such-token-anywhere');
  await expect(panel.getByTestId('token-row')).toHaveCount(0);
  const probe = await readProbe(panel);
  info.annotations.push({ type: 'longest main-thread gap (ms), 1 MiB header', description: JSON.stringify(probe) });
  console.log(
    `[hostile] 1 MiB header: longest main-thread gap ${probe.gap} ms, longest long task ${probe.longTask} ms`,
  );
});

test('a token nested 50,000 deep keeps the panel answering and says how it is shown', async ({
  demo,
  app,
  openPanel,
}, info) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  await expect(panel.getByTestId('token-row').first()).toBeVisible();
  const stopTrace = await traceTasks(panel.page());
  await startProbe(panel);
  const deep = `${'['.repeat(50_000)}1${']'.repeat(50_000)}`;
  await send(app, hs('{"alg":"HS256","typ":"JWT"}', `{"sub":"deep-claim","c":${deep}}`, 'not-a-common-secret-42'));
  await send(app, hs('{"alg":"HS256","typ":"JWT"}', `{"sub":"deep-exp","exp":${deep}}`, 'not-a-common-secret-42'));
  // Filtered, opened and waited for inside the panel: Playwright's own polling (locator snapshots of
  // a big detail) would run on the panel's main thread and be measured with it.
  const steps = await panel.evaluate(async () => {
    performance.mark('hostile-start');
    const t0 = performance.now();
    const $ = (sel: string) => document.querySelector<HTMLElement>(sel);
    const until = (done: () => boolean) => (window as unknown as Until).__until(t0, done);
    const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="token-row"]')];
    const filter = $('[data-testid="token-filter"]') as HTMLInputElement;
    filter.value = 'sub:deep-';
    filter.dispatchEvent(new Event('input', { bubbles: true }));
    const listed = await until(() => rows().length === 2);
    const opened: Record<string, number> = {};
    for (const name of ['deep-claim', 'deep-exp']) {
      const start = performance.now();
      rows()
        .find((r) => r.textContent!.includes(name))!
        .click();
      await until(
        () =>
          !!$('[data-testid="token-detail"]')?.textContent!.includes(name) &&
          !!$('[data-testid="token-detail"] [data-testid="json-limit"]') &&
          !$('[data-testid="detail-rest-pending"]') &&
          $('[data-testid="verification"]')?.dataset.status !== 'pending',
      );
      opened[name] = Math.round(performance.now() - start);
    }
    filter.value = '';
    filter.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => rows().length > 2);
    return { listed, opened };
  });
  const probe = await readProbe(panel);
  const traced = await stopTrace();
  const rows = panel.getByTestId('token-row');
  await panel.getByTestId('token-filter').fill('sub:deep-');
  await expect(rows).toHaveCount(2, { timeout: 30_000 });
  for (const name of ['deep-claim', 'deep-exp']) {
    await rows.filter({ hasText: name }).click();
    const detail = panel.getByTestId('token-detail');
    await expect(detail).toContainText(name);
    await expect(detail.getByTestId('json-limit')).toHaveText(/^JSON nested 50,00\d deep: shown to depth 64\.$/);
    // Built to depth 1,000 only (the arrival's JSON.parse no longer builds 50,000 arrays), and said.
    await expect(detail.getByTestId('decode-error')).toContainText(
      /(payload|header) JSON nested 50,00\d deep: read to depth 1,000, deeper values as null/,
    );
    await expect(detail.getByTestId('error-boundary')).toHaveCount(0);
    await expect(detail.getByTestId('verification')).not.toHaveAttribute('data-status', 'pending');
  }
  // The rest of the list is still there and the filter still answers.
  await panel.getByTestId('token-filter').fill('');
  await expect(rows.first()).toBeVisible();
  await expect(panel.getByTestId('token-count')).toContainText(/tokens/);
  info.annotations.push({ type: 'longest main-thread gap (ms), 50,000 deep', description: JSON.stringify(probe) });
  console.log(
    `[hostile] 50,000 deep: listed after ${steps.listed} ms, each detail whole after ${JSON.stringify(steps.opened)} ms; longest main-thread gap ${probe.gap} ms, longest long task ${probe.longTask} ms; traced: longest task ${traced.longestCpu} ms CPU (${traced.longestWall} ms wall), ${traced.over16} tasks over 16 ms CPU`,
  );
});

/** An EdDSA JWS signed with Node's crypto (`key` an Ed25519 private KeyObject). */
function eddsa(header: object, payload: object, key: KeyObject): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}

test('saving a JWKS of 10,000 keys keeps the panel answering while every token is verified again', async ({
  tabExt: ext,
}, info) => {
  test.setTimeout(180_000);
  const N = 10_000;
  // Ed25519 keys: 10,000 of them fit the key ring's 1,000,000-character limit on one entry.
  // Seeded, not generated: Node 20 can deadlock exporting thousands of generated keys (see the helper).
  const pairs = Array.from({ length: N }, (_, i) => seededEd25519(i));
  const keys = pairs.map((p, i) => ({ ...(p.publicKey.export({ format: 'jwk' }) as object), kid: `k${i}` }));
  const jwks = JSON.stringify({ keys });
  expect(jwks.length).toBeLessThan(1_000_000);
  const now = Math.floor(Date.now() / 1000);
  const withKid = eddsa(
    { alg: 'EdDSA', kid: `k${N - 1}` },
    { sub: 'with-kid', exp: now + 3600 },
    pairs[N - 1]!.privateKey,
  );
  const noKid = eddsa({ alg: 'EdDSA' }, { sub: 'no-kid', exp: now + 3600 }, pairs[N - 1]!.privateKey);
  const hmac = hs('{"alg":"HS256"}', `{"sub":"hmac","exp":${now + 3600}}`, 'not-a-common-secret-42');
  const page = await openPanelInTab(ext, {
    snapshot: [capturedToken(withKid), capturedToken(noKid), capturedToken(hmac)],
  });
  await expect(page.getByTestId('token-row')).toHaveCount(3);
  await page.getByTestId('add-key').click();
  await page.getByTestId('key-label').fill('big set');
  await page.getByTestId('key-format').selectOption('jwks');
  await page.getByTestId('key-material').fill(jwks);
  const stopTrace = await traceTasks(page);
  await startProbe(page.mainFrame());
  const t0 = Date.now();
  // Saved, then each token's verification awaited, inside the page (see startProbe).
  const inPage = await page.evaluate(async () => {
    performance.mark('hostile-start');
    const started = performance.now();
    const until = (done: () => boolean) => (window as unknown as Until).__until(started, done);
    (document.querySelector('[data-testid="save-key"]') as HTMLElement).click();
    const saved = await until(
      () => !!document.querySelector('[data-testid="key-row"]')?.textContent?.includes('JWK Set, 10000 keys'),
    );
    const savedText = document.querySelector('[data-testid="key-row"]')?.textContent ?? '';
    const verified: Record<string, number> = {};
    for (const name of ['with-kid', 'no-kid', 'hmac']) {
      const row = [...document.querySelectorAll('[data-testid="token-row"]')].find((r) =>
        r.textContent?.includes(name),
      ) as HTMLElement;
      row.click();
      verified[name] = await until(() => {
        const badge = document.querySelector('[data-testid="token-detail"] [data-testid="verification"]');
        return (
          !!document.querySelector('[data-testid="token-detail"]')?.textContent?.includes(name) &&
          !!badge &&
          badge.getAttribute('data-status') !== 'pending'
        );
      });
    }
    return { saved, savedText, verified };
  });
  const ms = Date.now() - t0;
  const probe = await readProbe(page.mainFrame());
  const traced = await stopTrace();
  // The row the page waited for (the token clicks since replaced the key ring with their detail).
  expect(inPage.savedText).toContain('JWK Set, 10000 keys');
  const rows = page.getByTestId('token-row');
  const detail = page.getByTestId('token-detail');
  await rows.filter({ hasText: 'with-kid' }).click();
  await expect(detail.getByTestId('verification')).toHaveAttribute('data-status', 'verified', { timeout: 60_000 });
  await rows.filter({ hasText: 'no-kid' }).click();
  await expect(detail.getByTestId('verification')).not.toHaveAttribute('data-status', 'pending', { timeout: 60_000 });
  const noKidStatus = await detail.getByTestId('verification').getAttribute('data-status');
  const noKidText = await detail.getByTestId('verification').innerText();
  await rows.filter({ hasText: 'hmac' }).click();
  await expect(detail.getByTestId('verification')).not.toHaveAttribute('data-status', 'pending', { timeout: 60_000 });
  info.annotations.push({ type: 'longest main-thread gap (ms), 10,000-key JWKS', description: JSON.stringify(probe) });
  console.log(
    `[hostile] 10,000-key JWKS saved after ${inPage.saved} ms and 3 tokens verified again in ${ms} ms (in page: ${JSON.stringify(inPage.verified)}): longest main-thread gap ${probe.gap} ms, longest long task ${probe.longTask} ms; traced: longest task ${traced.longestCpu} ms CPU (${traced.longestWall} ms wall), ${traced.over16} tasks over 16 ms CPU; kid-less token: ${noKidStatus} (${noKidText.replace(/\s+/g, ' ').slice(0, 160)})`,
  );
});

/** 100,000 claim members, `"m0":0,…`. */
const MEMBERS = Array.from({ length: 100_000 }, (_, i) => `"m${i}":${i}`).join(',');

/** The panel in a tab listing one small token, its main thread probed and its tasks traced. */
async function openMeasured(ext: Parameters<typeof openPanelInTab>[0]) {
  const small = hs('{"alg":"HS256"}', '{"sub":"small"}', 'not-a-common-secret-42');
  const page = await openPanelInTab(ext, { snapshot: [capturedToken(small)] });
  await expect(page.getByTestId('token-row')).toHaveCount(1);
  const stopTrace = await traceTasks(page);
  await startProbe(page.mainFrame());
  return { page, stopTrace };
}

test('a token with 100,000 claim members arrives and shows its first page without building or laying out all of it', async ({
  tabExt: ext,
}, info) => {
  test.setTimeout(120_000);
  // Its `exp` written after the 100,000 members: read all the same.
  const exp = Math.floor(Date.now() / 1000) + 3 * 3600 + 600;
  const wide = hs('{"alg":"HS256"}', `{"sub":"wide-claims",${MEMBERS},"exp":${exp}}`, 'not-a-common-secret-42');
  const { page, stopTrace } = await openMeasured(ext);
  // It arrives while the panel is open (decoded on arrival, measured), then is opened. Waited for
  // inside the page: Playwright's own polling (locator snapshots of a big DOM) would run on the
  // panel's main thread and be measured with it.
  const timing = await page.evaluate(async (token) => {
    performance.mark('hostile-start');
    const t0 = performance.now();
    const until = (done: () => boolean) => (window as unknown as Until).__until(t0, done);
    (window as unknown as { __jwtLens: { push(t: unknown): void } }).__jwtLens.push(token);
    const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="token-row"]')];
    const listed = await until(() => rows().length === 2);
    rows()
      .find((r) => r.textContent!.includes('wide-claims'))!
      .click();
    const firstPage = await until(() => !!document.querySelector('[data-testid="payload-json"] .json-line'));
    const all = await until(
      () => document.querySelector('[data-testid="json-more"]')?.getAttribute('data-complete') === 'true',
    );
    return { listed, firstPage, all };
  }, capturedToken(wide));
  const { listed, firstPage, all } = timing;
  const probe = await readProbe(page.mainFrame());
  const traced = await stopTrace();
  const json = page.getByTestId('payload-json');
  // Byte-exact: the lines hold the members as written; one page drawn, all 100,004 lines laid out.
  await expect(json).toContainText('"m0": 0,');
  await expect(json.locator('.json-line')).toHaveCount(500);
  await expect(page.getByTestId('json-more')).toHaveText('Show more (99,504 of 100,004 lines not drawn)');
  // Decoded 10,000 members wide (said, with the count left out), its `exp` read all the same.
  const detail = page.getByTestId('token-detail');
  await expect(detail.getByTestId('decode-error').locator('[data-code="payload-width"]')).toHaveText(
    'payload JSON has an object of 100,002 members: read its first 10,000 and every registered or repeated name, 90,001 members left out (the JSON text shows them all) [payload-width]',
  );
  await expect(detail.getByTestId('time-claims').locator('[data-claim="exp"]')).toContainText('expires in 3 h');
  // Decoded in the panel's decode worker, not on its main thread (the small token never starts it).
  expect(
    page
      .workers()
      .map((w) => w.url())
      .filter((u) => /decode-worker/.test(u)),
  ).toHaveLength(1);
  info.annotations.push({ type: 'longest main-thread gap (ms), 100,000 members', description: JSON.stringify(probe) });
  console.log(
    `[hostile] 100,000 claim members: listed after ${listed} ms, first page after ${firstPage} ms, whole layout after ${all} ms; longest main-thread gap ${probe.gap} ms, longest long task ${probe.longTask} ms; traced: longest task ${traced.longestCpu} ms CPU (${traced.longestWall} ms wall), ${traced.over16} tasks over 16 ms CPU`,
  );
});

test('a token with 100,000 claim members pasted whole is decoded off the main thread and shown', async ({
  tabExt: ext,
}) => {
  test.setTimeout(120_000);
  const wide = hs('{"alg":"HS256"}', `{"sub":"pasted-wide",${MEMBERS}}`, 'not-a-common-secret-42');
  const { page, stopTrace } = await openMeasured(ext);
  const timing = await page.evaluate(async (token) => {
    performance.mark('hostile-start');
    const t0 = performance.now();
    const until = (done: () => boolean) => (window as unknown as Until).__until(t0, done);
    const box = document.querySelector<HTMLTextAreaElement>('[data-testid="paste-token"]')!;
    box.focus();
    const data = new DataTransfer();
    data.setData('text/plain', token);
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    const listed = await until(() => document.querySelectorAll('[data-testid="token-row"]').length === 2);
    const firstPage = await until(() => !!document.querySelector('[data-testid="payload-json"] .json-line'));
    return { listed, firstPage };
  }, wide);
  const probe = await readProbe(page.mainFrame());
  const traced = await stopTrace();
  await expect(page.getByTestId('payload-json')).toContainText('"sub": "pasted-wide",');
  // The box shows the paste's first 2,048 characters, read-only, and says so.
  await expect(page.getByTestId('paste-long')).toContainText(`${wide.length.toLocaleString('en-US')} characters`);
  expect(await page.getByTestId('paste-token').inputValue()).toBe(`${wide.slice(0, 2048)}…`);
  await expect(
    page.getByTestId('token-detail').getByTestId('decode-error').locator('[data-code="payload-width"]'),
  ).toContainText('payload JSON has an object of 100,001 members');
  expect(
    page
      .workers()
      .map((w) => w.url())
      .filter((u) => /decode-worker/.test(u)),
  ).toHaveLength(1);
  console.log(
    `[hostile] 100,000 claim members pasted: listed after ${timing.listed} ms, first page after ${timing.firstPage} ms; longest main-thread gap ${probe.gap} ms, longest long task ${probe.longTask} ms; traced: longest task ${traced.longestCpu} ms CPU (${traced.longestWall} ms wall), ${traced.over16} tasks over 16 ms CPU`,
  );
  // Cleared, the box is empty and editable (the pasted token stays listed, as pasted tokens do); filled
  // (the browser holds the megabyte first), it is shortened again before Chromium lays it out.
  await page.getByTestId('paste-clear').click();
  await expect(page.getByTestId('paste-token')).toHaveValue('');
  await expect(page.getByTestId('paste-long')).toHaveCount(0);
  await expect(page.getByTestId('token-row')).toHaveCount(2);
  await page.getByTestId('paste-token').fill(wide);
  await expect(page.getByTestId('paste-long')).toBeVisible();
  await expect(page.getByTestId('token-row')).toHaveCount(2);
  expect(await page.getByTestId('paste-token').inputValue()).toBe(`${wide.slice(0, 2048)}…`);
});

test('a token with 100,000 claim members opened in the workbench keeps the panel answering', async ({
  tabExt: ext,
}) => {
  test.setTimeout(120_000);
  const wide = hs('{"alg":"HS256"}', `{"sub":"edit-wide",${MEMBERS}}`, 'not-a-common-secret-42');
  const { page, stopTrace } = await openMeasured(ext);
  const timing = await page.evaluate(async (token) => {
    const t0 = performance.now();
    const until = (done: () => boolean) => (window as unknown as Until).__until(t0, done);
    (window as unknown as { __jwtLens: { push(t: unknown): void } }).__jwtLens.push(token);
    const row = () =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="token-row"]')].find((r) =>
        r.textContent!.includes('edit-wide'),
      );
    await until(() => !!row());
    row()!.click();
    await until(() => !!document.querySelector('[data-testid="open-workbench"]'));
    await new Promise((r) => setTimeout(r, 500));
    // Only the opening is measured.
    const probe = (window as unknown as { __probe: { gap: number; longTask: number; last: number } }).__probe;
    Object.assign(probe, { gap: 0, longTask: 0, last: performance.now() });
    performance.mark('hostile-start');
    const t1 = performance.now();
    document.querySelector<HTMLElement>('[data-testid="open-workbench"]')!.click();
    const opened = await (window as unknown as Until).__until(t1, () =>
      Boolean(document.querySelector('[data-testid^="workbench-payload"]')),
    );
    await new Promise((r) => setTimeout(r, 1500));
    return { opened };
  }, capturedToken(wide));
  const probe = await readProbe(page.mainFrame());
  const traced = await stopTrace();
  console.log(
    `[hostile] 100,000 claim members in the workbench: opened after ${timing.opened} ms; longest main-thread gap ${probe.gap} ms, longest long task ${probe.longTask} ms; traced: longest task ${traced.longestCpu} ms CPU (${traced.longestWall} ms wall), ${traced.over16} tasks over 16 ms CPU`,
  );
  // The 1.3 MB payload is previewed, not laid out in a textarea, until asked for.
  await expect(page.getByTestId('workbench-payload-large')).toContainText('characters: only the first 2,048');
  await expect(page.getByTestId('workbench-encoded').getByTestId('long-text-more').first()).toBeVisible();
  await page.getByTestId('workbench-payload-edit-large').click();
  await expect(page.locator('textarea[data-testid="workbench-payload"]')).toHaveCount(1);
});

test('a 5.2 MB request body says in the sighting list that only its first 1 MiB was scanned', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  await expect(panel.getByTestId('token-row').first()).toBeVisible();
  const token = hs('{"alg":"HS256","typ":"JWT"}', '{"sub":"big-body"}', 'not-a-common-secret-42');
  const body = `{"access_token_hint":"${token}","pad":"${'p'.repeat(5_200_000 - token.length - 40)}"}`;
  expect(body.length).toBeGreaterThan(5_150_000);
  expect(body.length).toBeLessThan(5_250_000);
  // The listener reads the body before it leaves; what the server answers does not matter.
  await app.evaluate(
    (b) =>
      fetch('/api/me', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: b }).then(
        () => undefined,
        () => undefined,
      ),
    body,
  );
  await panel.getByTestId('token-filter').fill('sub:big-body');
  const row = panel.getByTestId('token-row');
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await row.click();
  const sighting = panel.getByTestId('sightings').getByTestId('sighting-row').first();
  await expect(sighting).toContainText('body 5.2 MB: only the first 1 MiB scanned');
});
