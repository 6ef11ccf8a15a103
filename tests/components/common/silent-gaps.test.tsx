// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import { WeakSecretCheck } from '../../../components/crack/WeakSecretCheck.tsx';
import type { CrackRunner } from '../../../components/host.ts';
import { CaptureBanners } from '../../../components/toolbar/CaptureBanners.tsx';
import { INITIAL_CAPTURE } from '../../../components/state/capture-state.ts';
import type { SkippedBodies } from '../../../lib/capture/response-body.ts';
import { captured, memoryTransport } from '../fakes.ts';

// Issue 9: what JWT Lens did not do (a skipped quick check, an unscanned body, a token not stored)
// is said where the user looks, never left to silence.

afterEach(cleanup);
const NOW = 1_700_000_000_000;
const b64u = (s: string) => Buffer.from(s).toString('base64url');
const hs256 = (payload: string) => `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(payload)}.${b64u('s'.repeat(32))}`;

const idleCrack: CrackRunner = () => ({
  done: new Promise(() => undefined),
  cancel: () => undefined,
});

describe('the weak-secret section says when the quick check was skipped', () => {
  it('a signing input over 16 KiB: skipped, with its size, and the full search offered', () => {
    const token = hs256(JSON.stringify({ sub: 'x', pad: 'p'.repeat(750_000) }));
    expect(token.lastIndexOf('.')).toBeGreaterThan(1_000_000);
    render(<WeakSecretCheck token={token} crack={idleCrack} onFound={() => undefined} onAddKey={() => undefined} />);
    const note = screen.getByTestId('quick-check-skipped');
    expect(note.textContent).toMatch(
      /^Quick check skipped: signing input 1\.0 MB > 16 KiB; the 1,000 common secrets were not tried\. Run the full search\.$/,
    );
    expect(screen.getByTestId('crack-start')).toBeTruthy();
  });

  it('a small token gets the quick check: nothing said', () => {
    render(
      <WeakSecretCheck
        token={hs256('{"sub":"x"}')}
        crack={idleCrack}
        onFound={() => undefined}
        onAddKey={() => undefined}
      />,
    );
    expect(screen.queryByTestId('quick-check-skipped')).toBeNull();
  });

  it('just over the limit is skipped, exactly at it is not', () => {
    const at = (n: number) => {
      // Header + '.' + payload of the length that makes the signing input n characters.
      const head = b64u('{"alg":"HS256"}');
      return `${head}.${'A'.repeat(n - head.length - 1)}.${b64u('s'.repeat(32))}`;
    };
    const { unmount } = render(
      <WeakSecretCheck token={at(16_384)} crack={idleCrack} onFound={() => undefined} onAddKey={() => undefined} />,
    );
    expect(screen.queryByTestId('quick-check-skipped')).toBeNull();
    unmount();
    render(
      <WeakSecretCheck token={at(16_385)} crack={idleCrack} onFound={() => undefined} onAddKey={() => undefined} />,
    );
    expect(screen.getByTestId('quick-check-skipped').textContent).toContain('signing input 16.4 kB > 16 KiB');
  });
});

describe('response bodies too large to scan are said in the banners', () => {
  it('CaptureBanners shows the tally beside the worker notices', () => {
    const skippedBodies: SkippedBodies = { count: 1, largest: 40_000_000 };
    render(<CaptureBanners capture={INITIAL_CAPTURE} skippedBodies={skippedBodies} />);
    const notice = screen.getByTestId('capture-notice');
    expect(notice.dataset.code).toBe('bodies-skipped');
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toBe('1 response body of 40.0 MB not scanned (limit 32 MiB)');
  });

  it('nothing skipped: no notice bar at all', () => {
    const { container } = render(<CaptureBanners capture={INITIAL_CAPTURE} />);
    expect(container.querySelector('.notice-bar')).toBeNull();
  });

  it('the App subscribes to the host and shows each new tally', async () => {
    let tell: ((s: SkippedBodies) => void) | undefined;
    let unsubscribed = false;
    const { unmount } = render(
      <App
        transport={memoryTransport([])}
        clock={() => NOW}
        onBodiesSkipped={(listener) => {
          tell = listener;
          return () => {
            unsubscribed = true;
          };
        }}
      />,
    );
    expect(screen.queryByTestId('capture-notice')).toBeNull();
    tell!({ count: 1, largest: 40_000_000 });
    await waitFor(() =>
      expect(screen.getByTestId('capture-notice').textContent).toBe(
        '1 response body of 40.0 MB not scanned (limit 32 MiB)',
      ),
    );
    tell!({ count: 2, largest: 52_400_000 });
    await waitFor(() =>
      expect(screen.getByTestId('capture-notice').textContent).toBe(
        '2 response bodies not scanned, the largest 52.4 MB (limit 32 MiB)',
      ),
    );
    unmount();
    expect(unsubscribed).toBe(true);
  });
});

describe('a token too large to keep says so in its row and its detail', () => {
  it('row label and detail note, and only on that token', async () => {
    const big = { ...captured(hs256('{"sub":"big"}')), tooLarge: { bytes: 1_400_000 } };
    const small = captured(hs256('{"sub":"small"}'), {}, NOW + 1000);
    render(<App transport={memoryTransport([big, small])} clock={() => NOW} />);
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('token-row');
    const bigRow = rows.find((r) => r.textContent?.includes('big'))!;
    const smallRow = rows.find((r) => r.textContent?.includes('small'))!;
    expect(within(bigRow).getByTestId('row-too-large').textContent).toBe('too large to keep (1.4 MB) — not stored');
    expect(within(smallRow).queryByTestId('row-too-large')).toBeNull();

    fireEvent.click(bigRow);
    await waitFor(() =>
      expect(screen.getByTestId('detail-too-large').textContent).toBe(
        "This token is too large to keep (1.4 MB) — not stored: it is listed from the worker's memory only and is gone after a worker restart.",
      ),
    );
    fireEvent.click(smallRow);
    await waitFor(() => expect(screen.queryByTestId('detail-too-large')).toBeNull());
  });
});
