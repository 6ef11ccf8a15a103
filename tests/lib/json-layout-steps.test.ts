import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonLayoutBuilder, layoutJson, prettyJsonLines } from '../../lib/json-pretty.ts';

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

// The layout folded by hand from the unfolded lines: what the builder must give at any depth.
function folded(text: string, maxDepth: number) {
  const all = prettyJsonLines(text);
  if (!all) return null;
  const lines: { depth: number; text: string; elided?: number }[] = [];
  let run: { depth: number; text: string; elided: number } | undefined;
  for (const line of all) {
    if (line.depth > maxDepth) {
      if (!run) lines.push((run = { depth: maxDepth + 1, text: '', elided: 0 }));
      run.elided++;
    } else {
      run = undefined;
      lines.push({ depth: line.depth, text: line.tokens.map((t) => `${t.type}:${t.start}:${t.text}`).join(' ') });
    }
  }
  let level = 0;
  let deepest = 0;
  for (const line of all)
    for (const t of line.tokens)
      if (t.text === '{' || t.text === '[') deepest = Math.max(deepest, ++level);
      else if (t.text === '}' || t.text === ']') level--;
  return { lines, total: all.length, depth: deepest };
}

const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1', '-2.5e3', 'true', 'null', '"s"', '"[{,:}]"', '"\\u005b"', '[]', '{}', '[ ]', '{\n}'),
    fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
    fc
      .array(fc.tuple(fc.constantFrom('"a"', '"b"', '"]"'), tie('value')), { maxLength: 4 })
      .map((ms) => `{${ms.map(([k, v]) => `${k}:${v}`).join(',')}}`),
  ),
})).value;
// Whitespace between lexemes, and now and then a stray lexeme or a character no JSON has.
const spaced = fc
  .tuple(jsonish, fc.array(fc.constantFrom(' ', '\n', '\t ', '', '', ''), { minLength: 64, maxLength: 64 }))
  .map(([text, ws]) => text.replace(/([[\]{},:])/g, (m, _c, at: number) => (ws[at % 64]! ? `${m}${ws[at % 64]}` : m)));
const hostile = fc.oneof(
  { weight: 8, arbitrary: spaced },
  spaced.map((t) => `${t}]]`),
  spaced.map((t) => `${t.slice(0, t.length >> 1)}@${t.slice(t.length >> 1)}`),
  fc.constant(`${'['.repeat(300)}${'{"k":'.repeat(50)}1${'}'.repeat(50)}${']'.repeat(300)}`),
  // Runs of brackets (counted a run at a time) ending in an empty array, with and without whitespace.
  fc.constantFrom(
    `${'['.repeat(40)}]${']'.repeat(39)}`,
    `${'['.repeat(40)} \n]${']'.repeat(39)}`,
    `{"a":${'['.repeat(12)}[ ]${']'.repeat(12)}}`,
    `[${'['.repeat(20)}1${']'.repeat(20)},${'['.repeat(20)}${']'.repeat(20)}]`,
  ),
);

describe('JSON layout beyond the shown depth', () => {
  it('counts deep lines without tokens exactly as the unfolded lines fold, in any steps', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 40 }), (text, maxDepth, step) => {
        const want = folded(text, maxDepth);
        for (const keep of [true, false]) {
          const builder = new JsonLayoutBuilder(text, maxDepth, keep);
          while (!builder.step(Infinity, step));
          const got = builder.layout();
          if (!want) {
            expect(got).toBeNull();
            continue;
          }
          expect(got).not.toBeNull();
          expect(got!.total).toBe(want.total);
          expect(got!.depth).toBe(want.depth);
          expect(got!.shown).toBe(want.lines.length);
          // Each shown block's closing line, as a scan of the folded lines finds it.
          const ends = new Map<number, number>();
          const open: number[] = [];
          want.lines.forEach((line, i) => {
            if (line.elided !== undefined) return;
            const texts = line.text.split(' ').map((t) => t.slice(t.indexOf(':', t.indexOf(':') + 1) + 1));
            if (texts[0] === '}' || texts[0] === ']') {
              const at = open.pop();
              if (at !== undefined) ends.set(at, i);
            }
            if (texts.at(-1) === '{' || texts.at(-1) === '[') open.push(i);
          });
          expect(new Map(got!.ends)).toEqual(ends);
          if (keep)
            expect(
              got!.lines.map((l) =>
                l.elided !== undefined
                  ? { depth: l.depth, text: '', elided: l.elided }
                  : { depth: l.depth, text: l.tokens.map((t) => `${t.type}:${t.start}:${t.text}`).join(' ') },
              ),
            ).toEqual(want.lines);
        }
      }),
      { numRuns: 600 },
    );
  });
});
