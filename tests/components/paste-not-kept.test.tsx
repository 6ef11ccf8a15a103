// @vitest-environment happy-dom
// The paste box says what of a paste will not be there when the panel is opened again.
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PasteBox } from '../../components/paste/PasteBox.tsx';

afterEach(cleanup);

const box = (notKept: Parameters<typeof PasteBox>[0]['notKept']) =>
  render(<PasteBox value="" onInput={() => undefined} onFocus={() => undefined} notKept={notKept} />);

describe('the paste box’s not-kept notice', () => {
  it('is absent when everything is kept', () => {
    box(null);
    expect(screen.queryByTestId('paste-not-kept')).toBeNull();
  });
  it('names a text over the limit, tokens that did not fit, and a refused write', () => {
    box({ draft: true, tokens: 3, failed: false });
    expect(screen.getByTestId('paste-not-kept').textContent).toBe(
      'Not kept when the panel closes: this text is over 65,536 characters (its tokens are kept); 3 older pasted tokens do not fit the 256 KiB kept per tab.',
    );
    cleanup();
    box({ draft: false, tokens: 0, failed: true });
    expect(screen.getByTestId('paste-not-kept').textContent).toContain('Storage refused to keep this paste');
  });
});
