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
