import { describe, expect, it } from 'vitest';
import { prettyJsonLines } from '../../lib/json-pretty.ts';
import { findDuplicateMembers, tokenizeJson } from '../../lib/json-text.ts';

const render = (text: string) =>
  prettyJsonLines(text)
    ?.map((l) => '  '.repeat(l.depth) + l.tokens.map((t) => (t.type === 'colon' ? ': ' : t.text)).join(''))
    .join('\n');

describe('prettyJsonLines', () => {
  it('re-indents without re-serialising: numbers, escapes and duplicates stay as written', () => {
    expect(render('{"a":1.0E+2,"b":"\\u00e9","a":[],"c":{"d":[true,null]}}')).toBe(
      [
        '{',
        '  "a": 1.0E+2,',
        '  "b": "\\u00e9",',
        '  "a": [],',
        '  "c": {',
        '    "d": [',
        '      true,',
        '      null',
        '    ]',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('marks member names as keys and string values as strings', () => {
    const types = tokenizeJson('{"k":"v"}').map((t) => t.type);
    expect(types).toEqual(['brace', 'key', 'colon', 'string', 'brace']);
  });

  it('returns null for text that is not JSON', () => {
    expect(prettyJsonLines('{"a":')).not.toBeNull(); // lexically fine, shown as far as it goes
    expect(prettyJsonLines("{'a':1}")).toBeNull();
    expect(prettyJsonLines('')).toBeNull();
  });

  it('finds duplicates per object, not across objects', () => {
    expect(findDuplicateMembers(tokenizeJson('{"a":{"x":1},"b":{"x":2}}'))).toEqual([]);
    expect(findDuplicateMembers(tokenizeJson('{"a":1,"a":2}'))).toEqual([{ path: '', name: 'a' }]);
    expect(findDuplicateMembers(tokenizeJson('{"\\u0061":1,"a":2}'))).toEqual([{ path: '', name: 'a' }]);
  });
});

describe('hasDuplicateMembers', () => {
  it('agrees with the full scan', async () => {
    const { hasDuplicateMembers } = await import('../../lib/json-text.ts');
    for (const text of [
      '{"a":1,"b":{"c":[{"d":1},{"d":2}]}}',
      '{"a":1,"a":2}',
      '{"x":{"y":1,"y":1}}',
      '{"s":"a\\":b","t":1}',
      '[{"a":1},{"a":1}]',
      '"just a string"',
      '{"\\u0061":1,"a":2}',
    ]) {
      const dup = findDuplicateMembers(tokenizeJson(text)).length > 0;
      expect(hasDuplicateMembers(text, JSON.parse(text)), text).toBe(dup);
    }
  });
});
