import { expect, test } from './fixtures.ts';

test('real DevTools: adding the demo JWKS turns the captured bearer token verified', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  // The access token, by its jti claim.
  await panel.getByTestId('token-filter').fill('jti:at-7f3c9a');
  const bearer = panel.getByTestId('token-row');
  await expect(bearer).toHaveCount(1);
  await bearer.click();
  const detail = panel.getByTestId('token-detail');
  await expect(detail.getByTestId('verification')).toHaveAttribute('data-status', 'no-key');

  await panel.getByTestId('add-key').click();
  await panel.getByTestId('key-label').fill('demo JWKS');
  await panel.getByTestId('key-material').fill(JSON.stringify(demo.tokens.jwks));
  await panel.getByTestId('key-format').selectOption('jwks');
  await panel.getByTestId('save-key').click();
  await expect(panel.getByTestId('key-row')).toHaveCount(1);
  await expect(panel.getByTestId('key-row')).toContainText('JWK Set, 1 key');

  await bearer.click();
  await expect(detail.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  await expect(detail.getByTestId('verification')).toContainText('verified with key «demo JWKS»');
  // The expired HS256 token is not verified by an RSA key.
  await panel.getByTestId('token-filter').fill('sub:bob');
  await panel.getByTestId('token-row').first().click();
  await expect(detail.getByTestId('verification')).toHaveAttribute('data-status', 'no-key');
});

test('real DevTools: the alg none token shows its critical finding; the filter finds it', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  await panel.getByTestId('token-filter').fill('alg:none');
  const rows = panel.getByTestId('token-row');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('admin');
  await expect(rows.getByTestId('row-severity')).toHaveAttribute('data-severity', 'critical');
  await rows.click();
  const finding = panel.locator('[data-testid="finding"][data-rule="alg-none"]');
  await expect(finding).toHaveAttribute('data-severity', 'critical');
  await expect(finding).toContainText('anyone can forge it');
  await panel.getByTestId('token-filter').fill('severity:critical -alg:none');
  // The session cookie is signed with "secret", a leaked secret: critical too.
  await expect(rows.filter({ hasText: 'HS256' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'none' })).toHaveCount(0);
});

test('real DevTools: "Fetch the issuer\'s keys" runs OIDC discovery only on click and verifies the ID token', async ({
  demo,
  app,
  openPanel,
}) => {
  await app.goto(demo.url);
  await expect(app.locator('body[data-done="1"]')).toBeAttached();
  const panel = await openPanel();
  await panel.getByTestId('token-filter').fill('email:alice');
  await panel.getByTestId('token-row').first().click();
  const detail = panel.getByTestId('token-detail');
  await expect(detail.getByTestId('verification')).toHaveAttribute('data-status', 'no-key');
  await detail.getByTestId('fetch-issuer-jwks').click();
  await expect(detail.getByTestId('key-actions-message')).toContainText('Added');
  await expect(detail.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  await panel.getByTestId('key-ring-toggle').click();
  await expect(panel.getByTestId('key-row')).toContainText(`iss ${demo.url}`);
});
