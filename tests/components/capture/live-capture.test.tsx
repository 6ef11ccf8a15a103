// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { CaptureNotice, CapturedToken } from '../../../lib/capture/model.ts';
import { missedNotice } from '../../../lib/capture/response-body.ts';
import { PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';
import { memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const clock = () => NOW;
const mint = (sub: string) =>
  new SignJWT({ sub, iat: NOW / 1000, exp: NOW / 1000 + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('component-test-secret-that-is-long-enough'));

afterEach(cleanup);

describe('the panel says what its own capture missed', () => {
  it('shows a token response that could not be read as a capture notice, kept until the user clears', async () => {
    let push: ((n: CaptureNotice) => void) | undefined;
    const transport = memoryTransport([]);
    render(
      <App
        transport={transport}
        clock={clock}
        captureNotices={(listener) => {
          push = listener;
          return () => (push = undefined);
        }}
      />,
    );
    await screen.findByTestId('empty-state');
    expect(screen.queryAllByTestId('capture-notice')).toHaveLength(0);
    act(() => push!(missedNotice('https://idp.test/token', 1)));
    act(() => push!(missedNotice('https://idp.test/token', 2)));
    const notices = screen.getAllByTestId('capture-notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.dataset.code).toBe('response-body-missed');
    expect(notices[0]!.textContent).toContain(
      '2 token responses could not be read (latest from https://idp.test/token)',
    );
    // A navigation does not hide it; the user's Clear does.
    act(() => transport.emit({ v: PROTOCOL_VERSION, kind: 'cleared', tabId: 1, reason: 'navigation' }));
    expect(screen.getAllByTestId('capture-notice')).toHaveLength(1);
    act(() => transport.emit({ v: PROTOCOL_VERSION, kind: 'cleared', tabId: 1, reason: 'user' }));
    expect(screen.queryAllByTestId('capture-notice')).toHaveLength(0);
  });

  it('marks a token the page removed from storage as no longer stored, and says when in its sightings', async () => {
    const [kept, gone] = await Promise.all([mint('kept'), mint('gone')]);
    const location = { kind: 'storage', area: 'session', name: 'oidc.user', jsonPath: 'access_token' } as const;
    const stored = {
      direction: 'stored',
      via: 'page-storage',
      location,
      url: 'https://app.test/',
      time: NOW - 5000,
    } as const;
    const entry = (token: string, sightings: CapturedToken['sightings']): CapturedToken => ({
      token,
      firstSeen: NOW - 5000,
      lastSeen: NOW - 1000,
      count: sightings.length,
      sightings,
    });
    render(
      <App
        transport={memoryTransport([
          entry(kept, [stored]),
          entry(gone, [stored, { ...stored, time: NOW - 1000, removed: true }]),
        ])}
        clock={clock}
      />,
    );
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('token-row');
    const goneRow = rows.find((r) => r.textContent?.includes('gone'))!;
    const keptRow = rows.find((r) => r.textContent?.includes('kept'))!;
    expect(within(goneRow).getByTestId('no-longer-stored').textContent).toBe('no longer stored');
    expect(within(keptRow).queryByTestId('no-longer-stored')).toBeNull();
    act(() => goneRow.click());
    const time = new Date(NOW - 1000).toTimeString().slice(0, 8);
    await waitFor(() =>
      expect(screen.getByTestId('sightings').textContent).toContain(`removed from sessionStorage at ${time}`),
    );
  });
});
