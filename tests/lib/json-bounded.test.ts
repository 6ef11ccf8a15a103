import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeAny, decodeToken } from '../../lib/decode-token.ts';
import { boundJsonDepth, isJsonValue, MAX_PARSE_DEPTH } from '../../lib/json-bounded.ts';

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
