// The time rules judge exactly as the token's state does (timeStatus): one clock, one skew.
import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../lib/capture/model.ts';
import { inspect } from '../../../lib/inspect/index.ts';
import { timeStatus } from '../../../lib/time-claims.ts';
import { goodClaims, hs, NOW } from './helpers.ts';

const SECRET = 'a-strong-secret-for-the-time-rule-tests-0123456789';
const EXP = NOW;
const sent = (secondsAfterExp: number, status?: number): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
  method: 'GET',
  url: 'https://api.example.com/api/me',
  time: (EXP + secondsAfterExp) * 1000,
  ...(status !== undefined ? { status } : {}),
});
const rulesAt = async (token: string, now: number, clockSkew?: number, sightings?: Sighting[]) =>
  (
    await inspect(token, {
      now,
      ...(clockSkew !== undefined ? { clockSkew } : {}),
      ...(sightings ? { sightings } : {}),
    })
  ).findings;

describe('expired and not-yet-valid at the boundary, with an injected clock', () => {
  const expiring = hs(SECRET, goodClaims({ iat: EXP - 600, exp: EXP }));
  it.each([
    [-1, undefined, false],
    [0, undefined, true], // the second exp passes: no hidden tolerance
    [1, undefined, true],
    [-1, 5, false],
    [0, 5, false],
    [1, 5, false],
    [5, 5, true],
    [6, 5, true],
  ] as const)('exp %s s from now, skew %s → expired finding %s', async (offset, skew, fires) => {
    const now = EXP + offset;
    const findings = await rulesAt(expiring, now, skew);
    expect(findings.some((f) => f.rule === 'expired')).toBe(fires);
    // And the row, the filter and the detail read the same state at the same instant.
    const state = timeStatus(goodClaims({ iat: EXP - 600, exp: EXP }), now, skew).state;
    expect(state === 'expired').toBe(fires);
  });

  const early = hs(SECRET, goodClaims({ nbf: EXP, exp: EXP + 3600 }));
  it.each([
    [-1, undefined, true],
    [0, undefined, false],
    [1, undefined, false],
    [-1, 5, false],
    [-6, 5, true],
  ] as const)('nbf %s s from now, skew %s → not-yet-valid finding %s', async (offset, skew, fires) => {
    const findings = await rulesAt(early, EXP + offset, skew);
    expect(findings.some((f) => f.rule === 'not-yet-valid')).toBe(fires);
    expect(timeStatus(goodClaims({ nbf: EXP, exp: EXP + 3600 }), EXP + offset, skew).state === 'not-yet-valid').toBe(
      fires,
    );
  });
});

describe('expired-token-sent fires from the first late request and names the answer', () => {
  const token = hs(SECRET, goodClaims({ iat: EXP - 600, exp: EXP }));
  const sentRule = async (sightings: Sighting[], clockSkew?: number) =>
    (await rulesAt(token, EXP + 3600, clockSkew, sightings)).find((f) => f.rule === 'expired-token-sent');

  it('a request sent 1 s before exp is fine; one sent at exp already counts', async () => {
    expect(await sentRule([sent(-1, 200)])).toBeUndefined();
    const atExp = await sentRule([sent(0, 401)]);
    expect(atExp?.message).toBe(
      'Sent once after it expired (0 s after exp → 401); the server answered 401. The client should refresh it before exp.',
    );
    expect(atExp?.severity).toBe('low');
  });

  it('names the first late request and its status, the skew applied', async () => {
    const f = await sentRule([sent(-10, 200), sent(2, 401), sent(300, 200)]);
    expect(f?.message).toBe(
      'Sent 2 times after it expired (first 2 s after exp → 401, last 5 min after exp) and the server accepted it (401, 200): it does not check exp.',
    );
    expect(f?.severity).toBe('high');
    // With 5 s of tolerance the request 2 s late is within it: the first late one is the 300 s one.
    const skewed = await sentRule([sent(-10, 200), sent(2, 401), sent(300, 200)], 5);
    expect(skewed?.message).toContain('(5 min after exp → 200)');
    expect(await sentRule([sent(2, 401)], 5)).toBeUndefined();
  });

  it('says when the answer has not come yet, or failed', async () => {
    expect((await sentRule([sent(0.4)]))?.message).toContain('(0.4 s after exp → no answer yet)');
    expect((await sentRule([sent(3, 0)]))?.message).toContain('→ a network error');
  });
});
