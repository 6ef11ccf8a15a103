import type { Page, Worker } from '@playwright/test';
import { startOidcHarness, type OidcHarness } from '../oidc/harness.ts';
import { expect, test as base } from './fixtures.ts';

// A real login against a real OpenID Provider (oidc-provider) by a real client (oidc-client-ts),
// with the real DevTools panel open: nothing the login produces may be missed.
const test = base.extend<object, { oidc: OidcHarness }>({
  oidc: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
    async ({}, use) => {
      const harness = await startOidcHarness();
      await use(harness);
      await harness.close();
    },
    { scope: 'worker' },
  ],
});

type StoredSighting = {
  direction: string;
  via: string;
  location: { kind: string; name: string; area?: string; jsonPath?: string };
  url?: string;
  removed?: boolean;
};
type StoredToken = { token: string; sightings: StoredSighting[] };
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
type SpaUser = { id_token: string; access_token: string; refresh_token: string; token_type: string };

/** What the worker has stored for the tab showing `origin` (read straight from storage.session). */
async function stored(worker: Worker, origin: string): Promise<Map<string, StoredToken>> {
  const tokens = await worker.evaluate(async (origin) => {
    const tab = (await chrome.tabs.query({})).find(
      (t) => t.url?.startsWith(origin) || t.pendingUrl?.startsWith(origin),
    );
    const all = (await chrome.storage.session.get(null)) as Record<string, unknown>;
    // The store writes each item as its JSON text.
    return Object.entries(all)
      .filter(([k, v]) => tab && k.startsWith(`tok:${tab.id}:`) && typeof v === 'string')
      .map(([, v]) => JSON.parse(v as string) as StoredToken)
      .filter((t) => typeof t?.token === 'string');
  }, origin);
  return new Map(tokens.map((t) => [t.token, t]));
}

const fromTokenEndpoint = (s: StoredSighting, member: string) =>
  s.direction === 'response' &&
  s.via === 'devtools-network' &&
  s.location.kind === 'json-body' &&
  s.location.jsonPath === member &&
  /\/token$/.test(s.url ?? '');
const inSessionStorage = (s: StoredSighting, member: string) =>
  s.direction === 'stored' &&
  s.location.kind === 'storage' &&
  s.location.area === 'session' &&
  s.location.jsonPath === member;

const spa = <T>(app: Page, call: string): Promise<T> =>
  app.evaluate(
    (c) => (window as unknown as Record<string, Record<string, () => Promise<unknown>>>).spa![c]!(),
    call,
  ) as Promise<T>;
/** Starts something that navigates away (its promise dies with the page). */
const spaNavigate = (app: Page, call: string, arg?: string) =>
  app.evaluate(
    ([c, a]) => void (window as unknown as Record<string, Record<string, (a?: string) => unknown>>).spa![c!]!(a),
    [call, arg] as const,
  );

async function login(app: Page, mode: 'bearer' | 'dpop'): Promise<SpaUser> {
  await spaNavigate(app, 'login', mode);
  await app.locator('#sign-in').waitFor();
  await app.locator('input[name=login]').fill('alice');
  await app.locator('input[name=password]').fill('correct horse');
  await app.locator('#sign-in').click();
  await expect(app.locator('body[data-user="signed-in"]')).toBeAttached();
  return spa<SpaUser>(app, 'user');
}

async function logout(app: Page) {
  await spaNavigate(app, 'logout');
  await app.locator('#logout-yes').click();
  await expect(app.locator('body[data-user="signed-out"]')).toBeAttached();
}

