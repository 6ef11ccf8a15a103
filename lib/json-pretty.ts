import { tokenizeJson, type JsonToken } from './json-text.ts';

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
}

/**
 * {@link prettyJsonLines}, with everything nested deeper than `maxDepth` folded into one line per
 * run (iterative, linear in the text): hostile nesting costs one line, not thousands of DOM nodes.
 */
export function layoutJson(text: string, maxDepth = MAX_SHOWN_DEPTH): JsonLayout | null {
  const all = prettyJsonLines(text);
  if (!all) return null;
  let depth = 0;
  const lines: JsonLayout['lines'] = [];
  let hidden: (PrettyLine & { elided: number }) | undefined;
  let level = 0;
  for (const line of all) {
    for (const t of line.tokens) {
      if (t.text === '{' || t.text === '[') {
        if (++level > depth) depth = level;
      } else if (t.text === '}' || t.text === ']') level--;
    }
    if (line.depth > maxDepth) {
      if (!hidden) {
        hidden = { depth: maxDepth + 1, tokens: [], elided: 0 };
        lines.push(hidden);
      }
      hidden.elided++;
      continue;
    }
    hidden = undefined;
    lines.push(line);
  }
  const out: JsonLayout = { lines, depth, total: all.length };
  if (depth > maxDepth) out.note = `JSON nested ${depth.toLocaleString('en-US')} deep: shown to depth ${maxDepth}`;
  return out;
}
