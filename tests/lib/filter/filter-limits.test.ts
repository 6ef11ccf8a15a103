import { describe, expect, it } from 'vitest';
import {
  filterText,
  MAX_FILTER_DEPTH,
  valueContains,
  valueTexts,
  type FilterSubject,
} from '../../../lib/filter/filter-subject.ts';
import { matchFilter } from '../../../lib/filter/match-filter.ts';
import { parseFilter } from '../../../lib/filter/parse-filter.ts';

const DEEP = 50_000;
const nested = (depth: number, leaf: unknown, as: 'array' | 'object'): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = as === 'array' ? [v] : { a: v };
  return v;
};

function subject(header: Record<string, unknown>, payload: unknown): FilterSubject {
  const base = {
    kind: 'jws',
    header,
    payload,
    sources: ['header'] as FilterSubject['sources'],
    hosts: [],
    rules: [],
    validity: 'valid' as const,
    pasted: false,
  };
  return { ...base, text: filterText(base) };
}

describe('the filter subject at hostile depth and width', () => {
  it('walks 50,000-deep values (in a claim, in exp, in the header) without overflowing, to depth 64', () => {
    for (const as of ['array', 'object'] as const) {
      const deep = nested(DEEP, 'needle-at-the-bottom', as);
      const shallow = nested(MAX_FILTER_DEPTH - 1, 'needle-near-top', as);
      const cases = [
        subject({ alg: 'HS256' }, { sub: 'x', claim: deep, near: shallow }),
        subject({ alg: 'HS256' }, { exp: deep, iss: deep, near: shallow }),
        subject({ alg: 'HS256', kid: deep, near: shallow }, { sub: 'x' }),
      ];
      for (const s of cases) {
        expect(s.text).toContain('needle-near-top');
        expect(s.text).not.toContain('needle-at-the-bottom');
        for (const q of ['iss:zz', 'sub:zz', 'claim:zz', 'exp:zz', 'kid:zz', 'zz', 'needle'])
          expect(() => matchFilter(parseFilter(q), s)).not.toThrow();
        expect(matchFilter(parseFilter('near:needle-near'), s)).toBe(true);
      }
    }
  });

  it('bounds a 100,000-member claim by its node budget and keeps document order', () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) wide[`k${i}`] = i;
    const texts = valueTexts(wide);
    expect(texts).toHaveLength(3999);
    expect(texts.slice(0, 3)).toEqual(['0', '1', '2']);
    expect(valueContains(wide, '3998')).toBe(true);
    expect(valueContains(wide, '99999')).toBe(false);
    expect(valueContains({ 'Member-Name': 1 }, 'member-name')).toBe(true);
  });
});