test('a real OIDC login, refresh, DPoP, JARM and logout: token responses and live storage captured every time', async ({
  oidc,
  ext,
  app,
  openPanel,
}) => {
  test.setTimeout(90_000);
  const origin = new URL(oidc.spa.url).origin;
  await app.goto(oidc.spa.url);
  await expect(app.locator('body[data-user="signed-out"]')).toBeAttached();
  const panel = await openPanel();
  const rows = panel.getByTestId('token-row');
  let jarm = '';
  const logins: { mode: string; user: SpaUser; refreshed: string; missed: string[] }[] = [];

  for (const mode of ['bearer', 'dpop', 'bearer'] as const) {
    const user = await login(app, mode);
    // The login's token response, read by the panel although the callback navigated at once.
    await expect
      .poll(
        async () => {
          const s = await stored(ext.worker, origin);
          return ['id_token', 'access_token'].filter(
            (m) => !s.get(user[m as 'id_token'])?.sightings.some((x) => fromTokenEndpoint(x, m)),
          );
        },
        { timeout: 10_000 },
      )
      .toEqual([]);
    // The SPA wrote them to sessionStorage: seen there without a click.
    const loggedIn = Date.now();
    await expect
      .poll(
        async () => {
          const s = await stored(ext.worker, origin);
          return ['id_token', 'access_token'].filter(
            (m) => !s.get(user[m as 'id_token'])?.sightings.some((x) => inSessionStorage(x, m) && !x.removed),
          );
        },
        { timeout: 5_000, intervals: [100] },
      )
      .toEqual([]);
    const storageLag = Date.now() - loggedIn;
    expect(await spa<number>(app, 'callApi')).toBe(200);

    // Refresh: the new tokens land in sessionStorage; the panel sees it within ~1 s, no rescan.
    const refreshed = await spa<string>(app, 'refresh');
    expect(refreshed).not.toBe(user.access_token);
    const sawStorage = Date.now();
    await expect
      .poll(
        async () => {
          const s = await stored(ext.worker, origin);
          return {
            response: !!s.get(refreshed)?.sightings.some((x) => fromTokenEndpoint(x, 'access_token')),
            stored: !!s.get(refreshed)?.sightings.some((x) => inSessionStorage(x, 'access_token') && !x.removed),
            oldRemoved: !!s
              .get(user.access_token)
              ?.sightings.some((x) => inSessionStorage(x, 'access_token') && x.removed),
          };
        },
        { timeout: 5_000, intervals: [100] },
      )
      .toEqual({ response: true, stored: true, oldRemoved: true });
    console.log(
      `${mode} login ${logins.length + 1}: tokens seen in storage ≤ ${storageLag} ms after the login, the refreshed ones ≤ ${Date.now() - sawStorage} ms after the refresh`,
    );
    expect(await spa<number>(app, 'callApi')).toBe(200);
    await expect(panel.getByTestId('capture-notice').filter({ hasText: 'token response' })).toHaveCount(0);
    logins.push({ mode, user, refreshed, missed: [] });

    // The authorize navigation carried no token, yet the panel saw it: every ID token with this
    // login's nonce passes the nonce check against it (aud = its client_id) and links to it.
    const idClaims = claims(user.id_token);
    expect(typeof idClaims.nonce).toBe('string');
    await panel.getByTestId('token-filter').fill(`kind:id nonce:${String(idClaims.nonce)}`);
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (let i = 0, n = await rows.count(); i < n; i++) {
      await rows.nth(i).click();
      const detail = panel.getByTestId('token-detail');
      await expect(
        detail.locator('[data-testid="binding-check"][data-rule="id-nonce-mismatch"][data-status="pass"]'),
      ).toHaveCount(1);
      const request = detail.locator('[data-testid="related-token"][data-relation="authorize-request"]');
      await expect(request).toHaveCount(1);
      await expect(request).toContainText(`${String(idClaims.aud)} · ${new URL(oidc.provider.issuer).host}`);
    }
    await panel.getByTestId('token-filter').fill('');

    if (logins.length === 1) {
      // JARM: a response_mode=jwt authorize from the page, answered with a signed response JWT.
      await spaNavigate(app, 'jarm');
      await expect(app.locator('body[data-jarm="received"]')).toBeAttached();
      jarm = new URL(app.url()).searchParams.get('response')!;
      await expect.poll(async () => (await stored(ext.worker, origin)).has(jarm)).toBe(true);
      await app.goto(oidc.spa.url);
      await expect(app.locator('body[data-user="signed-in"]')).toBeAttached();
    }
    await logout(app);
  }
  expect(oidc.api.seen).toEqual(['Bearer', 'Bearer', 'DPoP', 'DPoP', 'Bearer', 'Bearer']);

  // Nothing was cleared by the redirects through the provider: every login's tokens are listed.
  const s = await stored(ext.worker, origin);
  for (const { user, refreshed } of logins)
    for (const t of [user.id_token, user.access_token, refreshed]) expect(s.has(t)).toBe(true);
  // Logout removed the user from sessionStorage: the last access token is shown as no longer stored.
  const last = logins.at(-1)!;
  await expect
    .poll(async () => (await stored(ext.worker, origin)).get(last.refreshed)?.sightings.some((x) => x.removed))
    .toBe(true);
  await panel.getByTestId('token-filter').fill(`jti:${String(claims(last.refreshed).jti)}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.getByTestId('no-longer-stored')).toBeVisible();
  await rows.click();
  await expect(panel.getByTestId('token-detail').getByTestId('sightings')).toContainText(
    /removed from sessionStorage at \d\d:\d\d:\d\d/,
  );

  // What the tokens are and how they relate (lib/oauth), in the real panel over this real traffic.
  const filter = panel.getByTestId('token-filter');
  const detail = panel.getByTestId('token-detail');
  const select = async (query: string, kind: string) => {
    await filter.fill(query);
    await expect(rows).toHaveCount(1);
    await expect(rows.getByTestId('token-kind')).toHaveAttribute('data-kind', kind);
    await rows.click();
    await expect(detail.getByTestId('token-kind')).toHaveAttribute('data-kind', kind);
  };
  const related = (relation: string) => detail.locator(`[data-testid="related-token"][data-relation="${relation}"]`);
  // Each rule once per location: no finding repeated with the same text.
  const findingsOnce = async () => {
    const texts = await detail
      .getByTestId('finding')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-rule')} ${e.textContent ?? ''}`));
    expect(texts.length).toBe(new Set(texts).size);
  };

  const first = logins[0]!;
  await select(`jti:${String(claims(first.refreshed).jti)}`, 'access');
  await findingsOnce();
  await expect(related('replaces')).toHaveCount(1);
  await related('replaces').click();
  await expect(detail.getByTestId('token-kind')).toHaveAttribute('data-kind', 'access');
  await expect(related('replaced-by')).toHaveCount(1);
  await expect(related('bound-id-token')).toHaveCount(1);
  await related('bound-id-token').click();
  await expect(detail.getByTestId('token-kind')).toHaveAttribute('data-kind', 'id');
  await expect(related('bound-access-token')).toHaveCount(1);
  await findingsOnce();

  await select(`state:${String(claims(jarm).state)}`, 'jarm');

  // DPoP: the proof sent to the API with the bound access token, verified with its own key.
  const dpop = logins[1]!;
  const proofs = [...(await stored(ext.worker, origin)).values()].filter((t) =>
    t.sightings.some(
      (x) =>
        x.location.kind === 'header' && x.location.name.toLowerCase() === 'dpop' && x.url?.startsWith(oidc.api.url),
    ),
  );
  expect(proofs.length).toBe(2);
  for (const proof of proofs) {
    await select(`jti:${String(claims(proof.token).jti)}`, 'dpop');
    await expect(detail.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
    await expect(detail.getByTestId('verification')).toContainText('embedded key');
    for (const rule of ['exp-missing', 'iss-missing', 'aud-missing', 'embedded-key'])
      await expect(detail.locator(`[data-testid="finding"][data-rule="${rule}"]`)).toHaveCount(0);
    await findingsOnce();
    await expect(related('dpop-proof-for')).toHaveCount(1);
  }
  await select(`jti:${String(claims(dpop.user.access_token).jti)}`, 'access');
  await expect(related('proved-by')).toHaveCount(1);
});
