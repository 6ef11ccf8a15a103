// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.tsx';
import { captured, memoryKeyRing, memoryTransport } from './fakes.ts';

const NOW = 1_700_000_000_000;
const clock = () => NOW;
const SECRET = 'component-test-secret-that-is-long-enough';
const hs = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header })
    .sign(new TextEncoder().encode(SECRET));

afterEach(cleanup);

async function setup() {
  const alice = await hs({
    sub: 'alice',
    iss: 'https://idp.example.com/',
    aud: 'api',
    iat: NOW / 1000,
    exp: NOW / 1000 + 600,
  });
  const bob = await hs({
    email: 'bob@example.com',
    iss: 'https://other.example.org/',
    aud: 'api',
    iat: NOW / 1000 - 7200,
    exp: NOW / 1000 - 3600,
  });
  const none = new UnsecuredJWT({ sub: 'mallory', role: 'admin' }).encode();
  const tokens = [
    captured(alice, {}, NOW - 3000),
    captured(bob, { location: { kind: 'cookie', name: 'session' }, url: 'https://shop.example.org/cart' }, NOW - 2000),
    captured(
      none,
      { location: { kind: 'query', name: 'access_token' }, url: `https://api.example.com/x?access_token=${none}` },
      NOW - 1000,
    ),
  ];
  const store = memoryKeyRing();
  const transport = memoryTransport(tokens);
  const utils = render(<App transport={transport} clock={clock} keyRing={store} />);
  await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(3));
  return { ...utils, alice, bob, none, store, transport };
}

const rowTexts = () => screen.getAllByTestId('token-row').map((r) => r.textContent ?? '');

describe('App list', () => {
  it('shows the empty state without tokens', async () => {
    render(<App transport={memoryTransport([])} clock={clock} />);
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'No tokens yet — reload the page or paste one',
    );
  });

  it('lists newest first with subject, validity, alg, sources, request and worst severity', async () => {
    await setup();
    const texts = rowTexts();
    expect(texts[0]).toContain('mallory');
    expect(texts[1]).toContain('email: bob@example.com');
    expect(texts[2]).toContain('alice');
    expect(texts[2]).toContain('idp.example.com');
    expect(texts[2]).toContain('GET api.example.com/me');
    const states = screen.getAllByTestId('token-row').map((r) => within(r).getByTestId('validity-state').dataset.state);
    expect(states).toEqual(['no-expiry', 'expired', 'valid']);
    await waitFor(() =>
      expect(within(screen.getAllByTestId('token-row')[0]!).getByTestId('row-severity').dataset.severity).toBe(
        'critical',
      ),
    );
  });

  it('sorts by a column header and reports aria-sort', async () => {
    await setup();
    const header = screen.getByTestId('sort-subject');
    fireEvent.click(header);
    expect(header.parentElement!.getAttribute('aria-sort')).toBe('ascending');
    await waitFor(() => expect(rowTexts()[0]).toContain('alice'));
    fireEvent.click(header);
    expect(header.parentElement!.getAttribute('aria-sort')).toBe('descending');
    expect(rowTexts()[0]).toContain('mallory');
  });

  it('filters with the grammar and says when nothing matches', async () => {
    await setup();
    const filter = screen.getByTestId('token-filter');
    fireEvent.input(filter, { target: { value: 'expired' } });
    await waitFor(() => expect(rowTexts()).toHaveLength(1));
    expect(rowTexts()[0]).toContain('bob');
    fireEvent.input(filter, { target: { value: '-source:url iss:idp' } });
    await waitFor(() => expect(rowTexts()).toEqual([expect.stringContaining('alice')]));
    fireEvent.input(filter, { target: { value: 'alg:none' } });
    await waitFor(() => expect(rowTexts()).toEqual([expect.stringContaining('mallory')]));
    fireEvent.input(filter, { target: { value: 'nothing-like-this' } });
    expect(await screen.findByTestId('filter-empty')).toBeTruthy();
  });

  it('↑/↓ move the selection and Enter opens the detail', async () => {
    await setup();
    const list = screen.getByTestId('token-list');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getByTestId('token-detail').textContent).toContain('mallory'));
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getByTestId('token-detail').textContent).toContain('bob@example.com'));
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    await waitFor(() => expect(screen.getByTestId('token-detail').textContent).toContain('mallory'));
    expect(screen.getAllByTestId('token-row')[0]!.getAttribute('aria-selected')).toBe('true');
  });

  it('keeps a pasted token in the list, marked pasted, replacing it while typing', async () => {
    await setup();
    const paste = screen.getByTestId('paste-token');
    const token = await hs({ sub: 'pasted-person' });
    fireEvent.input(paste, { target: { value: token.slice(0, -3) } });
    fireEvent.input(paste, { target: { value: token } });
    await waitFor(() => expect(rowTexts()).toHaveLength(4));
    expect(rowTexts()[0]).toContain('pasted');
    expect(rowTexts()[0]).toContain('pasted-person');
    expect(screen.getByTestId('token-detail').textContent).toContain('pasted-person');
    fireEvent.input(screen.getByTestId('token-filter'), { target: { value: 'source:pasted' } });
    await waitFor(() => expect(rowTexts()).toHaveLength(1));
  });
});
