import { JsonLexer, tokenizeJson, type JsonToken } from './json-text.ts';

/** One line of pretty-printed JSON: its nesting depth and its lexemes in original spelling. */
export interface PrettyLine {
  depth: number;
  tokens: JsonToken[];
}

/**
 * Lays out JSON text one member per line, keeping every lexeme exactly as written (numbers,
 * escapes and duplicate members included): JSON is re-indented, never re-serialised.
 * Returns null when the text is not a single JSON value.
 */
export function prettyJsonLines(text: string): PrettyLine[] | null {
  const tokens = tokenizeJson(text);
  if (tokens.length === 0 || tokens.some((t) => t.type === 'invalid')) return null;
  const lines: PrettyLine[] = [];
  let line: PrettyLine = { depth: 0, tokens: [] };
  let depth = 0;
  const newline = (d: number) => {
    if (line.tokens.length) lines.push(line);
    line = { depth: d, tokens: [] };
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const open = t.text === '{' || t.text === '[';
    const close = t.text === '}' || t.text === ']';
    if (open) {
      const next = tokens[i + 1];
      if (next && (next.text === '}' || next.text === ']')) {
        line.tokens.push(t, next);
        i++;
        continue;
      }
      line.tokens.push(t);
      depth++;
      newline(depth);
    } else if (close) {
      depth = Math.max(0, depth - 1);
      newline(depth);
      line.tokens.push(t);
    } else if (t.type === 'comma') {
      line.tokens.push(t);
      newline(depth);
    } else {
      line.tokens.push(t);
    }
  }
  newline(0);
  return lines;
}

/** Deepest nesting shown by {@link layoutJson} unless told otherwise. */
export const MAX_SHOWN_DEPTH = 64;

/** Pretty-printed JSON cut to a depth: the lines to show, and what was left out. */
export interface JsonLayout {
  /** Lines to show; a line with `elided` stands for that many hidden lines nested deeper. */
  lines: (PrettyLine & { elided?: number })[];
  /** Deepest nesting of the text (0 for a scalar). */
  depth: number;
  /** Number of lines of the full layout. */
  total: number;
  /** Why not everything is shown, e.g. "JSON nested 50,000 deep: shown to depth 64". */
  note?: string;
  /** For each shown line that opens an object or array, the index of the shown line that closes it. */
  ends: ReadonlyMap<number, number>;
  /** Lines shown so far (an elided run counts one): `lines.length`, unless lines are only counted. */
  shown: number;
}

/**
 * {@link prettyJsonLines}, with everything nested deeper than `maxDepth` folded into one line per
 * run (iterative, linear in the text): hostile nesting costs one line, not thousands of DOM nodes.
 */
export function layoutJson(text: string, maxDepth = MAX_SHOWN_DEPTH): JsonLayout | null {
  const builder = new JsonLayoutBuilder(text, maxDepth);
  builder.step(Infinity);
  return builder.layout();
}

/**
 * {@link layoutJson} built a piece at a time: {@link step} lays out lines until it has enough for
 * what is drawn (or has read its share of lexemes), and a later call goes on from there, so a
 * 100,000-member payload shows its first page without the whole text being laid out first. The
 * lines are the same, in the same spelling, as one call of `layoutJson` gives. With `keepLines`
 * false it only counts: lines, depth, block ends and each closing line's text, without holding a
 * million lexemes for the garbage collector to copy.
 */
export class JsonLayoutBuilder {
  private readonly lexer: JsonLexer;
  private readonly lines: JsonLayout['lines'] = [];
  private readonly ends = new Map<number, number>();
  // The text of each closing line whose opening line is shown (when lines are only counted).
  private readonly closings = new Map<number, string>();
  private shown = 0;
  // Shown lines whose block is still open (their closing line is not laid out yet).
  private readonly open: number[] = [];
  private line: PrettyLine = { depth: 0, tokens: [] };
  private depth = 0;
  private deepest = 0;
  private level = 0;
  private total = 0;
  private hidden: (PrettyLine & { elided: number }) | undefined;
  private sawToken = false;
  // Lexemes of the line being laid out that were counted, not kept (a line nested deeper than shown).
  private pending = 0;
  private invalid = false;
  private finished = false;

