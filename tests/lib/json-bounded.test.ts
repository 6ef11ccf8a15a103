import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeAny, decodeToken } from '../../lib/decode-token.ts';
import {
  boundJsonDepth,
  boundJsonWidth,
  isJsonValue,
  MAX_OBJECT_MEMBERS,
  MAX_PARSE_DEPTH,
} from '../../lib/json-bounded.ts';

const b64u = (s: string) => Buffer.from(s).toString('base64url');
const hs = (header: string, payload: string) => {
  const input = `${b64u(header)}.${b64u(payload)}`;
  return `${input}.${createHmac('sha256', 'k').update(input).digest('base64url')}`;
};
const accepts = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
const DEEP = 50_000;
const deepArray = `${'['.repeat(DEEP)}1${']'.repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;

/** Depth of a parsed value (iteratively), the top-level container being 1. */
function depthOf(v: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    deepest = Math.max(deepest, d + 1);
    for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
  return deepest;
}

describe('isJsonValue: JSON.parse validity without building the value', () => {
  const cases = [
    '1',
    '-0',
    '01',
    '-',
    '1.',
    '.5',
    '1e5',
    '1E+5',
    '1e',
    'true',
    'tru',
    'nul',
    'null ',
    ' [] ',
    '[',
    ']',
    '[1,]',
    '[,1]',
    '{}',
    '{"a":1}',
    '{"a":1,}',
    '{"a"}',
    '{"a":}',
    '{1:2}',
    '{"a":1 "b":2}',
    '[1 2]',
    '"a"',
    '"a',
    '"\\u00e9"',
    '"\\u00g9"',
    '"\\x"',
    '"\u0001"',
    '"\\""',
    '"\\\\"',
    '[[[]]]',
    '[[[]]',
    '[]]',
    '{"a":[}]',
    '[{]}',
    '""',
    '',
    '  ',
    '1 2',
    '[1]x',
    '{"a":{"b":[1,{"c":null}]}}',
    '[true,false,null]',
    '[truefalse]',
    '"\t"',
    '[-]',
    '[1e-7]',
  ];
  it('agrees with JSON.parse on a table of valid and invalid texts', () => {
    for (const text of cases) expect(isJsonValue(text), text).toBe(accepts(text));
  });

  it('agrees with JSON.parse on 20,000 random texts over JSON characters', () => {
    const alphabet = [
      '[',
      ']',
      '{',
      '}',
      ',',
      ':',
      '"',
      '"a"',
      '1',
      '-',
      '0',
      '.',
      'e',
      'true',
      'null',
      ' ',
      '\\',
      'x',
    ];
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    let valid = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      const len = 1 + rand(12);
      for (let j = 0; j < len; j++) text += alphabet[rand(alphabet.length)];
      const want = accepts(text);
      if (want) valid++;
      expect(isJsonValue(text), text).toBe(want);
    }
    // The random texts reach both answers.
    expect(valid).toBeGreaterThan(500);
  });

  it('checks a region of a text, and JSON nested 50,000 deep, without overflowing', () => {
    expect(isJsonValue(`x${deepArray}y`, 1, deepArray.length + 1)).toBe(true);
    expect(isJsonValue(deepObject)).toBe(true);
    expect(isJsonValue(deepArray.slice(0, -1))).toBe(false);
    expect(isJsonValue(`${deepArray.slice(0, DEEP)}x${deepArray.slice(DEEP + 1)}`)).toBe(false);
  });
});

describe('boundJsonDepth', () => {
  it('leaves text that nests no deeper than the bound alone', () => {
    expect(boundJsonDepth('{"a":[1,2,{"b":3}]}')).toBeUndefined();
    const atBound = `${'['.repeat(MAX_PARSE_DEPTH)}${']'.repeat(MAX_PARSE_DEPTH)}`;
    expect(boundJsonDepth(atBound)).toBeUndefined();
    // Many containers, none deep: scanned, nothing replaced.
    expect(boundJsonDepth(`[${'[],'.repeat(5000)}[]]`)).toBeUndefined();
  });

  it('replaces each container deeper than the bound by null, keeping everything above it', () => {
    const text = `{"sub":"x","c":${deepArray},"s":"[[[{\\"","d":${deepObject},"n":2}`;
    const bounded = boundJsonDepth(text)!;
    expect(bounded.deepest).toBe(DEEP + 1);
    expect(bounded.replaced).toBe(2);
    const v = JSON.parse(bounded.text) as Record<string, unknown>;
    expect(v.sub).toBe('x');
    expect(v.s).toBe('[[[{"');
    expect(v.n).toBe(2);
    expect(depthOf(v)).toBe(MAX_PARSE_DEPTH);
    // What is kept is what JSON.parse of the original builds, down to the bound.
    let a: unknown = v.c;
    // `c` is at depth 2: 998 arrays further down is the one at depth 1,000, holding the null.
    for (let i = 0; i < MAX_PARSE_DEPTH - 2; i++) a = (a as unknown[])[0];
    expect(a).toEqual([null]);
    expect(JSON.stringify(JSON.parse(bounded.text))).toBe(bounded.text.replace(/\s/g, ''));
  });

  it('gives up on text that is not JSON, so JSON.parse of the original names the error', () => {
    const broken = `{"c":${deepArray.slice(0, DEEP)}x${deepArray.slice(DEEP + 1)}}`;
    expect(boundJsonDepth(broken)).toBeUndefined();
    expect(boundJsonDepth(`{"c":${deepArray}`)).toBeUndefined();
    expect(boundJsonDepth(`{"c":"${'['.repeat(2000)}}`)).toBeUndefined();
  });
});

