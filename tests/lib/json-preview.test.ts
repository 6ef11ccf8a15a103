import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPreview } from '../../lib/json-text.ts';

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
