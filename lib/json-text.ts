import type { ErrorCode } from './error-codes.ts';
import type { ErrorInfo } from './types.ts';

/** Lexical class of a JSON token. */
export type JsonTokenType =
  'brace' | 'bracket' | 'colon' | 'comma' | 'key' | 'string' | 'number' | 'literal' | 'invalid';

/** One lexeme of JSON text, with its original spelling (never re-serialised). */
export interface JsonToken {
  type: JsonTokenType;
  text: string;
  start: number;
}

const WS = /[ \t\n\r]+/y;
// Sticky lexeme patterns as RFC 8259 writes them (also lib/json-bounded's validator).
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings.
export const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
export const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
export const LITERAL = /true|false|null/y;
const OPEN_RUN = /\[+/y;
const CLOSE_RUN = /\]+/y;

/** The position of the first character at or after `pos` that is not JSON whitespace. */
export function whitespaceEnd(text: string, pos = 0): number {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
    else break;
  }
  return pos;
}

/**
 * Reads JSON text one lexeme at a time (whitespace dropped), marking object member names as `key`;
 * text that is not JSON ends in one `invalid` token holding the rest. Lets a caller stop part way
 * (a big text laid out a page at a time) and go on later from where it stopped.
 */
export class JsonLexer {
  // Stack of containers, a byte each (1 object, 0 array), `top` deep: hostile nesting grows it a run
  // at a time (see bracketRun). expectKey marks an object position where a member name comes next.
  private stack = new Uint8Array(64);
  private top = 0;
  private expectKey = false;
  private pos = 0;
  private ended = false;
  private peeked: JsonToken | null | undefined;

  constructor(private readonly text: string) {}

  /** Characters read so far. */
  get position(): number {
    return this.pos;
  }

  /** The next lexeme without consuming it (null at the end). */
  peek(): JsonToken | null {
    if (this.peeked === undefined) this.peeked = this.read();
    return this.peeked;
  }

