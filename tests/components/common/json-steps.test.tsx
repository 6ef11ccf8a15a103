// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { JSON_PAGE_LINES, JsonView } from '../../../components/common/JsonView.tsx';
import { ENCODED_SHOWN, EncodedToken } from '../../../components/token-detail/EncodedToken.tsx';
import { decodeToken } from '../../../lib/decode-token.ts';

afterEach(cleanup);
const b64u = (s: string) => Buffer.from(s).toString('base64url');

describe('JSON view drawn in steps', () => {
  it('folds a block that closes beyond the first step and draws the lines after it', async () => {
    const list = Array.from({ length: 1_000 }, (_, i) => i).join(',');
    render(<JsonView text={`{"list":[${list}],"after":"end"}`} testId="j" label="j" />);
    const view = screen.getByTestId('j');
    // Line 1 opens the 1,000-member list; it closes on line 1,002, beyond the first page's lines.
    expect(view.textContent).not.toContain('"after"');
    // Its fold button comes once the count has reached its end, in a later turn.
    fireEvent.click((await screen.findAllByRole('button', { name: 'Collapse' }))[1]!);
    const folded = within(view).getByLabelText('1000 lines folded');
    expect(folded.textContent).toBe(' … ],');
    await waitFor(() => expect(view.textContent).toContain('"after": "end"'));
    expect(view.querySelectorAll('.json-line')).toHaveLength(4);
    fireEvent.click(screen.getByRole('button', { name: 'Expand' }));
    await waitFor(() => expect(view.querySelectorAll('.json-line')).toHaveLength(JSON_PAGE_LINES), { timeout: 10_000 });
    expect(view.textContent).toContain('497');
    expect(view.textContent).not.toContain('"after"');
  });

  it('counts a 100,000-member text to its end and folds the whole object at the counted end', async () => {
    const text = `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    render(<JsonView text={text} testId="j" label="j" />);
    const more = screen.getByTestId('json-more');
    await waitFor(() => expect(more.dataset.complete).toBe('true'), { timeout: 20_000 });
    expect(more.textContent).toBe('Show more (99,502 of 100,002 lines not drawn)');
    await waitFor(() => expect(screen.getByTestId('j').querySelectorAll('.json-line')).toHaveLength(JSON_PAGE_LINES), {
      timeout: 20_000,
    });
    // The block ends found by the count: the opening line folds the whole object.
    fireEvent.click(screen.getAllByRole('button', { name: 'Collapse' })[0]!);
    expect(within(screen.getByTestId('j')).getByLabelText('100000 lines folded').textContent).toBe(' … }');
  }, 60_000);
});

describe('encoded token', () => {
  it('draws a bounded prefix of each long segment, the whole on click', () => {
    const payload = JSON.stringify({ sub: 'big', pad: 'p'.repeat(50_000) });
    const token = `${b64u('{"alg":"HS256"}')}.${b64u(payload)}.${b64u('s'.repeat(32))}`;
    render(<EncodedToken decoded={decodeToken(token)} />);
    const code = screen.getByTestId('encoded-token');
    expect(code.textContent!.length).toBeLessThan(ENCODED_SHOWN + 200);
    const more = within(code).getByTestId('long-text-more');
    expect(more.textContent).toBe(`… show all ${b64u(payload).length.toLocaleString('en-US')} characters`);
    fireEvent.click(more);
    expect(code.textContent).toBe(token);
  });
});
