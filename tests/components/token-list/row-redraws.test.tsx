// @vitest-environment happy-dom
// Issue 14: a keystroke, a clock tick or a new callback does not draw again the list rows that did
// not change; a row is drawn again when its token, state, expiry text or selection changes.
import { cleanup, render } from '@testing-library/preact';
import { UnsecuredJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CapturedToken } from '../../../lib/capture/model.ts';
import { ListRow } from '../../../components/token-list/TokenList.tsx';
import { captured } from '../fakes.ts';
import { tokenList } from './list-props.tsx';

const NOW = 1_700_000_000_000;
let drawn = 0;
beforeEach(() => {
  drawn = 0;
  const render = ListRow.prototype.render;
  vi.spyOn(ListRow.prototype, 'render').mockImplementation(function (this: ListRow) {
    drawn++;
    return render.call(this);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

const entries: CapturedToken[] = Array.from({ length: 30 }, (_, i) =>
  captured(new UnsecuredJWT({ sub: `user-${i}`, exp: NOW / 1000 + 3630 + i * 600 }).encode(), {}, NOW - i * 1000),
);

const list = (shown: readonly CapturedToken[], over: Parameters<typeof tokenList>[2] = {}) =>
  tokenList(shown, NOW, over);

describe('list rows drawn only when they change', () => {
  it('draws each row once, then none again for a new list array of the same tokens or new callbacks', () => {
    const { rerender, getAllByTestId } = render(list(entries));
    const rows = getAllByTestId('token-row').length;
    expect(rows).toBe(30);
    expect(drawn).toBe(rows);
    drawn = 0;
    rerender(list([...entries], { onSelect: () => undefined, onOpen: () => undefined }));
    expect(drawn).toBe(0);
    // A second later nothing a row shows changed (its expiry still reads "in 1h …").
    rerender(list([...entries], { now: NOW + 1000 }));
    expect(drawn).toBe(0);
  });

  it('draws again only the rows whose token, selection or expiry text changed', () => {
    const { rerender, getAllByTestId } = render(list(entries));
    drawn = 0;
    rerender(list(entries, { selected: entries[3]!.token }));
    expect(drawn).toBe(1);
    expect(getAllByTestId('token-row')[3]!.getAttribute('aria-selected')).toBe('true');
    drawn = 0;
    // A keystroke that drops the first two tokens: every position now shows another token.
    const filtered = entries.slice(2);
    rerender(list(filtered, { selected: entries[3]!.token }));
    expect(drawn).toBe(filtered.length);
    expect(getAllByTestId('token-row')[0]!.textContent).toContain('user-2');
    drawn = 0;
    // Two hours on, every expiry text changed.
    rerender(list(filtered, { selected: entries[3]!.token, now: NOW + 7_200_000 }));
    expect(drawn).toBe(filtered.length);
  });
});
