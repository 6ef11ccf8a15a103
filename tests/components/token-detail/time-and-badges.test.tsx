// @vitest-environment happy-dom
// README (detail): exp / nbf / iat are shown as local time, UTC and a relative time that stays live;
// the verification badge says "unsupported algorithm" for an alg the verifier does not implement.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import { captured, fullDetail, memoryKeyRing, memoryTransport } from '../fakes.ts';

afterEach(cleanup);

// A zone away from UTC (+05:30), so the local column cannot be the UTC one.
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Asia/Kolkata';
});
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

async function open(token: string, clock: () => number) {
  render(
    <App transport={memoryTransport([captured(token, {}, NOW - 1000)])} clock={clock} keyRing={memoryKeyRing()} />,
  );
  fireEvent.click(await screen.findByTestId('token-row'));
  return fullDetail();
}

describe('time claims in the detail', () => {
  it('shows local time, UTC and a relative time that changes as the clock advances', async () => {
    const exp = NOW / 1000 + 90;
    const iat = NOW / 1000 - 30;
    const token = `${b64({ alg: 'HS256' })}.${b64({ sub: 'alice', iat, exp })}.c2ln`;
    let now = NOW;
    const detail = await open(token, () => now);
    const row = () => within(detail).getByTestId('time-claims').querySelector('[data-claim="exp"]')!;
    const cells = () => [...row().querySelectorAll('td')].map((c) => c.textContent);
    expect(cells()[0]).toBe(new Date(exp * 1000).toLocaleString());
    // 12:01:30 UTC is 17:31:30 in Kolkata.
    expect(cells()[0]).toMatch(/5:31:30|17:31:30/);
    expect(cells()[1]).toBe('2026-12-01T12:01:30Z');
    expect(cells()[2]).toBe('expires in 1 min');
    const iatRow = within(detail).getByTestId('time-claims').querySelector('[data-claim="iat"]')!;
    expect(iatRow.querySelectorAll('td')[2]!.textContent).toBe('issued 30 s ago');

    // The panel's clock ticks every second: the relative text follows, the absolute ones stay.
    now = NOW + 60_000;
    await waitFor(() => expect(cells()[2]).toBe('expires in 30 s'), { timeout: 3000 });
    expect(cells()[1]).toBe('2026-12-01T12:01:30Z');
    now = NOW + 120_000;
    await waitFor(() => expect(cells()[2]).toBe('expired 30 s ago'), { timeout: 3000 });
    await waitFor(() => expect(within(detail).getByTestId('validity-state').dataset.state).toBe('expired'));
  });
});

describe('the verification badge', () => {
  it('says "unsupported algorithm" for an alg the verifier does not implement, with the reason as its title', async () => {
    const token = `${b64({ alg: 'HS999', typ: 'JWT' })}.${b64({ sub: 'alice' })}.c2ln`;
    await open(token, () => NOW);
    const badge = () => within(screen.getByTestId('token-detail')).getByTestId('verification');
    await waitFor(() => expect(badge().dataset.status).toBe('unsupported'));
    expect(badge().textContent!.trim()).toBe('unsupported algorithm');
    expect(badge().getAttribute('title')).toMatch(/^alg "HS999" is not supported \(supported: .*HS256/);
  });
});
