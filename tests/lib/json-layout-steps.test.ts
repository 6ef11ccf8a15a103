import { describe, expect, it } from 'vitest';
import { JsonLayoutBuilder, layoutJson } from '../../lib/json-pretty.ts';

const wide = `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
const nested = '{"a":[1,{"b":2},[]],"c":{"d":{"e":null}}, "f":"x"}';
const deep = `{"sub":"x","c":${'['.repeat(50_000)}1${']'.repeat(50_000)}}`;

// The closing line of each block, found by scanning the full layout's lines (what the view folds).
function scannedEnds(text: string): Map<number, number> {
  const { lines } = layoutJson(text)!;
  const ends = new Map<number, number>();
  const open: number[] = [];
  lines.forEach((line, i) => {
    const first = line.tokens[0]?.text;
    if (first === '}' || first === ']') {
      const at = open.pop();
      if (at !== undefined) ends.set(at, i);
    }
    const last = line.tokens.at(-1)?.text;
    if (last === '{' || last === '[') open.push(i);
  });
  return ends;
}

describe('JSON layout in steps', () => {
  it('knows where each block closes, as a scan of the lines finds it', () => {
    for (const text of [nested, deep, wide]) {
      const layout = layoutJson(text)!;
      expect(new Map(layout.ends)).toEqual(scannedEnds(text));
      expect(layout.shown).toBe(layout.lines.length);
    }
    // {"a": [ 1, {"b": 2}, [] ], "c": {"d": {"e": null}}, "f": "x"}
    expect([...layoutJson(nested)!.ends]).toEqual([
      [3, 5],
      [1, 7],
      [9, 11],
      [8, 12],
      [0, 14],
    ]);
  });

  it('counts without keeping lines: the same lines, depth, note, ends and closing lines', () => {
    for (const text of [nested, deep, wide]) {
      const full = layoutJson(text)!;
      const counter = new JsonLayoutBuilder(text, undefined, false);
      // In small steps, as the panel runs it between turns.
      while (!counter.step(Infinity, 1_000));
      const counted = counter.layout()!;
      expect(counted.lines).toHaveLength(0);
      expect(counted.shown).toBe(full.lines.length);
      expect(counted.total).toBe(full.total);
      expect(counted.depth).toBe(full.depth);
      expect(counted.note).toBe(full.note);
      expect(new Map(counted.ends)).toEqual(new Map(full.ends));
      for (const end of full.ends.values())
        expect(counter.closingText(end)).toBe(full.lines[end]!.tokens.map((t) => t.text).join(''));
    }
  });

  it('lays out only as far as asked, a page at a time', () => {
    const builder = new JsonLayoutBuilder(wide);
    expect(builder.step(501)).toBe(false);
    const first = builder.layout()!;
    expect(first.shown).toBe(501);
    expect(builder.position).toBeLessThan(wide.length / 100);
    expect(builder.closingText(100_001)).toBeUndefined();
    builder.step(Infinity);
    expect(builder.layout()!.shown).toBe(100_002);
    expect(builder.closingText(100_001)).toBe('}');
  });
});
