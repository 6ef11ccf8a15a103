// @vitest-environment happy-dom
// Issue 14: a filter or sort change that lists other tokens patches the row elements in view
// instead of building new ones; new traffic never moves a row element to another token.
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedToken } from '../../../lib/capture/model.ts';
import { captured } from '../fakes.ts';
import { tokenList } from './list-props.tsx';

const NOW = 1_700_000_000_000;
afterEach(cleanup);

const make = (name: string, n: number): CapturedToken[] =>
  Array.from({ length: n }, (_, i) => captured(new UnsecuredJWT({ sub: `${name}-${i}` }).encode(), {}, NOW - i * 1000));
const first = make('alice', 20);
const second = make('bob', 20);

const list = (shown: readonly CapturedToken[], recycleOn: string, onSelect: (t: string) => void = () => undefined) =>
  tokenList(shown, NOW, { recycleOn, onSelect });

describe('row elements across a filter change', () => {
  it('patches the rows in view for a filter change, and a click selects the token the row now shows', () => {
    let picked = '';
    const { rerender, getAllByTestId } = render(list(first, 'alice', (t) => (picked = t)));
    const before = getAllByTestId('token-row');
    expect(before[0]!.textContent).toContain('alice-0');
    rerender(list(second, 'bob', (t) => (picked = t)));
    const after = getAllByTestId('token-row');
    expect(after).toHaveLength(20);
    // The same elements, in the same order, now showing the other tokens.
    after.forEach((row, i) => expect(row).toBe(before[i]));
    expect(after[0]!.textContent).toContain('bob-0');
    expect(after[0]!.textContent).not.toContain('alice');
    fireEvent.click(after[5]!);
    expect(picked).toBe(second[5]!.token);
  });

  it('keeps a token on its own element when the list changes without a filter or sort change', () => {
    const { rerender, getAllByTestId } = render(list(first, 'x'));
    const before = getAllByTestId('token-row');
    // New traffic: two new tokens on top; every old token keeps its element (now one row lower).
    const arrived = [...make('carol', 2), ...first.slice(0, 18)];
    rerender(list(arrived, 'x'));
    const after = getAllByTestId('token-row');
    for (let i = 0; i < 18; i++) {
      const row = after.find((r) => r.textContent?.includes(`alice-${i}`) && !r.textContent.includes(`alice-${i}0`))!;
      expect(row).toBe(before[i]);
    }
    // The new tokens got new elements: none of the old ones shows them.
    for (const row of after.filter((r) => r.textContent?.includes('carol'))) expect(before).not.toContain(row);
  });

  it('keeps the tokens still in view on their elements across a filter change', () => {
    const { rerender, getAllByTestId } = render(list(first, 'a'));
    const before = getAllByTestId('token-row');
    // The filter narrows: alice-0..4 stay, the rest of the view is bob's.
    rerender(list([...first.slice(0, 5), ...second.slice(0, 15)], 'ab'));
    const after = getAllByTestId('token-row');
    for (let i = 0; i < 5; i++) expect(after[i]).toBe(before[i]);
    expect(new Set(after)).toEqual(new Set(before));
  });
});