describe('decoding a token nested too deep', () => {
  it('builds the payload and header to depth 1,000 and says so, the claims above intact', () => {
    const d = decodeToken(hs('{"alg":"HS256","x":' + deepObject + '}', `{"sub":"deep","exp":${deepArray},"n":1}`));
    expect(d.kind).toBe('jws');
    expect(d.error).toBeUndefined();
    expect((d.payload as { sub: string }).sub).toBe('deep');
    expect(Array.isArray((d.payload as { exp: unknown }).exp)).toBe(true);
    expect(depthOf(d.payload)).toBe(MAX_PARSE_DEPTH);
    expect(depthOf(d.header)).toBe(MAX_PARSE_DEPTH);
    expect(d.header!.alg).toBe('HS256');
    // The text is kept whole: the JSON view and forging read it.
    expect(d.rawPayload).toBe(`{"sub":"deep","exp":${deepArray},"n":1}`);
    expect(d.problems.map((p) => [p.code, p.message])).toEqual([
      ['payload-depth', 'payload JSON nested 50,001 deep: read to depth 1,000, deeper values as null'],
      ['header-depth', 'header JSON nested 50,001 deep: read to depth 1,000, deeper values as null'],
    ]);
    // A value built this way survives the recursive walkers (JSON.stringify) that the original would overflow.
    expect(() => JSON.stringify(d.payload)).not.toThrow();
  });

  it('still finds repeated member names above the bound', () => {
    const d = decodeToken(hs('{"alg":"HS256"}', `{"sub":"a","c":${deepArray},"sub":"b"}`));
    expect(d.segments[1]!.duplicates).toEqual([{ path: '', name: 'sub' }]);
    expect((d.payload as { sub: string }).sub).toBe('b');
  });

  it('reports an invalid deep payload as not JSON, as before', () => {
    const d = decodeToken(hs('{"alg":"HS256"}', `{"c":${deepArray.slice(0, -1)}}`));
    expect(d.payloadIsJson).toBe(false);
    expect(d.problems.map((p) => p.code)).toEqual(['payload-json']);
  });
});

describe('a JWS in JSON serialisation nested too deep', () => {
  it('reads its unprotected header to depth 1,000 and says so', () => {
    const protectedB64 = b64u('{"alg":"HS256"}');
    const payloadB64 = b64u('{"sub":"json-deep"}');
    const doc = `{"protected":"${protectedB64}","payload":"${payloadB64}","header":{"kid":"k","x":${deepArray}},"signature":"AAAA"}`;
    const d = decodeAny(doc);
    expect(d.error).toBeUndefined();
    expect((d.payload as { sub: string }).sub).toBe('json-deep');
    expect(d.problems.map((p) => p.code)).toContain('jws-json-depth');
  });
});

