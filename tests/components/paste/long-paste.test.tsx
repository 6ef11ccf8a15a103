// @vitest-environment happy-dom
// A paste longer than 65,536 characters is shown shortened and read-only (Chromium takes hundreds of
// ms to lay out a megabyte in a textarea); its tokens are read from the whole text.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { LONG_PASTE_CHARS, PasteBox, SHOWN_PASTE_CHARS } from '../../../components/paste/PasteBox.tsx';

afterEach(cleanup);

function box(value: string) {
  const inputs: string[] = [];
  render(<PasteBox value={value} onInput={(v) => inputs.push(v)} onFocus={() => {}} />);
  return { area: screen.getByTestId('paste-token') as HTMLTextAreaElement, inputs };
}

function pasteEvent(area: HTMLTextAreaElement, text: string) {
  const event = new Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
  event.clipboardData = { getData: (type: string) => (type === 'text/plain' ? text : '') };
  area.dispatchEvent(event);
  return event;
}

describe('a long paste', () => {
  it('is shown whole and editable up to 65,536 characters, shortened and read-only beyond', () => {
    expect(LONG_PASTE_CHARS).toBe(65_536);
    const edge = box('x'.repeat(LONG_PASTE_CHARS));
    expect(edge.area.value).toHaveLength(LONG_PASTE_CHARS);
    expect(edge.area.readOnly).toBe(false);
    expect(screen.queryByTestId('paste-long')).toBeNull();
    cleanup();

    const long = box(`${'y'.repeat(SHOWN_PASTE_CHARS)}${'z'.repeat(1_300_000)}`);
    expect(long.area.value).toBe(`${'y'.repeat(SHOWN_PASTE_CHARS)}…`);
    expect(long.area.readOnly).toBe(true);
    expect(long.area.getAttribute('aria-describedby')).toBe('paste-long');
    expect(screen.getByTestId('paste-long').textContent).toContain(
      '1,302,048 characters: the box shows the first 2,048, tokens are read from the whole text.',
    );
  });

  it('is cleared by its button, Backspace or Delete, and replaced whole by a new paste', () => {
    const long = box('q'.repeat(100_000));
    fireEvent.click(screen.getByTestId('paste-clear'));
    fireEvent.keyDown(long.area, { key: 'Backspace' });
    fireEvent.keyDown(long.area, { key: 'Delete' });
    fireEvent.keyDown(long.area, { key: 'a' });
    const event = pasteEvent(long.area, 'eyJ.new.paste');
    expect(event.defaultPrevented).toBe(true);
    expect(long.inputs).toEqual(['', '', '', 'eyJ.new.paste']);
  });

  it('pasted into the box goes to the store whole, around the selection, without entering the box first', () => {
    const short = box('Bearer ');
    short.area.setSelectionRange(7, 7);
    const big = 'b'.repeat(LONG_PASTE_CHARS);
    const event = pasteEvent(short.area, big);
    expect(event.defaultPrevented).toBe(true);
    expect(short.inputs).toEqual([`Bearer ${big}`]);
    // A short paste is left to the browser (its undo history and caret stay native).
    const small = pasteEvent(short.area, 'eyJ.short');
    expect(small.defaultPrevented).toBe(false);
    expect(short.inputs).toHaveLength(1);
  });
});
