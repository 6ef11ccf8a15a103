import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTextError, removeJsonMember, setJsonMember } from '../../../lib/forge/index.ts';

// What the editor's check accepts: a JSON object as JSON.parse reads it, no value in more than 512 containers.
function acceptable(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const depthOk = (v: unknown, enclosing: number): boolean =>
    enclosing <= 512 &&
    (typeof v !== 'object' || v === null || Object.values(v).every((m) => depthOk(m, enclosing + 1)));
  return depthOk(value, 0);
}

describe('jsonTextError', () => {
  it('is undefined for a JSON object, whatever its spelling', () => {
    for (const t of ['{}', ' {"a":1.0e3,"a":"\\u00e9"} ', '{\n\t"x": [1, {"y": null}]\n}\n'])
      expect(jsonTextError(t, 'payload')).toBeUndefined();
  });
  it.each([
    ['{"a":1,}', 1, 7, 'trailing comma before "}"'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}", found "\\"b\\""'],
    ['{"a" 1}', 1, 6, 'expected ":" after the member name, found "1"'],
    ["{'a':1}", 1, 2, 'unexpected character "\'"'],
    ['{"a":"x\ny"}', 1, 6, 'unterminated string or bad escape / control character in it'],
    ['{"a":1', 1, 7, 'expected "," or "}", found the end of the text'],
    ['{"a":1} x', 1, 9, 'unexpected "x" after the JSON value'],
    ['{"a":1}{}', 1, 8, 'unexpected "{" after the JSON value'],
    ['', 1, 1, 'a value is missing at the end of the text'],
    ['[1,2]', 1, 1, 'the header must be a JSON object ({ … })'],
    ['{"a":tru}', 1, 6, 'unexpected character "t"'],
  ])('%j → line %i, column %i: %s', (text, line, column, why) => {
    const e = jsonTextError(text, 'header');
    expect(e).toMatchObject({ code: 'header-json', part: 'header', line, column });
    expect(e?.message).toBe(`header JSON, line ${line}, column ${column}: ${why}`);
  });
  it('uses the payload code for the payload', () => {
    expect(jsonTextError('{', 'payload')).toMatchObject({ code: 'payload-json', part: 'payload' });
  });
  it('does not throw on deep nesting', () => {
    expect(jsonTextError(`{"a":${'['.repeat(5000)}`, 'payload')?.message).toMatch(/nested too deeply/);
  });
  it('accepts exactly the JSON objects JSON.parse reads, up to 512 containers around a value', () => {
    // Whole values, then texts one edit away from them (the typing the workbench sees).
    const edit = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom('', ',', ':', '"', '{', '}', '[', ']', '\\', '0', '-', 'e', ' ', '\n', '\u0001'),
      )
      .map(([t, at, ch]) => {
        const i = at % (t.length + 1);
        return at % 2 ? t.slice(0, i) + ch + t.slice(i) : t.slice(0, i) + ch + t.slice(i + 1);
      });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          edit,
          fc.json().map((t) => `{"v":${t}}`),
        ),
        (text) => {
          expect(jsonTextError(text, 'payload') === undefined).toBe(acceptable(text));
        },
      ),
      { numRuns: 3000 },
    );
    for (const n of [510, 511, 512, 513, 514]) {
      const nested = `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
      const arrays = `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;
      expect(jsonTextError(nested, 'payload') === undefined, `${n} objects`).toBe(acceptable(nested));
      expect(jsonTextError(arrays, 'payload') === undefined, `${n} arrays`).toBe(acceptable(arrays));
    }
  });
  it('checks a megabyte object without tokenizing it, and still names where a broken one breaks', () => {
    const members = Array.from({ length: 100_000 }, (_, i) => `"m${i}":${i}`).join(',\n');
    expect(jsonTextError(`{${members}}`, 'payload')).toBeUndefined();
    expect(jsonTextError(`{${members},}`, 'payload')).toMatchObject({ line: 100_000, column: 15 });
  });
});

describe('setJsonMember', () => {
  it('replaces only the value, every other byte as typed', () => {
    const t = '{ "alg" :  "RS256",\t"n": 1.0e3, "s": "\\u00e9" }';
    expect(setJsonMember(t, 'alg', '"HS256"')).toBe('{ "alg" :  "HS256",\t"n": 1.0e3, "s": "\\u00e9" }');
  });
  it('replaces nested values whole', () => {
    expect(setJsonMember('{"jwk":{"kty":"EC","x":[1,{"y":2}]},"b":1}', 'jwk', '{"kty":"RSA"}')).toBe(
      '{"jwk":{"kty":"RSA"},"b":1}',
    );
  });
  it('sets every occurrence of a repeated name, and only top-level ones', () => {
    expect(setJsonMember('{"a":1,"o":{"a":5},"a":2}', 'a', '3')).toBe('{"a":3,"o":{"a":5},"a":3}');
  });
  it('matches escaped member names', () => {
    expect(setJsonMember('{"\\u0061lg":"x"}', 'alg', '"none"')).toBe('{"\\u0061lg":"none"}');
  });
  it('appends an absent member in the object’s layout', () => {
    expect(setJsonMember('{"alg":"HS256"}', 'kid', '"k"')).toBe('{"alg":"HS256","kid":"k"}');
    expect(setJsonMember('{"a": 1, "b": 2}', 'c', '3')).toBe('{"a": 1, "b": 2, "c": 3}');
    expect(setJsonMember('{\n  "sub": "x",\n  "iat": 1\n}', 'exp', '2')).toBe(
      '{\n  "sub": "x",\n  "iat": 1,\n  "exp": 2\n}',
    );
    expect(setJsonMember('{}', 'a', '1')).toBe('{"a":1}');
    expect(setJsonMember('{\n}', 'a', '1')).toBe('{\n  "a": 1\n}');
  });
  it('leaves text that is not a JSON object alone', () => {
    expect(setJsonMember('{"a":', 'a', '1')).toBe('{"a":');
    expect(setJsonMember('[1]', 'a', '1')).toBe('[1]');
  });
});

describe('removeJsonMember', () => {
  it('removes a member with its comma, wherever it is', () => {
    expect(removeJsonMember('{"aud":"x","sub":"y"}', 'aud')).toBe('{"sub":"y"}');
    expect(removeJsonMember('{"sub":"y", "aud":["a","b"]}', 'aud')).toBe('{"sub":"y"}');
    expect(removeJsonMember('{"sub":"y","aud":"x","iat":1}', 'aud')).toBe('{"sub":"y","iat":1}');
    expect(removeJsonMember('{ "aud": 1 }', 'aud')).toBe('{  }');
  });
  it('removes every occurrence, keeps the rest byte-identical', () => {
    expect(removeJsonMember('{\n  "aud": 1,\n  "n": 1.0e3,\n  "aud": 2\n}', 'aud')).toBe('{\n  "n": 1.0e3\n}');
  });
  it('leaves text without the member, or not an object, alone', () => {
    expect(removeJsonMember('{"o":{"aud":1}}', 'aud')).toBe('{"o":{"aud":1}}');
    expect(removeJsonMember('nope', 'aud')).toBe('nope');
  });
});