  /** The next lexeme (null at the end; nothing follows an `invalid` one). */
  next(): JsonToken | null {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  /**
   * The next lexeme when it is a bracket, brace, colon or comma: consumed as {@link next} would,
   * and returned as its character code, without making a token. -1 at the end; 0 when the next
   * lexeme is anything else (or was peeked): read that one with {@link next}.
   */
  nextStructural(): number {
    if (this.peeked !== undefined) return this.peeked === null ? -1 : 0;
    const pos = this.skipWhitespace();
    const text = this.text;
    if (this.ended || pos >= text.length) return -1;
    const c = text.charCodeAt(pos);
    if (c === 123) {
      this.push(1);
      this.expectKey = true;
    } else if (c === 91) {
      this.push(0);
      this.expectKey = false;
    } else if (c === 125 || c === 93) {
      this.pop();
      this.expectKey = false;
    } else if (c === 58) this.expectKey = false;
    else if (c === 44) this.expectKey = this.inObject();
    else return 0;
    this.pos = pos + 1;
    return c;
  }

  /**
   * Consumes a run of the bracket `c` (`[` 91 or `]` 93) that starts at the position with nothing
   * between them, at most `max` of them, as that many {@link nextStructural} calls would; returns
   * how many. An opener of an empty array (the next lexeme after it closes it) is left unread, as
   * the lexeme that shares its line. 0 when a lexeme was peeked.
   */
  bracketRun(c: 91 | 93, max: number): number {
    if (this.peeked !== undefined || this.ended || max <= 0 || this.text.charCodeAt(this.pos) !== c) return 0;
    const re = c === 91 ? OPEN_RUN : CLOSE_RUN;
    re.lastIndex = this.pos;
    const run = re.exec(this.text)?.[0].length ?? 0;
    let n = Math.min(run, max);
    if (c === 91 && n === run && this.text.charCodeAt(whitespaceEnd(this.text, this.pos + n)) === 93) n--;
    if (n <= 0) return 0;
    if (c === 91) {
      this.reserve(n);
      this.stack.fill(0, this.top, this.top + n);
      this.top += n;
    } else this.top = Math.max(0, this.top - n);
    this.expectKey = false;
    this.pos += n;
    return n;
  }

  /** True when the next lexeme is `}` or `]` (nothing is consumed but whitespace). */
  closesNext(): boolean {
    if (this.peeked !== undefined)
      return this.peeked !== null && (this.peeked.text === '}' || this.peeked.text === ']');
    const pos = this.skipWhitespace();
    const text = this.text;
    if (this.ended) return false;
    const c = text.charCodeAt(pos);
    return c === 125 || c === 93;
  }

  private reserve(n: number): void {
    if (this.top + n <= this.stack.length) return;
    const grown = new Uint8Array(Math.max(this.stack.length * 2, this.top + n));
    grown.set(this.stack.subarray(0, this.top));
    this.stack = grown;
  }

  private push(v: 0 | 1): void {
    this.reserve(1);
    this.stack[this.top++] = v;
  }

  private pop(): void {
    if (this.top > 0) this.top--;
  }

  // The innermost open container is an object.
  private inObject(): boolean {
    return this.top > 0 && this.stack[this.top - 1] === 1;
  }

  // Moves past JSON whitespace (what WS matches) without a regex; returns the new position.
  private skipWhitespace(): number {
    return (this.pos = whitespaceEnd(this.text, this.pos));
  }

  private match(re: RegExp): string | null {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    return m ? m[0] : null;
  }

  private read(): JsonToken | null {
    const text = this.text;
    while (!this.ended && this.pos < text.length) {
      const ws = this.match(WS);
      if (ws) {
        this.pos += ws.length;
        continue;
      }
      const pos = this.pos;
      const ch = text[pos]!;
      let tok: JsonToken | null = null;
      if (ch === '{' || ch === '}') {
        tok = { type: 'brace', text: ch, start: pos };
        if (ch === '{') {
          this.push(1);
          this.expectKey = true;
        } else {
          this.pop();
          this.expectKey = false;
        }
      } else if (ch === '[' || ch === ']') {
        tok = { type: 'bracket', text: ch, start: pos };
        if (ch === '[') this.push(0);
        else this.pop();
        this.expectKey = false;
      } else if (ch === ':') {
        tok = { type: 'colon', text: ch, start: pos };
        this.expectKey = false;
      } else if (ch === ',') {
        tok = { type: 'comma', text: ch, start: pos };
        this.expectKey = this.inObject();
      } else if (ch === '"') {
        const s = this.match(STRING);
        if (s) tok = { type: this.expectKey ? 'key' : 'string', text: s, start: pos };
      } else {
        const n = this.match(NUMBER) ?? this.match(LITERAL);
        if (n) tok = { type: n[0] === 't' || n[0] === 'f' || n[0] === 'n' ? 'literal' : 'number', text: n, start: pos };
      }
      if (!tok) {
        this.ended = true;
        this.pos = text.length;
        return { type: 'invalid', text: text.slice(pos), start: pos };
      }
      this.pos += tok.text.length;
      return tok;
    }
    return null;
  }
}

/**
 * Splits JSON text into lexemes (whitespace dropped), marking object member names as `key`.
 * It never throws: text that is not JSON ends in one `invalid` token holding the rest.
 */
export function tokenizeJson(text: string): JsonToken[] {
  const out: JsonToken[] = [];
  const lexer = new JsonLexer(text);
  for (let t = lexer.next(); t; t = lexer.next()) out.push(t);
  return out;
}

/** A member name that occurs twice in the same JSON object. */
export interface DuplicateMember {
  /** Dotted path of the object holding it ('' for the top level). */
  path: string;
  name: string;
}

/**
 * Finds member names repeated within one object. JSON.parse silently keeps the last one, so two
 * parsers may disagree on such a token (RFC 8259 §4, RFC 7515 §5.2 step 4).
 */
export function findDuplicateMembers(tokens: JsonToken[]): DuplicateMember[] {
  const dups: DuplicateMember[] = [];
  const frames: { names: Set<string> | null; path: string }[] = [];
  let lastKey = '';
  for (const t of tokens) {
    if (t.type === 'brace' || t.type === 'bracket') {
      if (t.text === '{' || t.text === '[') {
        const parent = frames[frames.length - 1];
        const path = parent ? (parent.path ? `${parent.path}.${lastKey}` : lastKey) : '';
        frames.push({ names: t.text === '{' ? new Set() : null, path });
      } else frames.pop();
    } else if (t.type === 'key') {
      const frame = frames[frames.length - 1];
      let name: string;
      if (!t.text.includes('\\')) name = t.text.slice(1, -1);
      else {
        try {
          name = JSON.parse(t.text) as string;
        } catch {
          name = t.text;
        }
      }
      lastKey = name;
      if (frame?.names) {
        if (frame.names.has(name)) dups.push({ path: frame.path, name });
        else frame.names.add(name);
      }
    }
  }
  return dups;
}

/** What a JSON text is, as named in the error message; each has its own error code (any other: `json-invalid`). */
export type JsonSubject = 'header' | 'payload' | 'plaintext' | 'jws-json' | 'key' | 'key ring' | 'protected header';

const JSON_CODES: Record<JsonSubject, ErrorCode> = {
  header: 'header-json',
  payload: 'payload-json',
  plaintext: 'plaintext-json',
  'jws-json': 'jws-json-json',
  key: 'key-json',
  'key ring': 'key-ring-json',
  'protected header': 'header-json',
};

/** Parsed JSON text or a specific reason why it is not JSON. */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: ErrorInfo };

