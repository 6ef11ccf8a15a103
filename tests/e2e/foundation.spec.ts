import { SignJWT } from 'jose';
import { expect, test } from './fixtures.ts';
import { stopServiceWorker } from './harness.ts';

const secret = new TextEncoder().encode('e2e-secret-that-is-long-enough-for-hs256');
const mint = (sub: string) =>
  new SignJWT({ sub, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(secret);

test('real DevTools: the panel lists the bearer and cookie tokens of the demo app, decoded', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  const rows = panel.getByTestId('token-row');
  // Bearer access token (RS256), the HttpOnly session cookie (HS256), the id_token cookie, and the bad ones.
  const bearerRow = rows.filter({ hasText: 'RS256' }).filter({ hasText: 'header' });
  await expect(bearerRow).toHaveCount(1);
  // The demo's careless API sets a second HS256 cookie (careless_session): the session cookie is the other one.
  const sessionRow = rows
    .filter({ hasText: 'HS256' })
    .filter({ hasText: 'cookie' })
    .filter({ hasNotText: 'careless_session' });
  await expect(sessionRow).toHaveCount(1);
  await expect(rows.filter({ hasText: 'admin' }).filter({ hasText: 'none' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'bob' }).getByTestId('validity-state')).toHaveAttribute('data-state', 'expired');

  await bearerRow.click();
  const detail = panel.getByTestId('token-detail');
  await expect(detail.getByTestId('header-json')).toContainText('"kid": "demo-rsa-2026"');
  await expect(detail.getByTestId('payload-json')).toContainText('"sub": "alice"');
  await expect(detail.getByTestId('payload-json')).toContainText('"scope": "openid profile orders:read"');
  await expect(detail.getByTestId('validity-state')).toHaveAttribute('data-state', 'valid');
  await expect(detail.getByTestId('time-claims')).toContainText('expires in 1');
  // The sightings table shows what the server answered.
  await expect(detail.getByTestId('sightings')).toContainText('200');

  await sessionRow.click();
  await expect(detail.getByTestId('payload-json')).toContainText('"sid": "b7d1f0e2"');
  await expect(detail.getByTestId('sightings')).toContainText('session');
});

test('a service-worker stop between two requests loses no token', async ({ demo, ext, app, openPanel }) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  const [first, second] = [await mint('before-stop'), await mint('after-stop')];
  const send = (token: string) =>
    app.evaluate((t) => fetch('/api/me', { headers: { Authorization: `Bearer ${t}` } }).then((r) => r.status), token);

  expect(await send(first)).toBe(200);
  await expect(panel.getByTestId('token-row').filter({ hasText: 'before-stop' })).toHaveCount(1);

  await stopServiceWorker(ext.context, app, ext.extensionId);

  expect(await send(second)).toBe(200);
  await expect(panel.getByTestId('token-row').filter({ hasText: 'after-stop' })).toHaveCount(1, { timeout: 15_000 });
  await expect(panel.getByTestId('token-row').filter({ hasText: 'before-stop' })).toHaveCount(1);
  await expect(panel.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  // Every token the demo sent before the stop is still there too.
  await expect(panel.getByTestId('token-row').filter({ hasText: 'admin' })).toHaveCount(1);
});

test('a malformed pasted token shows the specific error and what did decode', async ({ demo, app, openPanel }) => {
  await app.goto(demo.url);
  const panel = await openPanel();
  const paste = panel.getByTestId('paste-token');
  const detail = panel.getByTestId('token-detail');

  // Header fine, payload segment has a character that is not base64url.
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  await paste.fill(`${header}.eyJzdWIiOiJ4In0*.c2ln`);
  await expect(detail.getByTestId('decode-error')).toContainText(
    'payload segment: invalid base64url character "*" at character 16',
  );
  await expect(detail.getByTestId('header-json')).toContainText('"alg": "HS256"');

  await paste.fill('abc.def');
  await expect(detail.getByTestId('decode-error')).toContainText('this token has 2');

  const badJson = Buffer.from('{"alg":"HS256",}').toString('base64url');
  await paste.fill(`${badJson}.e30.sig`);
  await expect(detail.getByTestId('decode-error')).toContainText('header segment is not valid JSON');
  await expect(detail.getByTestId('decode-error').locator('[data-code="header-json"]')).toHaveCount(1);
});
