// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { PreferenceStore } from '../../../components/host.ts';
import { LAYOUT_KEY } from '../../../components/state/layout-settings.ts';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const clock = () => NOW;

afterEach(cleanup);

// The layout is one key of the panel's preferences; `saved` lists each layout written.
function memorySettings(initial?: unknown): PreferenceStore & { saved: object[] } {
  let value: Record<string, unknown> = initial === undefined ? {} : { [LAYOUT_KEY]: initial };
  const saved: object[] = [];
  return {
    saved,
    load: async () => value,
    save: async (patch) => {
      value = { ...value, ...patch };
      if (LAYOUT_KEY in patch) saved.push(patch[LAYOUT_KEY] as object);
    },
  };
}

async function setup(options: { settings?: PreferenceStore; tokens?: string[] } = {}) {
  const alice = await new SignJWT({ sub: 'alice', iss: 'https://idp.example.com/', exp: NOW / 1000 + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('a-strong-secret-that-is-long-enough-0123'));
  const none = new UnsecuredJWT({ sub: 'mallory', role: 'admin' }).encode();
  const tokens = options.tokens ?? [alice, none];
  const copied: string[] = [];
  const ring = memoryKeyRing();
  const utils = render(
    <App
      transport={memoryTransport(
        tokens.map((t, i) =>
          captured(t, { url: `https://api.example.com/r${i}`, method: i === 0 ? 'POST' : 'GET' }, NOW - 1000 * (i + 1)),
        ),
      )}
      clock={clock}
      keyRing={ring}
      clipboard={async (text) => {
        copied.push(text);
        return true;
      }}
      {...(options.settings ? { preferences: options.settings } : {})}
    />,
  );
  await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(tokens.length));
  return { ...utils, alice, none, copied, ring };
}

const rowOf = (text: string) => screen.getAllByTestId('token-row').find((r) => r.textContent?.includes(text))!;