/** True when every value `cut` holds is the one `orig` holds at the same place (JSON.parse of both). */
function readsAsOriginal(cut: unknown, orig: unknown): boolean {
  if (Array.isArray(cut)) {
    return Array.isArray(orig) && cut.length === orig.length && cut.every((v, i) => readsAsOriginal(v, orig[i]));
  }
  if (typeof cut === 'object' && cut !== null) {
    if (typeof orig !== 'object' || orig === null || Array.isArray(orig)) return false;
    const o = orig as Record<string, unknown>;
    return Object.entries(cut).every(([k, v]) => Object.hasOwn(o, k) && readsAsOriginal(v, o[k]));
  }
  return Object.is(cut, orig);
}

/** Members of the widest object of a parsed value. */
function widthOf(v: unknown): number {
  let widest = 0;
  const stack = [v];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null) continue;
    if (!Array.isArray(x)) widest = Math.max(widest, Object.keys(x).length);
    stack.push(...Object.values(x));
  }
  return widest;
}

describe('boundJsonWidth', () => {
  it('leaves text whose objects have no more members than the bound alone', () => {
    expect(boundJsonWidth('{"a":1,"b":2,"c":3}', 3)).toBeUndefined();
    expect(boundJsonWidth('[{"a":1,"b":2},{"a":1,"b":2,"c":{"d":1}}]', 3)).toBeUndefined();
    // Colons inside strings are not members.
    expect(boundJsonWidth('{"a":"::::::","b":[":",":"]}', 3)).toBeUndefined();
  });

  it('keeps the first members of a wide object and says how many it left out', () => {
    expect(boundJsonWidth('{"a":1,"b":2,"c":3,"d":4,"e":{"f":[1,2]}}', 3)).toEqual({
      text: '{"a":1,"b":2,"c":3}',
      widest: 5,
      dropped: 2,
      duplicates: [],
    });
  });

  it('keeps every registered header parameter and claim after the bound, wherever it is written', () => {
    const r = boundJsonWidth('{"a":1,"b":2,"c":3,"d":4,"exp":5,"f":6,"alg":"none","g":{"kid":1}}', 3)!;
    expect(r.text).toBe('{"a":1,"b":2,"c":3,"exp":5,"alg":"none"}');
    expect(r.dropped).toBe(3);
    // A registered name spelt with escapes is the same name.
    expect(boundJsonWidth('{"a":1,"b":2,"c":3,"d":4,"\\u0065xp":5}', 3)!.text).toBe(
      '{"a":1,"b":2,"c":3,"\\u0065xp":5}',
    );
  });

  it('keeps the last occurrence of a repeated name, as JSON.parse of the original does', () => {
    // Kept early, repeated late: the late value wins in both.
    const r = boundJsonWidth('{"a":1,"b":2,"c":3,"d":4,"a":9}', 3)!;
    expect(r.text).toBe('{"a":1,"b":2,"c":3,"a":9}');
    expect(JSON.parse(r.text).a).toBe(9);
    expect(r.duplicates).toEqual([]);
  });

  it('reports a repeated name whose earlier occurrence it left out, the cut text holding only one', () => {
    const r = boundJsonWidth('{"x":{"a":1,"b":2,"c":3,"d":4,"e":5,"\\u0064":6},"y":[{"p":1}]}', 3)!;
    expect(r.text).toBe('{"x":{"a":1,"b":2,"c":3,"\\u0064":6},"y":[{"p":1}]}');
    expect(r.duplicates).toEqual([{ path: 'x', name: 'd' }]);
    expect(JSON.parse(r.text).x.d).toBe(6);
  });

  it('cuts each wide object on its own, nested ones too, and decides nothing inside a member it left out', () => {
    const inner = '{"a":1,"b":2,"c":3,"d":4}';
    const r = boundJsonWidth(`{"p":${inner},"q":[${inner}],"r":1,"s":${inner},"exp":2}`, 3)!;
    expect(r.text).toBe('{"p":{"a":1,"b":2,"c":3},"q":[{"a":1,"b":2,"c":3}],"r":1,"exp":2}');
    expect(r.widest).toBe(5);
    expect(r.dropped).toBe(3);
  });

  it('gives up on text that is not JSON, so JSON.parse of the original names the error', () => {
    for (const bad of [
      '{"a":1,"b":2,"c":3,"d":4,}',
      '{"a":1,"b":2,"c":3,"d":4',
      '{"a":1,"b":2,"c":3,"d":4}}',
      '{"a":1,"b":2,"c":3,"d":4,"e":"open',
      '{"a":1,"b":2,"c":3,"d":4,"e":tru}',
      '{"a":1,"b":2,"c":3,"d":4} x',
    ]) {
      expect(accepts(bad)).toBe(false);
      expect(boundJsonWidth(bad, 3)).toBeUndefined();
    }
  });

  it('agrees with JSON.parse of the original on every value it keeps, over 10,000 random objects', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const names = ['a', 'b', 'c', 'd', 'e', 'exp', 'sub', '\\u0061', 'k:', 'x"y', '{'];
    const object = (depth: number): string =>
      `{${Array.from({ length: rnd(9) }, () => `"${names[rnd(names.length)]}":${value(depth + 1)}`).join(',')}}`;
    const value = (depth: number): string => {
      const r = rnd(depth > 2 ? 3 : 6);
      if (r === 0) return String(rnd(100));
      if (r === 1) return `"${names[rnd(names.length)]}"`;
      if (r === 2) return 'null';
      if (r === 3) return `[${Array.from({ length: rnd(4) }, () => value(depth + 1)).join(',')}]`;
      return object(depth);
    };
    let cut = 0;
    for (let n = 0; n < 10_000; n++) {
      const text = object(0);
      const r = boundJsonWidth(text, 3);
      if (!r) continue;
      cut++;
      const orig = JSON.parse(text) as unknown;
      const read = JSON.parse(r.text) as unknown;
      expect(readsAsOriginal(read, orig), text).toBe(true);
      // At most 3 members plus the kept names and repeats of names (≤ the 11 names) per object.
      expect(widthOf(read)).toBeLessThanOrEqual(3 + names.length);
    }
    expect(cut).toBeGreaterThan(1_000);
  });
});

