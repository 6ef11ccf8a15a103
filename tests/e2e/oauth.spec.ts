import { test as base, expect, type Page } from '@playwright/test';
import axeCore from 'axe-core';
import type { CapturedToken, Sighting } from '../../lib/capture/model.ts';
import { ath, dpopProof, halfHash, inTokenResponse, rs256, sentIn } from '../lib/oauth/mint.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness.ts';
import { openPanelInTab } from './panel-harness.ts';

const test = base.extend<object, { ext: ExtensionBrowser }>({
  ext: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
    async ({}, use) => {
      const ext = await launchWithExtension();
      await use(ext);
      await ext.close();
    },
    { scope: 'worker' },
  ],
});

const OP = 'https://op.example.com';
const API = 'https://api.example.com/orders';

const entry = (token: string, sightings: Sighting[]): CapturedToken => ({
  token,
  firstSeen: Math.min(...sightings.map((s) => s.time)),
  lastSeen: Math.max(...sightings.map((s) => s.time)),
  count: sightings.length,
  sightings,
});

/** A login, an API call with DPoP and a refresh, as the capture would hold them. */
function oauthSnapshot(now: number): CapturedToken[] {
  const T = Math.floor(now / 1000) - 600;
  const claims = { iss: OP, sub: 'alice', aud: 'https://api.example.com', client_id: 'spa', exp: T + 3600 };
  const first = rs256({ ...claims, iat: T }, { typ: 'at+jwt' });
  const second = rs256({ ...claims, iat: T + 300 }, { typ: 'at+jwt' });
  const id = rs256({
    iss: OP,
    sub: 'alice',
    aud: 'spa',
    nonce: 'n',
    iat: T,
    exp: T + 3600,
    at_hash: halfHash('RS256', first),
  });
  const proof = dpopProof({ jti: 'j', htm: 'GET', htu: API, iat: T + 10, ath: ath(first) });
  return [
    entry(id, [inTokenResponse('id_token', `${OP}/token`, T * 1000)]),
    entry(first, [
      inTokenResponse('access_token', `${OP}/token`, T * 1000),
      sentIn('Authorization', API, (T + 10) * 1000, { scheme: 'DPoP', requestId: 'r1' }),
    ]),
    entry(proof, [sentIn('DPoP', API, (T + 10) * 1000, { requestId: 'r1' })]),
    entry(second, [inTokenResponse('access_token', `${OP}/token`, (T + 300) * 1000)]),
  ];
}

async function audit(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeCore.source);
  return page.evaluate(async () => {
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

const rowOfKind = (page: Page, kind: string) =>
  page.getByTestId('token-row').filter({ has: page.locator(`[data-testid="token-kind"][data-kind="${kind}"]`) });

for (const theme of ['default', 'dark'] as const) {
  test(`OAuth kinds, related tokens and DPoP checks in the panel, axe-clean at 1280 and 320 px (${theme})`, async ({
    ext,
  }) => {
    const page = await openPanelInTab(ext, { theme, snapshot: oauthSnapshot(Date.now()) });
    await page.setViewportSize({ width: 1280, height: 760 });
    await expect(page.getByTestId('token-row')).toHaveCount(4);
    const kinds = await page
      .getByTestId('token-row')
      .getByTestId('token-kind')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).sort());
    expect(kinds).toEqual(['access', 'access', 'dpop', 'id']);

    await page.getByTestId('token-filter').fill('kind:dpop');
    await expect(page.getByTestId('token-row')).toHaveCount(1);
    await page.getByTestId('token-filter').fill('');
    await expect(page.getByTestId('token-row')).toHaveCount(4);

    await rowOfKind(page, 'dpop').click();
    const detail = page.getByTestId('token-detail');
    await expect(detail.getByTestId('verification')).toContainText('verified with its embedded key (DPoP proof)');
    await expect(detail.locator('[data-testid="binding-check"][data-rule="dpop-ath-mismatch"]')).toHaveAttribute(
      'data-status',
      'pass',
    );
    for (const rule of ['exp-missing', 'iss-missing', 'aud-missing', 'embedded-key'])
      await expect(detail.locator(`[data-testid="finding"][data-rule="${rule}"]`)).toHaveCount(0);
    expect(await audit(page)).toEqual([]);

    // Keyboard: Tab to the related link and press Enter; the access token it names is selected.
    const link = detail.getByTestId('related-token');
    await expect(link).toHaveAttribute('data-relation', 'dpop-proof-for');
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(detail.getByTestId('token-kind')).toHaveAttribute('data-kind', 'access');
    await expect(detail.locator('[data-testid="related-token"]')).toHaveCount(3);
    expect(await audit(page)).toEqual([]);

    await page.setViewportSize({ width: 320, height: 700 });
    await expect(detail.getByTestId('related-token').first()).toBeVisible();
    expect(await audit(page)).toEqual([]);
    await page.close();
  });
}
