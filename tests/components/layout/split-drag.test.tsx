// @vitest-environment happy-dom
// README (layout): the split between list and detail is draggable and remembered.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { PreferenceStore } from '../../../components/host.ts';
import { LAYOUT_KEY } from '../../../components/state/layout-settings.ts';
import { captured, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
afterEach(cleanup);

function memorySettings(): PreferenceStore & { saved: object[]; value(): Record<string, unknown> } {
  let value: Record<string, unknown> = {};
  const saved: object[] = [];
  return {
    saved,
    value: () => value,
    load: async () => value,
    save: async (patch) => {
      value = { ...value, ...patch };
      if (LAYOUT_KEY in patch) saved.push(patch[LAYOUT_KEY] as object);
    },
  };
}

describe('the split', () => {
  it('a pointer drag on the separator moves it, saves once when released, and a reopened panel uses it', async () => {
    const token = await new SignJWT({ sub: 'alice', exp: NOW / 1000 + 600 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('split-drag-secret-long-enough-0123456789'));
    const settings = memorySettings();
    render(<App transport={memoryTransport([captured(token)])} clock={() => NOW} preferences={settings} />);
    const sep = await screen.findByRole('separator');
    expect(sep.getAttribute('aria-valuenow')).toBe('55');
    // happy-dom lays nothing out: the split is 1,000 px wide from x = 100; pointer capture is recorded.
    const box = sep.parentElement!;
    box.getBoundingClientRect = () =>
      ({
        left: 100,
        width: 1000,
        top: 0,
        height: 600,
        right: 1100,
        bottom: 600,
        x: 100,
        y: 0,
        toJSON: () => ({}),
      }) as DOMRect;
    const held = new Set<number>();
    sep.setPointerCapture = (id: number) => void held.add(id);
    sep.hasPointerCapture = (id: number) => held.has(id);
    sep.releasePointerCapture = (id: number) => void held.delete(id);
    const before = settings.saved.length;

    fireEvent.pointerDown(sep, { pointerId: 7, clientX: 650, button: 0 });
    fireEvent.pointerMove(sep, { pointerId: 7, clientX: 500 });
    await waitFor(() => expect(sep.getAttribute('aria-valuenow')).toBe('40'));
    expect((document.getElementById('list-pane') as HTMLElement).style.width).toBe('40.00%');
    fireEvent.pointerMove(sep, { pointerId: 7, clientX: 420 });
    await waitFor(() => expect(sep.getAttribute('aria-valuenow')).toBe('32'));
    // Not saved while dragging.
    expect(settings.saved.length).toBe(before);
    fireEvent.pointerUp(sep, { pointerId: 7, clientX: 400 });
    await waitFor(() => expect(sep.getAttribute('aria-valuenow')).toBe('30'));
    await waitFor(() => expect(settings.saved.length).toBe(before + 1));
    expect(settings.saved.at(-1)).toMatchObject({ listFraction: expect.closeTo(0.3, 5) });
    // A move without a pressed pointer does nothing.
    fireEvent.pointerMove(sep, { pointerId: 7, clientX: 900 });
    expect(sep.getAttribute('aria-valuenow')).toBe('30');

    cleanup();
    render(<App transport={memoryTransport([captured(token)])} clock={() => NOW} preferences={settings} />);
    await waitFor(() => expect(screen.getByRole('separator').getAttribute('aria-valuenow')).toBe('30'));
  });
});
