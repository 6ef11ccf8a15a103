import type { ErrorInfo } from './types.ts';
import { LITERAL, NUMBER, parseJson, STRING, stringEnd, type JsonParseResult } from './json-text.ts';

// JSON parsed to a bounded depth. JSON.parse builds every nested value: a 100 KB claim nested
// 50,000 arrays deep costs 12–22 ms in Node 20 here, in one call (V8 builds 50,000 arrays), and a
// value that deep overflows the stack of every recursive walker or JSON.stringify that meets it.
// Python's json stops at ~1,000 levels, serde_json at 128: nothing legitimate nests that deep.

/** How deep a decoded header or payload is built; deeper containers are read as `null`. */
export const MAX_PARSE_DEPTH = 1000;

/** JSON text with every container deeper than the bound replaced by `null`. */
export interface BoundedJsonText {
  /** The text to parse: the original with each too-deep container replaced by `null`. */
  text: string;
  /** How deep the original nests (the top-level container is depth 1). */
  deepest: number;
  /** How many containers were replaced. */
  replaced: number;
}

function sticky(re: RegExp, text: string, at: number, end: number): number {
  re.lastIndex = at;
  const m = re.exec(text);
  if (!m) return -1;
  const next = at + m[0].length;
  return next <= end ? next : -1;
}

/**
 * True when `text[start, end)` is exactly one JSON value (whitespace around it allowed), as
 * JSON.parse would accept it, without building the value: an explicit stack, any depth.
 */
export function isJsonValue(text: string, start = 0, end = text.length): boolean {
  let stack = new Uint8Array(64); // 1 object, 0 array
  let top = 0;
  // 0 value wanted, 1 value or `]` (just after `[`), 2 member name or `}` (just after `{`),
  // 3 member name wanted, 4 `:` wanted, 5 a value ended.
  let state = 0;
  let i = start;
  for (;;) {
    let c = text.charCodeAt(i);
    while (i < end && (c === 32 || c === 9 || c === 10 || c === 13)) c = text.charCodeAt(++i);
    if (i >= end) return state === 5 && top === 0;
    if (state <= 1) {
      if (c === 93 && state === 1) {
        top--;
        i++;
        state = 5;
      } else if (c === 91 || c === 123) {
        if (top === stack.length) {
          const grown = new Uint8Array(stack.length * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[top++] = c === 123 ? 1 : 0;
        i++;
        state = c === 123 ? 2 : 1;
      } else {
        i = sticky(c === 34 ? STRING : c === 116 || c === 102 || c === 110 ? LITERAL : NUMBER, text, i, end);
        if (i < 0) return false;
        state = 5;
      }
    } else if (state <= 3) {
      if (c === 125 && state === 2) {
        top--;
        i++;
        state = 5;
      } else if (c === 34) {
        i = sticky(STRING, text, i, end);
        if (i < 0) return false;
        state = 4;
      } else return false;
    } else if (state === 4) {
      if (c !== 58) return false;
      i++;
      state = 0;
    } else {
      if (top === 0) return false;
      const inObject = stack[top - 1] === 1;
      if (c === 44) state = inObject ? 3 : 0;
      else if (c === (inObject ? 125 : 93)) top--;
      else return false;
      i++;
    }
  }
}

/**
 * The text to parse for a value built at most `max` deep, or undefined when the text needs no
 * change (it cannot or does not nest deeper) or is not sure to be valid JSON (JSON.parse of the
 * original then names the error). Each container at depth `max + 1` is checked with
 * {@link isJsonValue} and replaced by `null`, so the result parses exactly when the original
 * does, and every value down to depth `max` is the one JSON.parse of the original builds.
 */
export function boundJsonDepth(text: string, max = MAX_PARSE_DEPTH): BoundedJsonText | undefined {
  // Nesting deeper than `max` needs more than `max` openers: counted with indexOf, which is
  // cheap on the megabyte string of a wide token.
  let opens = 0;
  for (let p = text.indexOf('['); p !== -1 && opens <= max; p = text.indexOf('[', p + 1)) opens++;
  for (let p = text.indexOf('{'); p !== -1 && opens <= max; p = text.indexOf('{', p + 1)) opens++;
  if (opens <= max) return undefined;
  const parts: string[] = [];
  let from = 0;
  let depth = 0;
  let deepest = 0;
  let cut = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const close = stringEnd(text, i);
      if (close === -1) return undefined;
      i = close;
    } else if (c === 91 || c === 123) {
      if (++depth > deepest) deepest = depth;
      if (depth === max + 1) cut = i;
    } else if (c === 93 || c === 125) {
      if (depth === 0) return undefined;
      if (depth === max + 1) {
        if (!isJsonValue(text, cut, i + 1)) return undefined;
        parts.push(text.slice(from, cut), 'null');
        from = i + 1;
      }
      depth--;
    }
  }
  if (depth !== 0 || parts.length === 0) return undefined;
  parts.push(text.slice(from));
  return { text: parts.join(''), deepest, replaced: parts.length >> 1 };
}

const DEPTH_SUBJECTS = {
  header: { code: 'header-depth', label: 'header JSON' },
  payload: { code: 'payload-depth', label: 'payload JSON' },
  'jws-json': { code: 'jws-json-depth', label: 'JWS JSON' },
} as const;

/**
 * {@link parseJson} of a token's header, payload or JWS JSON document, built at most
 * {@link MAX_PARSE_DEPTH} deep ({@link boundJsonDepth}); `note` says so when it was cut, a
 * non-fatal problem. `text` is what was parsed, for the duplicate-member screen.
 */
export function parseJsonBounded(
  raw: string,
  what: keyof typeof DEPTH_SUBJECTS,
): { parsed: JsonParseResult; text: string; note?: ErrorInfo } {
  const bounded = boundJsonDepth(raw);
  if (!bounded) return { parsed: parseJson(raw, what), text: raw };
  const { code, label } = DEPTH_SUBJECTS[what];
  const note: ErrorInfo = {
    code,
    message: `${label} nested ${bounded.deepest.toLocaleString('en-US')} deep: read to depth ${MAX_PARSE_DEPTH.toLocaleString('en-US')}, deeper values as null`,
  };
  return { parsed: parseJson(bounded.text, what), text: bounded.text, note };
}
