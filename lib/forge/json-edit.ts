import type { ErrorCode } from '../error-codes.ts';
import { isJsonValue } from '../json-bounded.ts';
import { tokenizeJson, whitespaceEnd, type JsonToken } from '../json-text.ts';

/** Where typed header or payload JSON stops being JSON (line and column are 1-based). */
export interface JsonTextError {
  code: ErrorCode;
  message: string;
  part: 'header' | 'payload';
  line: number;
  column: number;
  /** Offset in the text (UTF-16 units). */
  offset: number;
}

class SyntaxAt {
  constructor(
    readonly offset: number,
    readonly why: string,
  ) {}
}

function describe(t: JsonToken | undefined): string {
  if (!t) return 'the end of the text';
  const shown = t.text.length > 20 ? `${t.text.slice(0, 20)}…` : t.text;
  return JSON.stringify(shown);
}

/** How many containers a value of typed JSON may lie in (the check's recursion bound). */
const MAX_EDIT_DEPTH = 512;

// A recursive-descent check over the tokenizer's lexemes: it names the first offending lexeme,
// which JSON.parse's engine-specific messages do not do consistently.
function check(text: string, tokens: JsonToken[]): void {
  let i = 0;
  const end = text.length;
  const at = (t: JsonToken | undefined) => (t ? t.start : end);
  const invalid = (t: JsonToken): never => {
    const ch = t.text[0]!;
    if (ch === '"') throw new SyntaxAt(t.start, 'unterminated string or bad escape / control character in it');
    throw new SyntaxAt(t.start, `unexpected character ${JSON.stringify(ch)}`);
  };
  const value = (depth: number): void => {
    if (depth > MAX_EDIT_DEPTH) throw new SyntaxAt(at(tokens[i]), 'nested too deeply');
    const t = tokens[i];
    if (!t) throw new SyntaxAt(end, 'a value is missing at the end of the text');
    if (t.type === 'invalid') invalid(t);
    if (t.text === '{') {
      i++;
      if (tokens[i]?.text === '}') {
        i++;
        return;
      }
      for (;;) {
        const k = tokens[i];
        if (k?.type === 'invalid') invalid(k);
        if (k?.type !== 'key') throw new SyntaxAt(at(k), `expected a member name in quotes, found ${describe(k)}`);
        i++;
        const c = tokens[i];
        if (c?.type === 'invalid') invalid(c);
        if (c?.type !== 'colon') throw new SyntaxAt(at(c), `expected ":" after the member name, found ${describe(c)}`);
        i++;
        value(depth + 1);
        const n = tokens[i];
        if (n?.type === 'invalid') invalid(n);
        if (n?.text === ',') {
          i++;
          if (tokens[i]?.text === '}') throw new SyntaxAt(at(n), 'trailing comma before "}"');
          continue;
        }
        if (n?.text === '}') {
          i++;
          return;
        }
        throw new SyntaxAt(at(n), `expected "," or "}", found ${describe(n)}`);
      }
    }
    if (t.text === '[') {
      i++;
      if (tokens[i]?.text === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        const n = tokens[i];
        if (n?.type === 'invalid') invalid(n);
        if (n?.text === ',') {
          i++;
          if (tokens[i]?.text === ']') throw new SyntaxAt(at(n), 'trailing comma before "]"');
          continue;
        }
        if (n?.text === ']') {
          i++;
          return;
        }
        throw new SyntaxAt(at(n), `expected "," or "]", found ${describe(n)}`);
      }
    }
    if (t.type === 'string' || t.type === 'number' || t.type === 'literal') {
      i++;
      return;
    }
    throw new SyntaxAt(t.start, `unexpected ${describe(t)}`);
  };
  value(0);
  const rest = tokens[i];
  if (rest) throw new SyntaxAt(rest.start, `unexpected ${describe(rest)} after the JSON value`);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Why typed header or payload text is not a JSON object, with the 1-based line and column of the
 * first offending character; undefined when it is one. Never throws.
 */
export function jsonTextError(text: string, part: 'header' | 'payload'): JsonTextError | undefined {
  // Most texts are fine: one scan that builds nothing says so (the same lexemes and depth bound as
  // the check below), so a megabyte payload costs milliseconds, not a token array. Only a text
  // that is not a JSON object is tokenized, to name where it stops being one.
  if (text.charCodeAt(whitespaceEnd(text)) === 123 /* { */ && isJsonValue(text, 0, text.length, MAX_EDIT_DEPTH))
    return undefined;
  const code: ErrorCode = part === 'header' ? 'header-json' : 'payload-json';
  const tokens = tokenizeJson(text);
  let error: SyntaxAt | undefined;
  try {
    check(text, tokens);
  } catch (e) {
    if (!(e instanceof SyntaxAt)) throw e;
    error = e;
  }
  if (!error && tokens[0]?.text !== '{')
    error = new SyntaxAt(tokens[0]?.start ?? 0, `the ${part} must be a JSON object ({ … })`);
  if (!error) return undefined;
  const { line, column } = lineColumn(text, error.offset);
  return {
    code,
    message: `${part} JSON, line ${line}, column ${column}: ${error.why}`,
    part,
    line,
    column,
    offset: error.offset,
  };
}

interface Member {
  /** Offset of the member name. */
  keyStart: number;
  /** Offset just past the value. */
  valueEnd: number;
  valueStart: number;
}

function memberName(text: string): string {
  if (!text.includes('\\')) return text.slice(1, -1);
  try {
    return JSON.parse(text) as string;
  } catch {
    return text;
  }
}

// The top-level members of a JSON object text, by name, with the spans of their values.
function topMembers(text: string): { members: (Member & { name: string })[]; close: number; open: number } | undefined {
  const tokens = tokenizeJson(text);
  try {
    check(text, tokens);
  } catch {
    return undefined;
  }
  if (tokens[0]?.text !== '{') return undefined;
  const members: (Member & { name: string })[] = [];
  let depth = 0;
  let close = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '{' || t.text === '[') depth++;
    else if (t.text === '}' || t.text === ']') {
      depth--;
      if (depth === 0) close = t.start;
    } else if (depth === 1 && t.type === 'key') {
      const first = tokens[i + 2]!;
      let j = i + 2;
      if (first.text === '{' || first.text === '[') {
        let d = 0;
        for (; j < tokens.length; j++) {
          const x = tokens[j]!.text;
          if (x === '{' || x === '[') d++;
          else if (x === '}' || x === ']') d--;
          if (d === 0) break;
        }
      }
      const last = tokens[j]!;
      members.push({
        name: memberName(t.text),
        keyStart: t.start,
        valueStart: first.start,
        valueEnd: last.start + last.text.length,
      });
    }
  }
  return { members, close, open: tokens[0].start };
}