/**
 * JSON.parse that never throws (deep nesting included). JSON.parse defines `__proto__` as an own
 * data property, so parsed claims cannot pollute prototypes; callers must not merge them into
 * other objects with spread or Object.assign.
 */
export function parseJson(text: string, what: JsonSubject | (string & {})): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const reason = e instanceof RangeError ? 'nested too deeply to parse' : e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: {
        code: Object.prototype.hasOwnProperty.call(JSON_CODES, what) ? JSON_CODES[what as JsonSubject] : 'json-invalid',
        message: `${what} is not valid JSON: ${reason}`,
      },
    };
  }
}

/**
 * The position of the quote that closes the JSON string opened at `open` (-1: none): the first
 * quote after it not escaped, i.e. preceded by an even run of backslashes.
 */
export function stringEnd(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close !== -1 && text.charCodeAt(close - 1) === 92 /* \ */) {
    let run = 1;
    while (text.charCodeAt(close - 1 - run) === 92) run++;
    if (run % 2 === 0) break;
    close = text.indexOf('"', close + 1);
  }
  return close;
}

// How many member names and objects JSON text writes: member names are strings followed by a
// colon, objects the `{` outside strings. The text parsed, so its strings are closed and hold only
// valid escapes; indexOf is far cheaper than a regex over it.
function countStructure(text: string): { members: number; objects: number } {
  let members = 0;
  let objects = 0;
  let from = 0;
  // The next `{` at or after `from` (-1: none left). Kept across strings, so the text is searched
  // for braces once in all: each search starts past the brace the last one found.
  let brace = text.indexOf('{');
  let open = text.indexOf('"');
  for (;;) {
    // The `{` between the previous string and this one (or the end).
    const upTo = open === -1 ? text.length : open;
    if (brace !== -1 && brace < from) brace = text.indexOf('{', from);
    while (brace !== -1 && brace < upTo) {
      objects++;
      brace = text.indexOf('{', brace + 1);
    }
    if (open === -1) break;
    const close = stringEnd(text, open);
    if (close === -1) break;
    let k = close + 1;
    let c = text.charCodeAt(k);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(++k);
    if (c === 58 /* : */) members++;
    from = k;
    open = text.indexOf('"', k);
  }
  return { members, objects };
}

/**
 * Cheap screen for duplicate member names: JSON.parse keeps one member per name, so the parsed
 * value has fewer members than the text has member names exactly when some name repeats.
 * Lets decoding skip the full tokenizer for the common, duplicate-free token. The walk stops once
 * it has met every object the text writes (a claim nested 50,000 arrays deep is not walked).
 */
