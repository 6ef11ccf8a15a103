// Dark and light screenshots of the panel for the README, on the demo app's tokens (in-tab harness).
// Needs a build. Run: npx wxt build && npx tsx tests/bench/panel-screenshots.ts
import { fileURLToPath } from 'node:url';
import type { CapturedToken } from '../../lib/capture/model.ts';
import { startDemoServer } from '../demo-app/server.ts';
import { launchWithExtension } from '../e2e/harness.ts';
import { openPanelInTab } from '../e2e/panel-harness.ts';

const OUT = fileURLToPath(new URL('../../.github/screenshots/', import.meta.url));
const demo = await startDemoServer();
const t = demo.tokens;
const now = Date.now();
const seen = (
  token: string,
  ago: number,
  s: Partial<CapturedToken['sightings'][number]>,
  count = 1,
): CapturedToken => ({
  token,
  firstSeen: now - ago - 60_000,
  lastSeen: now - ago,
  count,
  sightings: [
    {
      direction: 'request',
      via: 'webrequest',
      location: { kind: 'header', name: 'Authorization' },
      method: 'GET',
      url: `${demo.url}api/me`,
      status: 200,
      time: now - ago,
      ...s,
    },
  ],
});
const snapshot = [
  seen(t.accessToken, 1000, { url: `${demo.url}api/orders` }, 6),
  seen(t.idToken, 3000, { location: { kind: 'cookie', name: 'id_token' }, url: `${demo.url}api/me` }, 4),
  seen(
    t.sessionCookie,
    4000,
    {
      location: { kind: 'cookie', name: 'session' },
      url: `${demo.url}api/me`,
      cookieAttributes: { httpOnly: true, sameSite: 'Lax' },
    },
    5,
  ),
  seen(t.expiredToken, 5000, { url: `${demo.url}api/legacy`, status: 401 }, 3),
  seen(t.noneToken, 6000, { url: `${demo.url}api/admin` }, 2),
  seen(t.urlToken, 7000, {
    location: { kind: 'query', name: 'access_token' },
    method: 'GET',
    url: `${demo.url}api/reports?access_token=${t.urlToken}`,
  }),
];
const ext = await launchWithExtension();
try {
  for (const theme of ['default', 'dark'] as const) {
    const page = await openPanelInTab(ext, { theme, snapshot });
    await page.setViewportSize({ width: 1280, height: 760 });
    await page.getByTestId('token-filter').focus();
    await page.getByTestId('token-row').filter({ hasText: 'admin' }).click();
    await page.getByTestId('finding').first().waitFor();
    await page.waitForTimeout(300);
    const file = `${OUT}panel-${theme === 'dark' ? 'dark' : 'light'}.png`;
    await page.screenshot({ path: file });
    console.log(file);
    await page.close();
  }
} finally {
  await ext.close();
  await demo.close();
}