/**
 * Sets a top-level member of JSON object text to `jsonValue` (JSON text, inserted as given) by
 * editing the text: every other byte stays as typed. Every occurrence of a repeated name is set;
 * an absent member is appended in the object's own layout. Text that is not a JSON object is
 * returned unchanged.
 */
export function setJsonMember(text: string, name: string, jsonValue: string): string {
  const found = topMembers(text);
  if (!found) return text;
  const hits = found.members.filter((m) => m.name === name);
  if (hits.length > 0) {
    let out = text;
    for (const m of [...hits].reverse()) out = out.slice(0, m.valueStart) + jsonValue + out.slice(m.valueEnd);
    return out;
  }
  const key = JSON.stringify(name);
  const first = found.members[0];
  const lastMember = found.members[found.members.length - 1];
  if (!first || !lastMember) {
    const inner = text.slice(found.open + 1, found.close);
    const nl = /\n/.test(inner);
    const member = nl ? `\n  ${key}: ${jsonValue}\n` : `${key}:${jsonValue}`;
    return text.slice(0, found.open + 1) + member + text.slice(found.close);
  }
  // Copy the layout of the first member: its indentation and the spacing around its colon.
  const before = text.slice(text.lastIndexOf('\n', first.keyStart) + 1, first.keyStart);
  const multiline = text.slice(found.open, first.keyStart).includes('\n');
  const colonGap = text.slice(first.keyStart, first.valueStart).replace(/^"(?:[^"\\]|\\.)*"/, '');
  const sameLine = /^[ \t]*$/.test(before) ? before : '';
  const spacedComma =
    found.members[1] !== undefined && /,[ \t]+$/.test(text.slice(first.valueEnd, found.members[1].keyStart));
  const sep = multiline ? `,\n${sameLine}` : spacedComma ? ', ' : ',';
  return text.slice(0, lastMember.valueEnd) + sep + key + colonGap + jsonValue + text.slice(lastMember.valueEnd);
}

/**
 * Removes every top-level occurrence of a member from JSON object text, with its comma, leaving
 * the other bytes as typed. Text that is not a JSON object, or lacks the member, is returned unchanged.
 */
export function removeJsonMember(text: string, name: string): string {
  let out = text;
  // One occurrence at a time, re-reading the text: offsets stay right whatever the neighbours.
  for (let guard = 0; guard < 10_000; guard++) {
    const found = topMembers(out);
    if (!found) return out;
    const k = found.members.findIndex((m) => m.name === name);
    if (k < 0) return out;
    const m = found.members[k]!;
    const next = found.members[k + 1];
    const prev = found.members[k - 1];
    if (next) out = out.slice(0, m.keyStart) + out.slice(next.keyStart);
    else if (prev) out = out.slice(0, prev.valueEnd) + out.slice(m.valueEnd);
    else out = out.slice(0, m.keyStart) + out.slice(m.valueEnd);
  }
  return out;
}
