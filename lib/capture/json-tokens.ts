import { findTokens } from '../find-tokens.ts';
import type { FormBodyLocation, JsonBodyLocation, TextBodyLocation } from './model.ts';

/** A token found in a body (request or response). */
export interface BodyToken {
  token: string;
  /** By JSON path (`data.tokens[0]`), form field, or (plain text) the key right before it. */
  location: JsonBodyLocation | FormBodyLocation | TextBodyLocation;
}

/** Tokens found in a body, and whether only part of it was scanned. */
export interface BodyScan {
  tokens: BodyToken[];
  /** The body was larger than the limit (or nested deeper / wider than the walk's bounds). */
  truncated: boolean;
}

/** A token found in a JSON value, with its path ('' for the root). */
export interface JsonPathToken {
  token: string;
  path: string;
}

/** Bounds of a JSON walk. */
export interface JsonWalkLimits {
  /** Deepest nesting followed (objects, arrays and JSON text inside strings). */
  maxDepth: number;
  /** Most values visited. */
  maxNodes: number;
  /** Most tokens returned. */
  maxTokens: number;
}

/** Default bounds of a JSON walk. */
export const DEFAULT_JSON_LIMITS: JsonWalkLimits = { maxDepth: 64, maxNodes: 100_000, maxTokens: 1_000 };

/** Default number of body bytes scanned. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** Separates the path outside a JSON-encoded string from the path inside it. */
export const PATH_SEPARATOR = ' › ';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(path: string, key: string): string {
  if (IDENTIFIER.test(key)) return path === '' || path.endsWith(PATH_SEPARATOR) ? path + key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * The member name holding a token at the end of a JSON path: `access_token` for `data.access_token`,
 * `tokens` for `tokens[0]`, `we"ird` for `["we\"ird"]`; `$` for the root.
 */
export function lastMember(jsonPath: string): string {
  let path = jsonPath;
  const inner = path.lastIndexOf(PATH_SEPARATOR);
  if (inner >= 0) path = path.slice(inner + PATH_SEPARATOR.length);
  for (;;) {
    const index = /\[\d+\]$/.exec(path);
    if (!index) break;
    path = path.slice(0, index.index);
  }
  const quoted = /\[("(?:[^"\\]|\\.)*")\]$/.exec(path);
  if (quoted) {
    try {
      return JSON.parse(quoted[1]!) as string;
    } catch {
      return quoted[1]!;
    }
  }
  const word = /(?:^|\.)([^.[\]]+)$/.exec(path);
  return word ? word[1]! : '$';
}

/** Parses text that looks like a JSON object or array; undefined when it is not one. */
export function parseJsonContainer(text: string): object | undefined {
  const t = text.trim();
  const first = t[0];
  const last = t[t.length - 1];
  if (!((first === '{' && last === '}') || (first === '[' && last === ']'))) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return typeof v === 'object' && v !== null ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Walks a JSON value and finds JWTs in every string (a string that is itself JSON text is parsed
 * and walked too, its path joined with ` › `). Bounded by `limits`; never throws, even on cyclic
 * values or objects whose getters throw.
 */
export function jsonStringTokens(
  value: unknown,
  limits: JsonWalkLimits = DEFAULT_JSON_LIMITS,
): { tokens: JsonPathToken[]; truncated: boolean } {
  const tokens: JsonPathToken[] = [];
  let nodes = 0;
  let truncated = false;
  const visit = (v: unknown, path: string, depth: number): void => {
    if (truncated) return;
    if (++nodes > limits.maxNodes || depth > limits.maxDepth) {
      truncated = true;
      return;
    }
    if (typeof v === 'string') {
      const inner = v.length >= 2 ? parseJsonContainer(v) : undefined;
      if (inner !== undefined) return visit(inner, path === '' ? '' : path + PATH_SEPARATOR, depth + 1);
      for (const f of findTokens(v)) {
        if (tokens.length >= limits.maxTokens) {
          truncated = true;
          return;
        }
        tokens.push({ token: f.token, path });
      }
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length && !truncated; i++) visit(v[i], `${path}[${i}]`, depth + 1);
    } else if (typeof v === 'object' && v !== null) {
      for (const key of Object.keys(v)) {
        if (truncated) return;
        visit((v as Record<string, unknown>)[key], childPath(path, key), depth + 1);
      }
    }
  };
  try {
    visit(value, '', 0);
  } catch {
    // A hostile value (a Proxy, a throwing getter): keep what was found before it.
    truncated = true;
  }
  return { tokens, truncated };
}

/**
 * Finds JWTs in a parsed JSON value (e.g. a token endpoint's response: `access_token`, `id_token`,
 * any string holding a JWT). Names are JSON paths (`data.tokens[0]`); a root string is named `$`.
 */
export function tokensInJsonValue(value: unknown, limits: JsonWalkLimits = DEFAULT_JSON_LIMITS): BodyScan {
  const { tokens, truncated } = jsonStringTokens(value, limits);
  return {
    tokens: tokens.map((t) => {
      const jsonPath = t.path || '$';
      return { token: t.token, location: { kind: 'json-body', name: lastMember(jsonPath), jsonPath } };
    }),
    truncated,
  };
}

/**
 * The longest prefix of `text` that is at most `maxBytes` bytes of UTF-8 (never splitting a
 * surrogate pair), its size in bytes, and whether anything was cut.
 */
export function utf8Prefix(text: string, maxBytes: number): { text: string; bytes: number; truncated: boolean } {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isPair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : isPair ? 4 : 3;
    if (bytes + size > maxBytes) return { text: text.slice(0, i), bytes, truncated: true };
    bytes += size;
    if (size === 4) i++;
  }
  return { text, bytes, truncated: false };
}