  constructor(
    text: string,
    private readonly maxDepth = MAX_SHOWN_DEPTH,
    private readonly keepLines = true,
  ) {
    this.lexer = new JsonLexer(text);
  }

  /** True once the whole text is laid out (or found not to be JSON). */
  get done(): boolean {
    return this.finished;
  }

  /** Characters of the text read so far. */
  get position(): number {
    return this.lexer.position;
  }

  /**
   * Lays out more: stops once at least `minLines` lines are shown (elided runs count one) or
   * `maxTokens` lexemes have been read, whichever comes first. Returns {@link done}.
   */
  step(minLines: number, maxTokens = Infinity): boolean {
    let read = 0;
    while (!this.finished && this.shown < minLines && read < maxTokens) {
      // A line nested deeper than shown: its lexemes are only counted, without making tokens.
      if (this.line.depth > this.maxDepth) {
        read += this.skipHidden(maxTokens - read);
        continue;
      }
      const t = this.lexer.next();
      read++;
      if (!t) {
        this.newline(0);
        this.finished = true;
        break;
      }
      if (t.type === 'invalid') {
        this.invalid = true;
        this.finished = true;
        break;
      }
      this.sawToken = true;
      const open = t.text === '{' || t.text === '[';
      const close = t.text === '}' || t.text === ']';
      if (open) {
        const next = this.lexer.peek();
        if (next && (next.text === '}' || next.text === ']')) {
          this.line.tokens.push(t, this.lexer.next()!);
          read++;
          continue;
        }
        this.line.tokens.push(t);
        this.depth++;
        this.newline(this.depth);
      } else if (close) {
        this.depth = Math.max(0, this.depth - 1);
        this.newline(this.depth);
        this.line.tokens.push(t);
      } else if (t.type === 'comma') {
        this.line.tokens.push(t);
        this.newline(this.depth);
      } else {
        this.line.tokens.push(t);
      }
    }
    return this.finished;
  }

  /**
   * The layout so far: complete once {@link done}, else the lines laid out yet (`total` and the
   * depth note count only those). Null when the text is not a single JSON value.
   */
  layout(): JsonLayout | null {
    if (this.invalid || (this.finished && !this.sawToken)) return null;
    const out: JsonLayout = {
      lines: this.lines,
      depth: this.deepest,
      total: this.total,
      ends: this.ends,
      shown: this.shown,
    };
    if (this.deepest > this.maxDepth)
      out.note = `JSON nested ${this.deepest.toLocaleString('en-US')} deep: shown to depth ${this.maxDepth}`;
    return out;
  }

  private newline(depth: number): void {
    const line = this.line;
    if (line.tokens.length || this.pending) this.emit(line);
    this.pending = 0;
    // A line without tokens (one only counted) is kept nowhere: it is used again.
    if (line.tokens.length) this.line = { depth, tokens: [] };
    else line.depth = depth;
  }

