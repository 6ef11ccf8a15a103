import type { CapturedToken } from '../../lib/capture/model.ts';
import { mintDemoTokens, type DemoTokens } from '../demo-app/tokens.ts';

/** The demo app's tokens as a capture snapshot (for the in-tab harness), seen at `now` (epoch ms). */
export async function demoSnapshot(
  base = 'http://127.0.0.1:8080/',
  now = Date.now(),
): Promise<{ tokens: DemoTokens; snapshot: CapturedToken[] }> {
  const t = await mintDemoTokens(base, Math.floor(now / 1000));
  const seen = (token: string, ago: number, s: Partial<CapturedToken['sightings'][number]>, count = 1) => ({
    token,
    firstSeen: now - ago - 60_000,
    lastSeen: now - ago,
    count,
    sightings: [
      {
        direction: 'request' as const,
        via: 'webrequest' as const,
        location: { kind: 'header' as const, name: 'Authorization', scheme: 'Bearer' },
        method: 'GET',
        url: `${base}api/me`,
        status: 200,
        time: now - ago,
        ...s,
      },
    ],
  });
  return {
    tokens: t,
    snapshot: [
      seen(t.accessToken, 1000, { url: `${base}api/orders` }, 6),
      seen(t.idToken, 3000, { location: { kind: 'cookie', name: 'id_token' } }, 4),
      seen(t.sessionCookie, 4000, { location: { kind: 'cookie', name: 'session' } }, 5),
      seen(t.expiredToken, 5000, { url: `${base}api/legacy`, status: 401 }, 3),
      seen(t.noneToken, 6000, { url: `${base}api/admin` }, 2),
      seen(t.urlToken, 7000, {
        location: { kind: 'query', name: 'access_token' },
        url: `${base}api/reports?access_token=${t.urlToken}`,
      }),
    ],
  };
}
