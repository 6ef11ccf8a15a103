// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.tsx';
import type { PreferenceStore } from '../../components/host.ts';
import type { CapturedToken } from '../../lib/capture/model.ts';
import { captured, fullDetail, memoryTransport } from './fakes.ts';

const NOW = 1_700_000_000_000;
const clock = () => NOW;
const SECRET = 'time-and-paste-test-secret-long-enough!';
const hs = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header })
    .sign(new TextEncoder().encode(SECRET));

afterEach(cleanup);

function memoryPreferences(
  initial: Record<string, unknown> = {},
): PreferenceStore & { saved: Record<string, unknown>[] } {
  let value = { ...initial };
  const saved: Record<string, unknown>[] = [];
  return {
    saved,
    load: async () => value,
    save: async (patch) => {
      value = { ...value, ...patch };
      saved.push(patch);
    },
  };
}

/** The token QA looks at: expired 34 s ago, sent once before exp (200) and once 2 s after it (401). */
async function justExpired(): Promise<CapturedToken> {
  const exp = NOW / 1000 - 34;
  const token = await hs({ sub: 'qa-user', iat: exp - 300, exp });
  const entry = captured(token, { time: (exp - 10) * 1000, status: 200 }, (exp - 10) * 1000);
  const late = { ...entry.sightings[0]!, time: (exp + 2) * 1000, status: 401, url: 'https://api.example.com/api/me' };
  return { ...entry, count: 2, lastSeen: late.time, sightings: [entry.sightings[0]!, late] };
}

const state = () => within(screen.getByTestId('token-row')).getByTestId('validity-state').dataset.state;

describe('exact time states and the clock-skew setting', () => {
  it('a token expired 34 s ago is Expired everywhere; its late sighting is marked; a skew changes all of it at once', async () => {
    const prefs = memoryPreferences();
    const entry = await justExpired();
    render(<App transport={memoryTransport([entry])} clock={clock} preferences={prefs} />);
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(1));
    const skew = screen.getByTestId('skew-setting') as HTMLInputElement;
    expect(skew.value).toBe('0');
    expect(state()).toBe('expired');

    fireEvent.click(screen.getByTestId('token-row'));
    const detail = await fullDetail();
    expect(within(detail).getByTestId('validity-state').dataset.state).toBe('expired');
    const rows = within(detail).getAllByTestId('sighting-row');
    // Newest first: the late request, then the one in time.
    expect(rows.map((r) => r.getAttribute('data-after-expiry'))).toEqual(['true', null]);
    expect(within(rows[0]!).getByTestId('sighting-mark').textContent).toBe('sent 2 s after expiry → 401');
    await waitFor(() =>
      expect(
        within(detail)
          .getAllByTestId('finding')
          .map((f) => f.dataset.rule),
      ).toContain('expired-token-sent'),
    );
    fireEvent.input(screen.getByTestId('token-filter'), { target: { value: 'expired' } });
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(1));

    // 60 s of tolerance: valid in the row, the filter, the badge, the marks and the findings alike.
    fireEvent.input(skew, { target: { value: '60' } });
    await waitFor(() => expect(screen.queryAllByTestId('token-row')).toHaveLength(0));
    expect(prefs.saved).toEqual([{ clockSkew: 60 }]);
    fireEvent.input(screen.getByTestId('token-filter'), { target: { value: '' } });
    await waitFor(() => expect(state()).toBe('valid'));
    fireEvent.click(screen.getByTestId('token-row'));
    const again = await screen.findByTestId('token-detail');
    expect(within(again).getByTestId('validity-state').dataset.state).toBe('valid');
    expect(
      within(again)
        .getAllByTestId('sighting-row')
        .map((r) => r.getAttribute('data-after-expiry')),
    ).toEqual([null, null]);
    await waitFor(() =>
      expect(
        within(again)
          .queryAllByTestId('finding')
          .map((f) => f.dataset.rule),
      ).not.toContain('expired-token-sent'),
    );
  });

  it('the skew is read back from the host preferences (a bad stored value is 0)', async () => {
    const entry = await justExpired();
    render(
      <App transport={memoryTransport([entry])} clock={clock} preferences={memoryPreferences({ clockSkew: 60 })} />,
    );
    await waitFor(() => expect((screen.getByTestId('skew-setting') as HTMLInputElement).value).toBe('60'));
    await waitFor(() => expect(state()).toBe('valid'));
    cleanup();
    render(
      <App transport={memoryTransport([entry])} clock={clock} preferences={memoryPreferences({ clockSkew: 'lots' })} />,
    );
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(1));
    expect((screen.getByTestId('skew-setting') as HTMLInputElement).value).toBe('0');
    expect(state()).toBe('expired');
  });

  it('a request sent before nbf is marked too', async () => {
    const nbf = NOW / 1000 + 100;
    const token = await hs({ sub: 'early', nbf, exp: nbf + 600 });
    render(<App transport={memoryTransport([captured(token, { status: 401 }, NOW)])} clock={clock} />);
    fireEvent.click(await screen.findByTestId('token-row'));
    const row = await screen.findByTestId('sighting-row');
    expect(row.getAttribute('data-before-nbf')).toBe('true');
    expect(row.getAttribute('data-after-expiry')).toBeNull();
    expect(within(row).getByTestId('sighting-mark').textContent).toBe('sent 1 min before nbf → 401');
  });
});

describe('request-centric list and paste', () => {
  it('the list shows the name that carried each token and its typ; url: finds it from the request', async () => {
    const a = await hs({ sub: 'by-header' }, { typ: 'at+jwt' });
    const b = await hs({ sub: 'by-cookie' });
    render(
      <App
        transport={memoryTransport([
          captured(a, { url: 'https://api.example.com/api/me' }, NOW - 2000),
          captured(b, { location: { kind: 'cookie', name: '__Host-sid' }, url: 'https://shop.example.org/cart' }, NOW),
        ])}
        clock={clock}
      />,
    );
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(2));
    const names = screen.getAllByTestId('row-name').map((n) => n.textContent);
    expect(names).toEqual(['__Host-sid', 'Authorization']);
    expect(screen.getAllByTestId('token-row')[1]!.textContent).toContain('at+jwt');
    fireEvent.input(screen.getByTestId('token-filter'), { target: { value: 'url:/api/me' } });
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(1));
    expect(screen.getByTestId('token-row').textContent).toContain('by-header');
  });

  it('a pasted cURL command lists every token in it and says where each sat; prose is no malformed token', async () => {
    render(<App transport={memoryTransport([])} clock={clock} />);
    const [q, h, c] = [await hs({ sub: 'q' }), await hs({ sub: 'h' }), await hs({ sub: 'c' })];
    const paste = screen.getByTestId('paste-token');
    fireEvent.input(paste, {
      target: {
        value: `curl 'https://api.example.com/me?access_token=${q}' \\\n  -H 'authorization: Bearer ${h}' \\\n  -b 'sid=${c}'`,
      },
    });
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(3));
    expect(screen.getByTestId('paste-status').textContent).toBe(
      '3 tokens in a cURL command: query access_token, header authorization, cookie sid',
    );
    expect(screen.getByTestId('token-detail').textContent).toContain('q');
    expect(within(await fullDetail()).getByTestId('sighting-row').textContent).toContain('access_token');
    fireEvent.input(paste, { target: { value: 'just some words' } });
    await waitFor(() => expect(screen.getByTestId('paste-status').textContent).toBe('No token found in text.'));
    expect(screen.queryByTestId('decode-error')).toBeNull();
    expect(screen.getAllByTestId('token-row')).toHaveLength(3);
  });
});