  /**
   * Lays out lines nested deeper than `maxDepth` (which are only counted into their elided run)
   * from character codes, without a token object per lexeme: a claim nested 50,000 deep is
   * 100,000 lexemes, and making each one cost the panel's first draw of it 100 ms (issue 9). The
   * lines, depths and counts are those the lexeme-by-lexeme path gives; the nesting level is
   * counted as each lexeme is read, as {@link emit} counts it for a shown line. Returns the
   * lexemes read; stops at `budget` or when the line being laid out is shown again.
   */
  private skipHidden(budget: number): number {
    const lexer = this.lexer;
    const max = this.maxDepth;
    // The builder's state in locals for the loop (written back on every way out).
    let depth = this.depth;
    let level = this.level;
    let deepest = this.deepest;
    let pending = this.pending;
    let total = this.total;
    let run = this.hidden;
    let read = 0;
    let saw = false;
    while (read < budget) {
      let c = lexer.nextStructural();
      if (c === 0) {
        const t = lexer.next();
        if (!t) c = -1;
        else if (t.type === 'invalid') {
          this.invalid = true;
          this.finished = true;
          return read + 1;
        } else if (t.type === 'brace' || t.type === 'bracket' || t.type === 'colon' || t.type === 'comma')
          c = t.text.charCodeAt(0);
        else {
          read++;
          saw = true;
          pending++;
          continue;
        }
      }
      read++;
      if (c === -1) {
        this.keep(depth, level, deepest, pending, total, saw);
        this.newline(0);
        this.finished = true;
        return read;
      }
      saw = true;
      if (c === 123 || c === 91) {
        if (++level > deepest) deepest = level;
        if (lexer.closesNext()) {
          lexer.nextStructural();
          read++;
          level--;
          pending += 2;
          continue;
        }
        // The opener ends its line, and the next line is deeper still: one more line of the run.
        depth++;
        total++;
        (run ??= this.startRun()).elided++;
        pending = 0;
        // A run of `[` right behind it (hostile nesting): each one the same, counted at once (an
        // empty array's opener stays for the loop: it shares its line with its closer).
        const k = lexer.bracketRun(91, budget - read);
        if (k) {
          read += k;
          level += k;
          if (level > deepest) deepest = level;
          depth += k;
          total += k;
          run.elided += k;
        }
      } else if (c === 125 || c === 93) {
        // The closer starts a line: the one before it ends (if it holds anything).
        depth = depth > 0 ? depth - 1 : 0;
        if (pending) {
          total++;
          (run ??= this.startRun()).elided++;
        }
        if (depth > max) {
          level--;
          pending = 1;
          // A run of `]` right behind it, each closing a hidden line as this one did, while they stay hidden.
          if (depth - 1 > max) {
            const k = lexer.bracketRun(93, Math.min(budget - read, depth - 1 - max));
            read += k;
            depth -= k;
            level -= k;
            total += k;
            (run ??= this.startRun()).elided += k;
          }
        } else {
          // Shown again: the closer is the first lexeme of a shown line, laid out as usual.
          this.keep(depth, level, deepest, 0, total, saw);
          this.line.depth = depth;
          this.line.tokens.push({
            type: c === 125 ? 'brace' : 'bracket',
            text: String.fromCharCode(c),
            start: lexer.position - 1,
          });
          return read;
        }
      } else if (c === 44) {
        // A comma ends its line; the next is as deep.
        total++;
        (run ??= this.startRun()).elided++;
        pending = 0;
      } else pending++;
    }
    this.keep(depth, level, deepest, pending, total, saw);
    return read;
  }

  // skipHidden's locals written back.
  private keep(depth: number, level: number, deepest: number, pending: number, total: number, saw: boolean): void {
    this.depth = depth;
    this.level = level;
    this.deepest = deepest;
    this.pending = pending;
    this.total = total;
    this.sawToken ||= saw;
  }

  // The line standing for a run of lines nested deeper than shown.
  private startRun(): PrettyLine & { elided: number } {
    this.hidden = { depth: this.maxDepth + 1, tokens: [], elided: 0 };
    this.push(this.hidden);
    return this.hidden;
  }

  // One finished line of the full layout: kept, or counted into the elided run it belongs to.
  private emit(line: PrettyLine): void {
    this.total++;
    for (const t of line.tokens) {
      if (t.text === '{' || t.text === '[') {
        if (++this.level > this.deepest) this.deepest = this.level;
      } else if (t.text === '}' || t.text === ']') this.level--;
    }
    if (line.depth > this.maxDepth) {
      (this.hidden ??= this.startRun()).elided++;
      return;
    }
    this.hidden = undefined;
    // Folding: a line starting with a closer ends the innermost open block, one ending with an opener starts one.
    const first = line.tokens[0]!.text;
    if (first === '}' || first === ']') {
      const at = this.open.pop();
      if (at !== undefined) {
        this.ends.set(at, this.shown);
        if (!this.keepLines) this.closings.set(this.shown, line.tokens.map((t) => t.text).join(''));
      }
    }
    const last = line.tokens[line.tokens.length - 1]!.text;
    if (last === '{' || last === '[') this.open.push(this.shown);
    this.push(line);
  }

  private push(line: JsonLayout['lines'][number]): void {
    this.shown++;
    if (this.keepLines) this.lines.push(line);
  }

  /** The text of shown line `index` as written: any kept line, or a counted line that closes a block. */
  closingText(index: number): string | undefined {
    const kept = this.lines[index];
    return kept ? kept.tokens.map((t) => t.text).join('') : this.closings.get(index);
  }
}
