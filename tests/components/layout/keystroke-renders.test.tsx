// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../components/App.tsx';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

// Counts the token detail's renders: the real view, drawn through a counting wrapper.
const renders = vi.hoisted(() => ({ detail: 0 }));
vi.mock('../../../components/token-detail/TokenDetail.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../components/token-detail/TokenDetail.tsx')>();
  return {
    ...real,
    TokenDetail: (props: Parameters<typeof real.TokenDetail>[0]) => {
      renders.detail++;
      return <real.TokenDetail {...props} />;
    },
  };
});

const NOW = 1_700_000_000_000;
const clock = () => NOW;
const hs = (sub: string) =>
  new SignJWT({ sub, iss: 'https://idp.example.com/', iat: NOW / 1000, exp: NOW / 1000 + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('keystroke-test-secret-that-is-long-enough'));

afterEach(cleanup);

const rowTexts = () => screen.queryAllByTestId('token-row').map((r) => r.textContent ?? '');

describe('a filter keystroke with a token open', () => {
  it('redraws the list, not the detail beside it', async () => {
    const tokens = await Promise.all(['alice', 'bob', 'carol'].map(hs));
    render(
      <App
        transport={memoryTransport(tokens.map((t, i) => captured(t, {}, NOW - 3000 + i * 1000)))}
        clock={clock}
        keyRing={memoryKeyRing()}
      />,
    );
    await waitFor(() => expect(rowTexts()).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId('token-row').find((r) => r.textContent?.includes('alice'))!);
    await waitFor(() => expect(screen.getByTestId('token-detail').textContent).toContain('alice'));
    // Every inspection has landed (no row still says …, the detail's verdict is in).
    await waitFor(() => expect(screen.queryAllByText('…')).toHaveLength(0));
    await waitFor(() => expect(screen.getByTestId('verification').dataset.status).not.toBe('pending'));
    await new Promise((r) => setTimeout(r, 400));
    const before = renders.detail;

    const filter = screen.getByTestId('token-filter');
    for (const value of ['b', 'bo', 'bob']) fireEvent.input(filter, { target: { value } });
    await waitFor(() => expect(rowTexts()).toEqual([expect.stringContaining('bob')]));
    fireEvent.input(filter, { target: { value: 'sub:carol' } });
    await waitFor(() => expect(rowTexts()).toEqual([expect.stringContaining('carol')]));
    fireEvent.input(filter, { target: { value: '' } });
    await waitFor(() => expect(rowTexts()).toHaveLength(3));
    fireEvent.click(screen.getByTestId('sort-subject'));
    await waitFor(() => expect(rowTexts()[0]).toContain('alice'));

    // The detail still shows alice, and was not drawn again for any of it.
    expect(screen.getByTestId('token-detail').textContent).toContain('alice');
    expect(renders.detail).toBe(before);

    // What the detail shows still redraws it: another selection.
    fireEvent.click(screen.getAllByTestId('token-row').find((r) => r.textContent?.includes('carol'))!);
    await waitFor(() => expect(screen.getByTestId('token-detail').textContent).toContain('carol'));
    expect(renders.detail).toBeGreaterThan(before);
  });
});
