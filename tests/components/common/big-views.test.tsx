// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCount } from '../../../components/common/format-count.ts';
import { JsonView } from '../../../components/common/JsonView.tsx';
import { KeyRow } from '../../../components/key-ring/KeyRow.tsx';
import type { KeyFacts } from '../../../lib/verify/index.ts';

afterEach(cleanup);

describe('formatCount (thousands separators without Intl)', () => {
  it('writes counts as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1000, 99_503, 100_003, 1_048_576, -12_345, 1234.5])
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('JSON view lexemes', () => {
  it('draws plain lexemes as bare text and still marks an invisible character in one', () => {
    render(<JsonView text={'{"plain":"value","rlo":"a\u202Eb"}'} testId="j" label="j" />);
    const view = screen.getByTestId('j');
    expect(view.textContent).toContain('"plain": "value",');
    const markers = view.querySelectorAll('[data-testid="invisible-char"]');
    expect(markers).toHaveLength(1);
    expect(markers[0]!.textContent).toBe('⟨U+202E⟩');
  });
});

describe('key row of a big JWK Set', () => {
  it('draws at most 20 member warnings and counts the rest', () => {
    const members = Array.from({ length: 30 }, (_, i) => ({
      index: i,
      kty: 'RSA',
      kid: `k${i}`,
      error: { code: 'key-import' as const, message: 'the key does not import' },
    }));
    const facts = {
      id: 'big',
      format: 'jwks',
      kind: 'set',
      keyCount: 31,
      members,
      confusionSecrets: [],
    } as unknown as KeyFacts;
    render(
      <ul>
        <KeyRow
          entry={{ id: 'big', label: 'big set', material: '{"keys":[]}', format: 'jwks' }}
          facts={facts}
          onEdit={() => undefined}
          onRemove={() => undefined}
        />
      </ul>,
    );
    const row = screen.getByTestId('key-row');
    expect(row.querySelectorAll('p.form-error')).toHaveLength(21);
    expect(screen.getByTestId('key-row-more-warnings').textContent).toBe('and 10 more keys of this set with problems');
    expect(row.textContent).toContain('key 20 (kid k19): the key does not import');
    expect(row.textContent).not.toContain('kid k20)');
  });
});
