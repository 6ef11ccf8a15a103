import { describe, expect, it } from 'vitest';
import { layoutJson, MAX_SHOWN_DEPTH } from '../../lib/json-pretty.ts';
import {
  findDuplicateMembers,
  hasDuplicateMembers,
  memberLexeme,
  parseJson,
  tokenizeJson,
} from '../../lib/json-text.ts';

const DEEP = 50_000;
const deepArray = `${'['.repeat(DEEP)}1${']'.repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
const wide = `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;

describe('JSON text at hostile depth and width', () => {
  it('lays out JSON nested 50,000 deep to depth 64, saying so', () => {
    for (const text of [deepArray, deepObject, `{"exp":${deepArray}}`]) {
      const layout = layoutJson(text)!;
      expect(layout.depth).toBe(text.startsWith('{"exp"') ? DEEP + 1 : DEEP);
      expect(layout.note).toBe(`JSON nested ${layout.depth.toLocaleString('en-US')} deep: shown to depth 64`);
      expect(Math.max(...layout.lines.map((l) => l.depth))).toBe(MAX_SHOWN_DEPTH + 1);
      // Opening and closing lines down to depth 64, one elision line between: never 100,000 lines.
      expect(layout.lines.length).toBeLessThan(2 * MAX_SHOWN_DEPTH + 5);
      const elided = layout.lines.filter((l) => l.elided !== undefined);
      expect(elided).toHaveLength(1);
      expect(elided[0]!.elided! + layout.lines.length - 1).toBe(layout.total);
    }
  });

  it('keeps shallow JSON whole and without a note', () => {
    const layout = layoutJson('{"a":[1,{"b":2}]}')!;
    expect(layout.depth).toBe(3);
    expect(layout.note).toBeUndefined();
    expect(layout.lines).toHaveLength(layout.total);
  });

  it('tokenizes, screens and searches 50,000-deep and 100,000-wide JSON without overflowing', () => {
    for (const text of [deepArray, deepObject, wide]) {
      const parsed = parseJson(text, 'payload');
      expect(parsed.ok).toBe(true);
      const tokens = tokenizeJson(text);
      expect(tokens.some((t) => t.type === 'invalid')).toBe(false);
      expect(findDuplicateMembers(tokens)).toEqual([]);
      expect(hasDuplicateMembers(text, parsed.ok ? parsed.value : undefined)).toBe(false);
      expect(memberLexeme(text, 'k99999')).toBe(text === wide ? '99999' : undefined);
    }
    expect(layoutJson(wide)!.lines).toHaveLength(100_002);
  });
});