describe('row context menu', () => {
  it('right click opens a menu of copy and filter actions; picking one copies through the host clipboard', async () => {
    const { alice, copied } = await setup();
    fireEvent.contextMenu(rowOf('alice'), { clientX: 10, clientY: 20 });
    const menu = await screen.findByRole('menu');
    const items = within(menu)
      .getAllByRole('menuitem')
      .map((m) => m.textContent);
    expect(items).toEqual([
      'Copy token',
      'Copy header',
      'Copy payload',
      'Copy as Authorization: Bearer',
      'Copy as cURL',
      'Filter by issuer https://idp.example.com/',
      'Filter by subject alice',
      'Filter by host api.example.com',
    ]);
    // The row it was opened on is selected.
    expect(rowOf('alice').getAttribute('aria-selected')).toBe('true');
    fireEvent.click(within(menu).getByText('Copy as cURL'));
    await waitFor(() =>
      expect(copied).toEqual([`curl 'https://api.example.com/r0' -X 'POST' -H 'Authorization: Bearer ${alice}'`]),
    );
    expect(screen.queryByRole('menu')).toBeNull();
    expect((await screen.findByTestId('copy-status')).textContent).toBe('Copied cURL command');
  });

  it('opens from the keyboard (Shift+F10, ContextMenu), moves with the arrows and closes with Escape', async () => {
    const { copied, none } = await setup();
    const list = screen.getByTestId('token-list');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    await waitFor(() => expect(rowOf('mallory').getAttribute('aria-selected')).toBe('true'));
    fireEvent.keyDown(list, { key: 'F10', shiftKey: true });
    const menu = await screen.findByRole('menu');
    const items = within(menu).getAllByRole('menuitem');
    await waitFor(() => expect(document.activeElement).toBe(items[0]));
    fireEvent.keyDown(items[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(items[1]!, { key: 'ArrowUp' });
    fireEvent.keyDown(items[0]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[items.length - 1]);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(copied).toEqual([]);
    fireEvent.keyDown(list, { key: 'ContextMenu' });
    fireEvent.click(within(await screen.findByRole('menu')).getByText('Copy token'));
    await waitFor(() => expect(copied).toEqual([none]));
  });

  it('"Filter by subject" sets the filter', async () => {
    await setup();
    fireEvent.contextMenu(rowOf('mallory'));
    fireEvent.click(within(await screen.findByRole('menu')).getByText('Filter by subject mallory'));
    await waitFor(() => expect((screen.getByTestId('token-filter') as HTMLInputElement).value).toBe('sub:mallory'));
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(1));
  });

  it('each sighting is a sighting-row with the same menu (cURL for that request)', async () => {
    const { alice, copied } = await setup();
    fireEvent.click(rowOf('alice'));
    const row = await screen.findByTestId('sighting-row');
    fireEvent.keyDown(row, { key: 'ContextMenu' });
    fireEvent.click(within(await screen.findByRole('menu')).getByText('Copy as cURL'));
    await waitFor(() => expect(copied).toEqual([expect.stringContaining(`'https://api.example.com/r0' -X 'POST'`)]));
    expect(copied[0]).toContain(alice);
  });
});

describe('keyboard shortcuts', () => {
  it('Ctrl+C / Cmd+C copies the selected token when no text is selected and no field has focus', async () => {
    const { alice, copied } = await setup();
    fireEvent.keyDown(screen.getByTestId('token-list'), { key: 'c', ctrlKey: true });
    // Nothing selected yet: nothing copied.
    expect(copied).toEqual([]);
    fireEvent.click(rowOf('alice'));
    fireEvent.keyDown(screen.getByTestId('token-list'), { key: 'c', ctrlKey: true });
    await waitFor(() => expect(copied).toEqual([alice]));
    fireEvent.keyDown(screen.getByTestId('token-list'), { key: 'C', metaKey: true });
    await waitFor(() => expect(copied).toEqual([alice, alice]));
    // In a text field, Ctrl+C is the field's own.
    fireEvent.keyDown(screen.getByTestId('token-filter'), { key: 'c', ctrlKey: true });
    fireEvent.keyDown(screen.getByTestId('paste-token'), { key: 'c', ctrlKey: true });
    expect(copied).toHaveLength(2);
  });

  it('Ctrl+F focuses the filter', async () => {
    await setup();
    fireEvent.keyDown(screen.getByTestId('token-list'), { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('token-filter'));
  });
});

describe('split and columns', () => {
  it('the separator moves with the arrow keys and the host remembers the split', async () => {
    const settings = memorySettings();
    await setup({ settings });
    const sep = screen.getByRole('separator');
    expect(sep.getAttribute('aria-valuenow')).toBe('55');
    fireEvent.keyDown(sep, { key: 'ArrowLeft' });
    await waitFor(() => expect(sep.getAttribute('aria-valuenow')).toBe('53'));
    fireEvent.keyDown(sep, { key: 'ArrowRight', shiftKey: true });
    await waitFor(() => expect(sep.getAttribute('aria-valuenow')).toBe('63'));
    expect((document.getElementById('list-pane') as HTMLElement).style.width).toBe('63.00%');
    expect(settings.saved.at(-1)).toEqual({ listFraction: expect.closeTo(0.63, 5), hiddenColumns: [] });
  });

  it('a stored layout is used on the next opening', async () => {
    await setup({ settings: memorySettings({ listFraction: 0.3, hiddenColumns: ['issuer'] }) });
    await waitFor(() => expect(screen.getByRole('separator').getAttribute('aria-valuenow')).toBe('30'));
    expect(screen.queryByTestId('sort-issuer')).toBeNull();
    expect(screen.getAllByTestId('token-row')[0]!.querySelector('.col-issuer')).toBeNull();
  });

  it('the header context menu hides and shows columns', async () => {
    const settings = memorySettings();
    await setup({ settings });
    fireEvent.contextMenu(screen.getByTestId('sort-issuer'));
    const menu = await screen.findByTestId('column-menu');
    const issuer = within(menu)
      .getByText(/^Issuer/)
      .closest('[role="menuitemcheckbox"]')!;
    expect(issuer.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(issuer);
    await waitFor(() => expect(screen.queryByTestId('sort-issuer')).toBeNull());
    expect(settings.saved.at(-1)).toEqual({ listFraction: 0.55, hiddenColumns: ['issuer'] });
    fireEvent.contextMenu(screen.getByTestId('sort-alg'));
    fireEvent.click(within(await screen.findByTestId('column-menu')).getByText(/^Issuer/));
    await waitFor(() => expect(screen.getByTestId('sort-issuer')).toBeTruthy());
  });

  it('the detail closes with its × button, and a new selection resets its scroll', async () => {
    await setup();
    fireEvent.click(rowOf('alice'));
    const pane = (await screen.findByTestId('token-detail')).parentElement!;
    pane.scrollTop = 200;
    fireEvent.click(rowOf('mallory'));
    await waitFor(() => expect(screen.getByTestId('detail-summary').textContent).toContain('mallory'));
    expect(pane.scrollTop).toBe(0);
    await waitFor(() =>
      expect(within(screen.getByTestId('detail-summary')).getByTestId('worst-finding').dataset.rule).toBe('alg-none'),
    );
    fireEvent.click(screen.getByTestId('close-detail'));
    await waitFor(() => expect(screen.queryByTestId('token-detail')).toBeNull());
    expect(screen.getAllByTestId('token-row').every((r) => r.getAttribute('aria-selected') === 'false')).toBe(true);
  });
});

describe('a found weak secret', () => {
  it('offers "Add to key ring" on its finding, and the token then verifies with it', async () => {
    const weak = await new SignJWT({ sub: 'weak-user' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('secret'));
    const { ring } = await setup({ tokens: [weak] });
    fireEvent.click(rowOf('weak-user'));
    const add = await screen.findByTestId('finding-add-key');
    expect(add.closest('[data-testid="finding"]')!.getAttribute('data-rule')).toBe('weak-hmac-secret');
    expect(screen.getByTestId('verification').dataset.status).toBe('no-key');
    fireEvent.click(add);
    await waitFor(() => expect(screen.getByTestId('verification').dataset.status).toBe('verified'));
    expect(ring.saved.at(-1)).toEqual([expect.objectContaining({ material: 'secret', format: 'text' })]);
    await waitFor(() => expect(screen.getByTestId('finding-add-key').textContent).toBe('On the key ring'));
  });
});