// `"key": "` or `key=` right before a token: how a token in broken JSON or form text is named.
const NAME_BEFORE = /(?:"((?:[^"\\]|\\.){1,200})"\s*:\s*"|([A-Za-z0-9_.[\]-]{1,200})=)$/;

/**
 * Finds JWTs in text that could not be parsed (truncated JSON, plain text), naming each by the JSON
 * key or form field right before it when there is one, else `fallback`.
 */
export function tokensInText(text: string, fallback = 'body'): BodyToken[] {
  return findTokens(text).map((f) => {
    const m = NAME_BEFORE.exec(text.slice(Math.max(0, f.start - 220), f.start));
    let name = m?.[2] ?? fallback;
    if (m?.[1] !== undefined) {
      try {
        name = JSON.parse(`"${m[1]}"`) as string;
      } catch {
        name = m[1];
      }
    }
    return { token: f.token, location: { kind: 'text-body', name } };
  });
}

/**
 * Finds JWTs in a JSON text body (bounded to `maxBytes` of UTF-8). Text that is not valid JSON, or
 * is cut short by the limit, is scanned as text instead.
 */
export function tokensInJsonText(
  text: string,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
  limits: JsonWalkLimits = DEFAULT_JSON_LIMITS,
): BodyScan {
  if (typeof text !== 'string') return { tokens: [], truncated: false };
  const cut = utf8Prefix(text, maxBytes);
  let parsed: unknown;
  let ok = false;
  if (!cut.truncated) {
    try {
      parsed = JSON.parse(cut.text);
      ok = true;
    } catch {
      // Not JSON after all (or nested beyond the parser's stack): fall back to a text scan.
    }
  }
  if (!ok) return { tokens: tokensInText(cut.text), truncated: cut.truncated };
  const scan = tokensInJsonValue(parsed, limits);
  if (scan.truncated) {
    // The walk stopped early (too deep or too wide): tokens beyond its reach are still found as text.
    const found = new Set(scan.tokens.map((t) => t.token));
    for (const t of tokensInText(cut.text))
      if (!found.has(t.token) && scan.tokens.length < limits.maxTokens) scan.tokens.push(t);
  }
  return { tokens: scan.tokens, truncated: scan.truncated || cut.truncated };
}