export function hasDuplicateMembers(text: string, parsed: unknown): boolean {
  const { members: written, objects } = countStructure(text);
  if (written === 0) return false;
  let kept = 0;
  let met = 0;
  const stack: unknown[] = [parsed];
  while (stack.length && met < objects) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
    } else {
      met++;
      for (const k of Object.keys(v)) {
        kept++;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return written !== kept;
}

/**
 * The value of a top-level object member exactly as written (`1e400`, `1.0`, `"x"`), when it is a
 * scalar; the last one when the name repeats, as JSON.parse keeps. Undefined for nested values.
 */
export function memberLexeme(text: string, name: string): string | undefined {
  let depth = 0;
  let found: string | undefined;
  let pendingKey = false;
  let afterColon = false;
  // Streamed, not tokenized into an array first: a hostile payload may hold 100,000 lexemes.
  const lexer = new JsonLexer(text);
  for (let t = lexer.next(); t; t = lexer.next()) {
    if (afterColon) {
      afterColon = false;
      if (t.type === 'number' || t.type === 'literal' || t.type === 'string') {
        found = t.text;
        continue;
      }
    }
    if (t.text === '{' || t.text === '[') depth++;
    else if (t.text === '}' || t.text === ']') depth--;
    else if (depth === 1 && t.type === 'key') pendingKey = keyName(t.text) === name;
    else if (pendingKey && t.type === 'colon') {
      pendingKey = false;
      afterColon = true;
    }
  }
  return found;
}

function keyName(text: string): string {
  if (!text.includes('\\')) return text.slice(1, -1);
  try {
    return JSON.parse(text) as string;
  } catch {
    return text;
  }
}

/**
 * A JSON value's text (as `JSON.stringify` writes it) cut to `max` characters, the last one `…`
 * when cut. Iterative and stopping at `max`: a claim nested 50,000 deep is walked only as deep as
 * the cut, and of an object with 100,000 members only the members written are read (its keys are
 * listed once); `JSON.stringify` recursed, and overflowing the stack took 16 ms in the panel. A
 * megabyte string is cut before it is quoted.
 */
export function jsonPreview(value: unknown, max: number): string {
  const cut = (s: string): string => (s.length > max ? `${s.slice(0, Math.max(0, max - 1))}…` : s);
  // Not a JSON value (undefined, a bigint): written as String writes it, never thrown.
  const scalar = (v: unknown): string =>
    typeof v === 'string'
      ? JSON.stringify(v.length > max ? v.slice(0, max) : v)
      : v === null || typeof v === 'number' || typeof v === 'boolean'
        ? JSON.stringify(v)
        : String(v);
  if (value === null || typeof value !== 'object') return cut(scalar(value));
  interface Frame {
    of: unknown[] | Record<string, unknown>;
    keys: string[] | undefined;
    at: number;
    written: number;
  }
  const stack: Frame[] = [];
  let out = '';
  const open = (v: object): void => {
    if (Array.isArray(v)) {
      out += '[';
      stack.push({ of: v, keys: undefined, at: 0, written: 0 });
    } else {
      out += '{';
      stack.push({ of: v as Record<string, unknown>, keys: Object.keys(v), at: 0, written: 0 });
    }
  };
  open(value);
  while (stack.length && out.length <= max) {
    const f = stack[stack.length - 1]!;
    const size = f.keys ? f.keys.length : (f.of as unknown[]).length;
    let v: unknown;
    // An object member whose value JSON cannot write (undefined, a function) is left out, as JSON.stringify does.
    while (f.at < size) {
      const key = f.keys?.[f.at];
      v = key === undefined ? (f.of as unknown[])[f.at] : (f.of as Record<string, unknown>)[key];
      if (key === undefined || (v !== undefined && typeof v !== 'function' && typeof v !== 'symbol')) break;
      f.at++;
    }
    if (f.at >= size) {
      out += f.keys ? '}' : ']';
      stack.pop();
      continue;
    }
    if (f.written++) out += ',';
    const key = f.keys?.[f.at];
    if (key !== undefined) out += `${scalar(key)}:`;
    f.at++;
    if (v !== null && typeof v === 'object') open(v);
    else out += typeof v === 'function' || typeof v === 'symbol' || v === undefined ? 'null' : scalar(v);
  }
  return cut(out);
}
