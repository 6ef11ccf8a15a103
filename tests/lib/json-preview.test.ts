import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../lib/decode-token.ts';
import { jsonPreview } from '../../lib/json-text.ts';
import { dpopChecks } from '../../lib/oauth/dpop.ts';
import { idTokenChecks } from '../../lib/oauth/id-checks.ts';
import { accessTokenTyp } from '../../lib/rules/access-token-typ.ts';
import type { RuleContext } from '../../lib/rules/context.ts';
import { sentIn } from './oauth/mint.ts';

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

describe('jsonPreview', () => {
  it('writes what JSON.stringify writes, cut to the length asked', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 300 }), (value, max) => {
        expect(jsonPreview(value, max)).toBe(cut(JSON.stringify(value), max));
      }),
      { numRuns: 3000 },
    );
    expect(jsonPreview({ a: undefined, b: 1, c: [undefined] }, 100)).toBe('{"b":1,"c":[null]}');
    expect(jsonPreview('\u202e'.repeat(500), 10)).toBe(cut(JSON.stringify('\u202e'.repeat(500)), 10));
  });

  it('costs what the prefix costs: 50,000 deep, 100,000 members, a megabyte string', () => {
    const deep = JSON.parse(`${'['.repeat(50_000)}1${']'.repeat(50_000)}`) as unknown;
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(jsonPreview(deep, 200)).toBe(`${'['.repeat(199)}…`);
    const deepObject = JSON.parse(`${'{"k":'.repeat(50_000)}1${'}'.repeat(50_000)}`) as unknown;
    expect(jsonPreview(deepObject, 12)).toBe('{"k":{"k":{…');
    // A member list that would take a million characters is read only as far as the cut.
    let read = 0;
    const wide = new Proxy(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])), {
      get(target, key) {
        read++;
        return Reflect.get(target, key);
      },
    });
    expect(jsonPreview(wide, 40)).toBe(cut(JSON.stringify(wide), 40));
    read = 0;
    jsonPreview(wide, 40);
    expect(read).toBeLessThan(20);
    expect(jsonPreview({ s: 'x'.repeat(1 << 20) }, 8)).toBe('{"s":"x…');
  });
});

describe('messages quoting hostile values', () => {
  const deep = JSON.parse(`${'['.repeat(50_000)}1${']'.repeat(50_000)}`) as unknown;
  const big = 'x'.repeat(1 << 20);

  it('a typ, htm, htu or ID-token claim nested 50,000 deep or a megabyte long gives a short message', () => {
    for (const value of [deep, big]) {
      const ctx = {
        decoded: decodeToken('x'),
        kind: 'jws',
        header: { alg: 'RS256', typ: value },
        payload: { client_id: 'c', sub: 's' },
        now: 1_700_000_000,
        clockSkew: 0,
        maxLifetime: 86_400,
        context: {},
        verification: { status: 'no-key' },
        keys: [],
        oauth: { classification: { kind: 'access', reason: 'test' }, checks: [] },
      } as unknown as RuleContext;
      const [typ] = accessTokenTyp.check(ctx) as { message: string }[];
      expect(typ!.message).toMatch(/^typ is [["].{0,79} on a JWT access token/);

      const dpop = dpopChecks({
        claims: { jti: 'j', htm: value, htu: value, iat: 1_700_000_000 },
        header: { typ: value, alg: 'ES256' },
        sightings: [sentIn('DPoP', 'https://api.example.com/x', 1_700_000_000_000)],
        now: 1_700_000_000,
        clockSkew: 0,
        accessTokens: [],
      });
      for (const rule of ['dpop-typ-invalid', 'dpop-htm-mismatch', 'dpop-htu-mismatch'])
        expect(dpop.find((c) => c.rule === rule)!.message.length).toBeLessThan(400);

      const id = idTokenChecks({ claims: { azp: value, aud: 'a' }, atHashes: [], cHashes: [] });
      expect(id.find((c) => c.rule === 'id-azp-invalid')!.message).toMatch(/^azp is [["]/);
      expect(id.find((c) => c.rule === 'id-azp-invalid')!.message.length).toBeLessThan(120);
    }
  });
});