describe('decoding a token with an object of 100,000 members', () => {
  const members = Array.from({ length: 100_000 }, (_, i) => `"m${i}":${i}`).join(',');

  it('builds its first 10,000 members and every registered claim after them, and says so', () => {
    const payload = `{"sub":"wide",${members},"exp":2000000000,"m5":"again","m50000":"late"}`;
    const d = decodeToken(hs('{"alg":"HS256"}', payload));
    expect(d.kind).toBe('jws');
    expect(d.error).toBeUndefined();
    const p = d.payload as Record<string, unknown>;
    expect(p.sub).toBe('wide');
    expect(p.exp).toBe(2000000000);
    expect(p.m9998).toBe(9998);
    expect(p.m9999).toBeUndefined();
    // Repeats: the last value, as JSON.parse of the whole text gives; both reported as repeated.
    expect(p.m5).toBe('again');
    expect(p.m50000).toBe('late');
    expect(Object.keys(p)).toHaveLength(MAX_OBJECT_MEMBERS + 2);
    expect(d.segments[1]!.duplicates).toEqual(
      expect.arrayContaining([
        { path: '', name: 'm5' },
        { path: '', name: 'm50000' },
      ]),
    );
    expect(d.segments[1]!.duplicates).toHaveLength(2);
    // The text is kept whole: the JSON view and forging read it.
    expect(d.rawPayload).toBe(payload);
    expect(d.problems.map((x) => [x.code, x.message])).toEqual([
      [
        'payload-width',
        'payload JSON has an object of 100,004 members: read its first 10,000 and every registered or repeated name, 90,001 members left out (the JSON text shows them all)',
      ],
    ]);
  });

  it('reads a wide header the same way, its alg kept', () => {
    const d = decodeToken(hs(`{${members},"alg":"HS256","kid":"k1"}`, '{"sub":"x"}'));
    expect(d.error).toBeUndefined();
    expect(d.header).toMatchObject({ alg: 'HS256', kid: 'k1' });
    expect(d.problems.map((x) => x.code)).toEqual(['header-width']);
  });

  it('reports an invalid wide payload as not JSON, as before', () => {
    const d = decodeToken(hs('{"alg":"HS256"}', `{${members},}`));
    expect(d.payloadIsJson).toBe(false);
    expect(d.problems.map((p) => p.code)).toEqual(['payload-json']);
  });
});
