import { describe, expect, it } from 'vitest';
import { filterNarrows } from '../../../lib/filter/match-filter.ts';
import { parseFilter } from '../../../lib/filter/parse-filter.ts';

const narrows = (a: string, b: string) => filterNarrows(parseFilter(a), parseFilter(b));

describe('filterNarrows: when a new filter can be matched on the previous one’s result', () => {
  it('typing on in a contains term, or adding a term, narrows', () => {
    expect(narrows('', 'u')).toBe(true);
    expect(narrows('u', 'us')).toBe(true);
    expect(narrows('user-9', 'user-99')).toBe(true);
    expect(narrows('iss:auth', 'iss:auth.example')).toBe(true);
    expect(narrows('host:api', 'host:api.ex source:cookie')).toBe(true);
    expect(narrows('alg:none', 'alg:none alice')).toBe(true);
  });

  it('deleting, negated terms, exact fields, or a changed field do not', () => {
    expect(narrows('us', 'u')).toBe(false);
    expect(narrows('u', '')).toBe(false);
    expect(narrows('-u', '-us')).toBe(false);
    expect(narrows('alg:hs', 'alg:hs2')).toBe(false);
    expect(narrows('severity:high', 'severity:highx')).toBe(false);
    expect(narrows('iss', 'iss:')).toBe(false);
    expect(narrows('sub:a', 'iss:ab')).toBe(false);
    expect(narrows('user', 'xuser')).toBe(true); // still contains "user"
    expect(narrows('user', 'usr')).toBe(false);
  });
});
