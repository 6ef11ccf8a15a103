// @vitest-environment happy-dom
// README: 10,000 tokens scroll smoothly — the list is virtualised, so the DOM holds a window of rows
// (the viewport plus a few), never one node per token. Frame times are measured in tests/bench/panel.ts.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import { captured, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
afterEach(cleanup);

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const HEADER = b64('{"alg":"HS256","typ":"JWT"}');
const token = (i: number) => `${HEADER}.${b64(JSON.stringify({ sub: `user-${i}`, exp: NOW / 1000 + 600 }))}.c2ln`;

describe('a list of 10,000 tokens', () => {
  it('renders at most a viewport of rows, and the rows follow the scroll position', async () => {
    const tokens = Array.from({ length: 10_000 }, (_, i) => captured(token(i), {}, NOW - i));
    render(<App transport={memoryTransport(tokens)} clock={() => NOW} />);
    const list = await screen.findByTestId('token-list');
    await waitFor(() => expect(list.getAttribute('aria-rowcount')).toBe('10001'), { timeout: 20_000 });
    const rows = () => screen.getAllByTestId('token-row');
    const indexes = () => rows().map((r) => Number(r.getAttribute('aria-rowindex')));
    // 600 px of 22 px rows plus 4 below (none above the first); mid-list, 4 above and below: the
    // rows a keystroke that lists other tokens redraws (issue 14).
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThanOrEqual(Math.ceil(600 / 22) + 4);
    expect(Math.min(...indexes())).toBe(2);

    const scroller = list.querySelector<HTMLElement>('.token-scroll')!;
    const spacer = scroller.firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe(`${10_000 * 22}px`);
    scroller.scrollTop = 5000 * 22;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(Math.min(...indexes())).toBeGreaterThan(4900));
    expect(rows().length).toBeLessThanOrEqual(Math.ceil(600 / 22) + 8);
    expect(Math.max(...indexes())).toBeLessThan(5100);
    expect(document.querySelectorAll('[data-testid="token-row"]').length).toBe(rows().length);
  }, 60_000);
});
