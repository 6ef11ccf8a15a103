// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import { ErrorBoundary } from '../../../components/common/ErrorBoundary.tsx';
import { JSON_PAGE_LINES, JSON_STEP_LEXEMES, JsonView } from '../../../components/common/JsonView.tsx';
import { VisibleText } from '../../../components/common/VisibleText.tsx';
import { LONG_TEXT_SHOWN } from '../../../components/common/LongText.tsx';
import { KeyForm } from '../../../components/key-ring/KeyForm.tsx';
import { captured, fullDetail, memoryKeyRing, memoryTransport } from '../fakes.ts';

afterEach(cleanup);
const NOW = 1_700_000_000_000;
const b64u = (s: string) => Buffer.from(s).toString('base64url');
const unsigned = (header: string, payload: string) => `${b64u(header)}.${b64u(payload)}.${b64u('x'.repeat(32))}`;

function Boom({ when }: { when: boolean }): null {
  if (when) throw new Error('view exploded on this token');
  return null;
}

describe('error boundary', () => {
  it('shows what failed in place of a throwing view and keeps its siblings working', () => {
    render(
      <div>
        <ErrorBoundary what="token detail">
          <Boom when />
        </ErrorBoundary>
        <p data-testid="sibling">still here</p>
      </div>,
    );
    const box = screen.getByTestId('error-boundary');
    expect(box.getAttribute('role')).toBe('alert');
    expect(box.textContent).toContain('The token detail could not be shown: Error: view exploded on this token');
    expect(screen.getByTestId('sibling').textContent).toBe('still here');
  });

  it('tries the view again when its reset key changes (another token selected)', () => {
    const { rerender } = render(
      <ErrorBoundary what="token detail" resetKey="a">
        <Boom when />
      </ErrorBoundary>,
    );
    expect(screen.queryByTestId('error-boundary')).not.toBeNull();
    rerender(
      <ErrorBoundary what="token detail" resetKey="b">
        <Boom when={false} />
      </ErrorBoundary>,
    );
    expect(screen.queryByTestId('error-boundary')).toBeNull();
  });
});

describe('JSON view under hostile input', () => {
  it('shows JSON nested 50,000 deep to depth 64 with the explanation, in a bounded number of lines', () => {
    const text = `{"sub":"x","c":${'['.repeat(50_000)}1${']'.repeat(50_000)}}`;
    render(<JsonView text={text} testId="payload-json" label="payload" />);
    expect(screen.getByTestId('json-limit').textContent).toBe('JSON nested 50,001 deep: shown to depth 64.');
    const lines = screen.getByTestId('payload-json').querySelectorAll('.json-line');
    expect(lines.length).toBeLessThan(140);
    expect(screen.getByTestId('payload-json').textContent).toContain('lines nested deeper than 64 levels not shown');
  });

  it('draws 100,000 members a page at a time, never 100,000 DOM lines', async () => {
    const text = `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    render(<JsonView text={text} testId="payload-json" label="payload" />);
    const pre = screen.getByTestId('payload-json');
    // The task that shows the view draws one step (the opening line, then members of 4 lexemes each
    // until the step's lexemes are drawn); the page's other lines follow in later turns.
    const firstStep = 1 + JSON_STEP_LEXEMES / 4;
    expect(pre.querySelectorAll('.json-line')).toHaveLength(firstStep);
    await waitFor(() => expect(pre.querySelectorAll('.json-line')).toHaveLength(JSON_PAGE_LINES), {
      timeout: 10_000,
    });
    const more = screen.getByTestId('json-more');
    // The rest is laid out in steps after the first page is drawn (issue 9 part 4).
    await waitFor(() => expect(more.textContent).toBe('Show more (99,502 of 100,002 lines not drawn)'), {
      timeout: 10_000,
    });
    expect(pre.querySelectorAll('.json-line')).toHaveLength(JSON_PAGE_LINES);
    fireEvent.click(more);
    // "Show more" draws its first step at once and the rest of its four pages in later turns.
    expect(pre.querySelectorAll('.json-line')).toHaveLength(JSON_PAGE_LINES + JSON_STEP_LEXEMES / 4);
    await waitFor(() => expect(pre.querySelectorAll('.json-line')).toHaveLength(JSON_PAGE_LINES * 5), {
      timeout: 30_000,
    });
    expect(pre.getAttribute('data-drawing')).toBeNull();
    expect(more.textContent).toBe('Show more (97,502 of 100,002 lines not drawn)');
  }, 60_000);

  it('lays out only what the first page needs before drawing it; the rest follows in steps', async () => {
    const text = `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    render(<JsonView text={text} testId="payload-json" label="payload" />);
    const pre = screen.getByTestId('payload-json');
    const more = screen.getByTestId('json-more');
    // At first draw: one step of the page, the layout not done (a whole-text layout would know all 100,002 lines).
    expect(pre.querySelectorAll('.json-line')).toHaveLength(1 + JSON_STEP_LEXEMES / 4);
    expect(more.dataset.complete).toBe('false');
    expect(more.textContent).toMatch(/^Show more \(laying out the rest: \d{3} lines so far\)$/);
    // Show more before the layout is done still lays out and draws the next pages (in steps).
    fireEvent.click(more);
    await waitFor(() => expect(pre.querySelectorAll('.json-line')).toHaveLength(JSON_PAGE_LINES * 5), {
      timeout: 30_000,
    });
    expect(pre.textContent).toContain('"k1998": 1998,');
    await waitFor(() => expect(more.dataset.complete).toBe('true'), { timeout: 10_000 });
    expect(more.textContent).toBe('Show more (97,502 of 100,002 lines not drawn)');
  }, 60_000);

  it('shows a right-to-left override as a marker instead of letting it reorder the JSON', () => {
    render(<JsonView text={'{"name":"admin\u202Egnp.exe"}'} testId="payload-json" label="payload" />);
    const pre = screen.getByTestId('payload-json');
    expect(pre.textContent).toContain('"admin⟨U+202E⟩gnp.exe"');
    expect(pre.textContent).not.toContain('\u202E');
    expect(within(pre).getByTestId('invisible-char').title).toBe('Invisible character U+202E');
  });
});

