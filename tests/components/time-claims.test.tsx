// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeClaims } from '../../components/token-detail/TimeClaims.tsx';
import { timeStatus } from '../../lib/time-claims.ts';

afterEach(cleanup);

describe('TimeClaims', () => {
  it('shows exp: 1e400 as the number written in the token, not null', () => {
    const text = '{"sub":"a","exp":1e400}';
    render(<TimeClaims status={timeStatus(JSON.parse(text), 1_800_000_000, 60, text)} now={1_800_000_000} />);
    const row = screen.getByTestId('time-claims').querySelector('[data-claim="exp"]')!;
    expect(row.textContent).toContain('1e400');
    expect(row.textContent).not.toContain('null');
    expect(row.textContent).toContain('out of the range of dates');
  });
});
