import { describe, expect, it } from 'vitest';
import { filterText, type FilterSubject } from '../../../lib/filter/filter-subject.ts';
import { matchFilter } from '../../../lib/filter/match-filter.ts';
import { parseFilter } from '../../../lib/filter/parse-filter.ts';
import { TOKEN_KINDS } from '../../../lib/oauth/kind.ts';

// README (OAuth): filter with kind:id, kind:access, kind:refresh, kind:dpop, kind:jarm, kind:logout,
// kind:client-assertion, kind:request-object, kind:other, and the aliases kind:id_token,
// kind:access_token…

function subject(tokenKind: string): FilterSubject {
  const base = {
    kind: 'jws',
    tokenKind,
    header: { alg: 'RS256' },
    payload: { sub: 'alice' },
    sources: ['header'] as FilterSubject['sources'],
    hosts: [],
    rules: [],
    validity: 'valid' as const,
    pasted: false,
  };
  return { ...base, text: filterText(base) };
}

const matches = (q: string, kind: string) => matchFilter(parseFilter(q), subject(kind));

describe('kind: values', () => {
  it('every kind the README lists is a token kind', () => {
    expect([...TOKEN_KINDS]).toEqual([
      'id',
      'access',
      'refresh',
      'dpop',
      'jarm',
      'logout',
      'client-assertion',
      'request-object',
      'other',
    ]);
  });

  it('kind:<k> matches exactly the tokens of that kind', () => {
    for (const k of TOKEN_KINDS)
      for (const other of TOKEN_KINDS) expect(matches(`kind:${k}`, other), `kind:${k} on ${other}`).toBe(k === other);
  });

  it('the aliases people type match their kind and no other', () => {
    const aliases: [string, string][] = [
      ['id_token', 'id'],
      ['id-token', 'id'],
      ['access_token', 'access'],
      ['access-token', 'access'],
      ['refresh_token', 'refresh'],
      ['refresh-token', 'refresh'],
      ['logout_token', 'logout'],
      ['client_assertion', 'client-assertion'],
      ['request', 'request-object'],
    ];
    for (const [alias, kind] of aliases)
      for (const other of TOKEN_KINDS)
        expect(matches(`kind:${alias}`, other), `kind:${alias} on ${other}`).toBe(other === kind);
  });

  it('is case-insensitive and can be negated', () => {
    expect(matches('kind:ID_TOKEN', 'id')).toBe(true);
    expect(matches('-kind:access', 'access')).toBe(false);
    expect(matches('-kind:access', 'refresh')).toBe(true);
  });
});