describe('long text', () => {
  it('draws a megabyte string value cut with a "show all" button, the whole on click', () => {
    const value = 'p'.repeat(1_000_000);
    render(<JsonView text={`{"pad":"${value}"}`} testId="payload-json" label="payload" />);
    const pre = screen.getByTestId('payload-json');
    expect(pre.textContent!.length).toBeLessThan(LONG_TEXT_SHOWN + 200);
    const more = within(pre).getByTestId('long-text-more');
    expect(more.textContent).toBe('… show all 1,000,002 characters');
    fireEvent.click(more);
    expect(pre.textContent).toContain(`"${value}"`);
  });
});

describe('visible text', () => {
  it('renders markers as text, never as markup', () => {
    render(
      <p data-testid="t">
        <VisibleText text={'<img src=x onerror=alert(1)>\u200B'} />
      </p>,
    );
    const p = screen.getByTestId('t');
    expect(p.querySelector('img')).toBeNull();
    expect(p.textContent).toBe('<img src=x onerror=alert(1)>⟨U+200B⟩');
  });
});

describe('the panel with invisible characters and deep tokens', () => {
  it('refuses to offer discovery for an iss with a zero-width space and shows it with markers', async () => {
    const token = unsigned('{"alg":"RS256","kid":"k\u202E1"}', '{"iss":"https://idp\u200B.example.com","sub":"u"}');
    const fetched: string[] = [];
    render(
      <App
        transport={memoryTransport([captured(token)])}
        clock={() => NOW}
        keyRing={memoryKeyRing()}
        fetchText={async (url) => {
          fetched.push(url);
          return { status: 404, text: '' };
        }}
      />,
    );
    fireEvent.click(await screen.findByTestId('token-row'));
    const detail = screen.getByTestId('token-detail');
    const refused = await within(detail).findByTestId('issuer-url-refused');
    expect(refused.textContent).toBe(
      'The issuer holds invisible characters (⟨U+200B⟩): "https://idp⟨U+200B⟩.example.com" would silently be fetched as "https://idp.example.com/". Not fetched.',
    );
    expect(within(detail).queryByTestId('fetch-issuer-jwks')).toBeNull();
    await waitFor(() =>
      expect(within(detail).getByTestId('findings').textContent).toContain('The "iss" claim holds invisible or bidi'),
    );
    expect(within(detail).getByTestId('header-json').textContent).toContain('"k⟨U+202E⟩1"');
    expect(fetched).toEqual([]);
  });

  it('lists and shows a token nested 50,000 deep (claim, exp, header) beside a normal one', async () => {
    const deep = `${'['.repeat(50_000)}1${']'.repeat(50_000)}`;
    const tokens = [
      unsigned('{"alg":"HS256"}', `{"sub":"deep-claim","c":${deep}}`),
      unsigned('{"alg":"HS256"}', `{"sub":"deep-exp","exp":${deep}}`),
      unsigned(`{"alg":"HS256","x":${deep}}`, '{"sub":"deep-header"}'),
      unsigned('{"alg":"HS256"}', '{"sub":"normal"}'),
    ];
    render(<App transport={memoryTransport(tokens.map((t) => captured(t)))} clock={() => NOW} />);
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(4));
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'claim:zz' } });
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: '' } });
    for (const row of screen.getAllByTestId('token-row')) {
      fireEvent.click(row);
      const detail = await fullDetail();
      expect(within(detail).queryByTestId('error-boundary')).toBeNull();
      if (!detail.textContent!.includes('"normal"'))
        expect(within(detail).getByTestId('json-limit').textContent).toMatch(
          /^JSON nested 50,00\d deep: shown to depth 64\.$/,
        );
    }
  });
});

describe('key form', () => {
  it('refuses a 2 MB secret on save with the size limit, before saying anything is saved', async () => {
    const saved: unknown[] = [];
    render(<KeyForm id="k1" onSave={(e) => saved.push(e)} onCancel={() => {}} />);
    fireEvent.input(screen.getByTestId('key-material'), { target: { value: 's'.repeat(2_000_000) } });
    fireEvent.click(screen.getByTestId('save-key'));
    const error = await screen.findByTestId('key-error');
    expect(error.textContent).toBe(
      'Not saved: the key material is 2,000,000 characters; at most 1,000,000 can be stored (a JWKS of a few thousand keys fits).',
    );
    expect(saved).toEqual([]);
  });
});
