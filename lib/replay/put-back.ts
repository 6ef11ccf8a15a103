import { JsonLexer } from '../json-text.ts';
import { PATH_SEPARATOR } from '../capture/json-tokens.ts';
import { decodePercent } from '../capture/url-tokens.ts';
import { fail, ok, type Result } from '../forge/result.ts';
import type { HttpHeader, SightingLocation, UrlLocation } from '../types.ts';

/** A request body as replay sends it: text as captured, or the form fields webRequest parsed (no bytes kept). */
export type ReplayBody = { kind: 'text'; text: string } | { kind: 'form'; fields: Record<string, string[]> };

/** The parts of a request a token can travel in. */
export interface RequestParts {
  url: string;
  headers: HttpHeader[];
  body?: ReplayBody;
}

/** A character range of a text: `[start, end)`. */
interface Span {
  start: number;
  end: number;
}

const notFound = (where: string) => fail<never>('put-back-not-found', `the token is not in ${where}`);

/**
 * Replaces every occurrence of `token` inside `span` of `text` (`replacement` null: removes it);
 * every byte outside the token's own text is kept. Undefined when the span does not hold it.
 */
function replaceIn(text: string, span: Span, token: string, replacement: string | null): string | undefined {
  const inner = text.slice(span.start, span.end);
  if (token === '' || !inner.includes(token)) return undefined;
  return text.slice(0, span.start) + inner.split(token).join(replacement ?? '') + text.slice(span.end);
}

// ---- URLs

/** Where the parts of a URL lie: the path after the authority, the query and the fragment (without `?` / `#`). */
function urlSpans(url: string): { path: Span; query?: Span; fragment?: Span } {
  const hash = url.indexOf('#');
  const beforeHash = hash < 0 ? url.length : hash;
  const q = url.slice(0, beforeHash).indexOf('?');
  const pathEnd = q < 0 ? beforeHash : q;
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(url);
  return {
    path: { start: authority ? authority[0].length : 0, end: pathEnd },
    ...(q >= 0 ? { query: { start: q + 1, end: beforeHash } } : {}),
    ...(hash >= 0 ? { fragment: { start: hash + 1, end: url.length } } : {}),
  };
}

/** The `name=value` pairs of `a=1&b=2` inside `span`: each pair's span and its value's span. */
function paramSpans(text: string, span: Span): { name: string; hasValue: boolean; pair: Span; value: Span }[] {
  const out: { name: string; hasValue: boolean; pair: Span; value: Span }[] = [];
  let start = span.start;
  while (start <= span.end) {
    let end = text.indexOf('&', start);
    if (end < 0 || end > span.end) end = span.end;
    if (end > start) {
      const eq = text.indexOf('=', start);
      const hasValue = eq >= 0 && eq < end;
      out.push({
        name: decodePercent(text.slice(start, hasValue ? eq : end), true),
        hasValue,
        pair: { start, end },
        value: hasValue ? { start: eq + 1, end } : { start, end },
      });
    }
    start = end + 1;
  }
  return out;
}

/** Removes a pair and one `&` next to it. */
function removePair(text: string, pair: Span, within: Span): string {
  if (text[pair.end] === '&' && pair.end < within.end) return text.slice(0, pair.start) + text.slice(pair.end + 1);
  if (pair.start > within.start && text[pair.start - 1] === '&')
    return text.slice(0, pair.start - 1) + text.slice(pair.end);
  return text.slice(0, pair.start) + text.slice(pair.end);
}

/** Puts a token back in the query, fragment or path of a URL (only the token's own characters change). */
export function putBackInUrl(url: string, at: UrlLocation, token: string, replacement: string | null): Result<string> {
  const spans = urlSpans(url);
  if (at.kind === 'path') {
    const out = replaceIn(url, spans.path, token, replacement);
    return out === undefined ? notFound('the URL path') : ok(out);
  }
  let part = at.kind === 'query' ? spans.query : spans.fragment;
  if (!part) return notFound(`the URL ${at.kind}`);
  // A hash route keeps its parameters after a `?` (`#/callback?id_token=…`).
  if (at.kind === 'fragment') {
    const fq = url.slice(part.start, part.end).indexOf('?');
    if (fq >= 0 && !url.slice(part.start, part.start + fq).includes('=')) {
      const route = { start: part.start, end: part.start + fq };
      if (at.name === 'fragment' && url.slice(route.start, route.end).includes(token)) {
        const out = replaceIn(url, route, token, replacement);
        if (out !== undefined) return ok(out);
      }
      part = { start: part.start + fq + 1, end: part.end };
    }
  }
  for (const p of paramSpans(url, part)) {
    const name = p.hasValue ? p.name : at.kind;
    if (name !== at.name) continue;
    if (!url.slice(p.value.start, p.value.end).includes(token)) continue;
    if (replacement === null) return ok(removePair(url, p.pair, part));
    return ok(replaceIn(url, p.value, token, replacement)!);
  }
  // A token the parameters did not account for (odd separators) is named after the part itself.
  if (at.name === at.kind) {
    const out = replaceIn(url, part, token, replacement);
    if (out !== undefined) return ok(out);
  }
  return notFound(`the URL ${at.kind} parameter ${JSON.stringify(at.name)}`);
}

// ---- headers

function findHeader(headers: readonly HttpHeader[], name: string, holds: (h: HttpHeader) => boolean): number {
  const lower = name.toLowerCase();
  return headers.findIndex((h) => h.name.toLowerCase() === lower && holds(h));
}

function replaceHeader(headers: readonly HttpHeader[], i: number, value: string | null): HttpHeader[] {
  const out = headers.slice();
  if (value === null) out.splice(i, 1);
  else out[i] = { name: headers[i]!.name, value };
  return out;
}

const BASIC = /^(\s*basic\s+)([A-Za-z0-9+/=_-]{1,65536})(\s*)$/i;

function latin1ToUtf8Safe(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

/** Puts a token back into Basic credentials: the user or password half is changed, then base64-encoded again. */
function putBackBasic(value: string, token: string, replacement: string | null, half?: 'user' | 'password') {
  const m = BASIC.exec(value);
  if (!m) return undefined;
  let text: string;
  try {
    text = atob(m[2]!.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
  const colon = text.indexOf(':');
  const span =
    colon < 0
      ? { start: 0, end: text.length }
      : half === 'user'
        ? { start: 0, end: colon }
        : half === 'password'
          ? { start: colon + 1, end: text.length }
          : { start: 0, end: text.length };
  const changed = replaceIn(text, span, token, replacement);
  if (changed === undefined || !latin1ToUtf8Safe(changed)) return undefined;
  return `${m[1]}${btoa(changed)}${m[3]}`;
}

/** The spans of each `name=value` of a `Cookie` header value: the pair and its value (quotes included). */
function cookieSpans(value: string): { name: string; pair: Span; value: Span }[] {
  const out: { name: string; pair: Span; value: Span }[] = [];
  let start = 0;
  while (start <= value.length) {
    let end = value.indexOf(';', start);
    if (end < 0) end = value.length;
    const eq = value.indexOf('=', start);
    if (eq >= 0 && eq < end) {
      const name = value.slice(start, eq).trim();
      let vs = eq + 1;
      let ve = end;
      while (vs < ve && value[vs] === ' ') vs++;
      while (ve > vs && value[ve - 1] === ' ') ve--;
      if (name) out.push({ name, pair: { start, end }, value: { start: vs, end: ve } });
    }
    start = end + 1;
  }
  return out;
}

/** Removes the `i`th cookie from a `Cookie` header value, with the `; ` that separated it from its neighbour. */
function removeCookie(value: string, cookies: readonly { pair: Span }[], i: number): string {
  const trimmedStart = (span: Span) => {
    let k = span.start;
    while (k < span.end && value[k] === ' ') k++;
    return k;
  };
  const own = cookies[i]!.pair;
  const next = cookies[i + 1];
  if (next) return value.slice(0, trimmedStart(own)) + value.slice(trimmedStart(next.pair));
  const previous = cookies[i - 1];
  if (previous) return value.slice(0, previous.pair.end) + value.slice(own.end);
  return value.slice(0, own.start) + value.slice(own.end);
}

/** Puts a token back into one cookie of a `Cookie` header; the other cookies stay byte-identical. */
export function putBackInCookie(
  headers: readonly HttpHeader[],
  name: string,
  token: string,
  replacement: string | null,
): Result<HttpHeader[]> {
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    if (h.name.toLowerCase() !== 'cookie') continue;
    const cookies = cookieSpans(h.value);
    for (const [k, c] of cookies.entries()) {
      if (c.name !== name || !h.value.slice(c.value.start, c.value.end).includes(token)) continue;
      if (replacement === null) {
        const rest = removeCookie(h.value, cookies, k);
        return ok(replaceHeader(headers, i, rest.trim() === '' ? null : rest));
      }
      return ok(replaceHeader(headers, i, replaceIn(h.value, c.value, token, replacement)!));
    }
  }
  return notFound(`the cookie ${JSON.stringify(name)}`);
}

// ---- bodies

/** Where the value of one urlencoded form field lies (`name` decoded with form rules). */
function formFieldSpans(text: string, name: string): { pair: Span; value: Span }[] {
  return paramSpans(text, { start: 0, end: text.length })
    .filter((p) => (p.hasValue ? p.name : 'body') === name)
    .map((p) => ({ pair: p.pair, value: p.value }));
}

/** The body of each multipart part named `name` (after its blank line, before the next boundary). */
function multipartSpans(text: string, name: string): Span[] {
  const out: Span[] = [];
  const boundary = /^--([^\r\n]+)\r?\n/.exec(text)?.[1];
  if (!boundary) return out;
  const delimiter = `--${boundary}`;
  let at = 0;
  for (;;) {
    const start = text.indexOf(delimiter, at);
    if (start < 0) break;
    const next = text.indexOf(delimiter, start + delimiter.length);
    const end = next < 0 ? text.length : next;
    const part = text.slice(start + delimiter.length, end);
    const blank = /\r?\n\r?\n/.exec(part);
    if (blank) {
      const head = part.slice(0, blank.index);
      const partName = /;\s*name="((?:[^"\\]|\\.)*)"/i.exec(head)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(head)?.[1];
      if (partName === name) out.push({ start: start + delimiter.length + blank.index + blank[0].length, end });
    }
    if (next < 0) break;
    at = next;
  }
  return out;
}

function childPath(path: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * The span of each JSON string value at `path` (the capture's path spelling: `data.tokens[0]`,
 * `["we\"ird"]`, '' for the root), found with the lexer over the text as sent.
 */
function jsonStringSpans(text: string, path: string): Span[] {
  const out: Span[] = [];
  const lexer = new JsonLexer(text);
  // One frame per open container: its path, and the path of the value that comes next in it.
  const frames: { array: boolean; path: string; index: number; key?: string }[] = [];
  const valuePath = (): string => {
    const f = frames[frames.length - 1];
    if (!f) return '';
    return f.array ? `${f.path}[${f.index}]` : childPath(f.path, f.key ?? '');
  };
  for (let t = lexer.next(); t; t = lexer.next()) {
    const top = frames[frames.length - 1];
    switch (t.type) {
      case 'invalid':
        return out;
      case 'key':
        if (top) {
          try {
            top.key = JSON.parse(t.text) as string;
          } catch {
            top.key = t.text;
          }
        }
        break;
      case 'comma':
        if (top?.array) top.index++;
        break;
      case 'brace':
      case 'bracket':
        if (t.text === '{' || t.text === '[') frames.push({ array: t.text === '[', path: valuePath(), index: 0 });
        else frames.pop();
        break;
      case 'string':
        if (valuePath() === path) out.push({ start: t.start, end: t.start + t.text.length });
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * Puts a token back into JSON text at `jsonPath` (a path into a JSON string is followed to the
 * string that holds the inner JSON): only the token's characters inside that string literal change.
 */
export function putBackInJson(
  text: string,
  jsonPath: string,
  token: string,
  replacement: string | null,
): Result<string> {
  const outer = jsonPath === '$' ? '' : (jsonPath.split(PATH_SEPARATOR)[0] ?? '');
  for (const span of jsonStringSpans(text, outer)) {
    const out = replaceIn(text, span, token, replacement);
    if (out !== undefined) return ok(out);
  }
  // A root string holding JSON names the inner members without the outer path: one exact occurrence is unambiguous.
  const first = text.indexOf(token);
  if (first >= 0 && text.indexOf(token, first + 1) < 0)
    return ok(replaceIn(text, { start: first, end: first + token.length }, token, replacement)!);
  return notFound(`the JSON body at ${jsonPath}`);
}

function putBackInForm(body: ReplayBody, name: string, token: string, replacement: string | null): Result<ReplayBody> {
  if (body.kind === 'form') {
    const values = body.fields[name];
    const i = values?.findIndex((v) => v.includes(token)) ?? -1;
    if (!values || i < 0) return notFound(`the form field ${JSON.stringify(name)}`);
    const next = values.slice();
    next[i] = values[i]!.split(token).join(replacement ?? '');
    return ok({ kind: 'form', fields: { ...body.fields, [name]: next } });
  }
  const text = body.text;
  for (const span of [...multipartSpans(text, name), ...formFieldSpans(text, name).map((f) => f.value)]) {
    const out = replaceIn(text, span, token, replacement);
    if (out !== undefined) return ok({ kind: 'text', text: out });
  }
  return notFound(`the form field ${JSON.stringify(name)}`);
}

/** The location kinds a token can be put back into (a request carries them). */
export const PUT_BACK_KINDS = [
  'header',
  'cookie',
  'query',
  'fragment',
  'path',
  'form-body',
  'json-body',
  'text-body',
] as const satisfies readonly SightingLocation['kind'][];

/**
 * Puts a token back exactly where it travelled in a request — a header (after its scheme; inside
 * Basic credentials, that half re-encoded; inside the URL a header holds), one cookie of `Cookie`,
 * a URL query / fragment parameter or path segment, a form field (or a JSON value inside one), a
 * JSON body member, or plain body text — replacing only the token's own text (`replacement` null:
 * the token is removed, with its header, cookie or URL parameter). Never re-serialises anything else.
 */
export function putBack(
  parts: RequestParts,
  location: SightingLocation,
  token: string,
  replacement: string | null,
): Result<RequestParts> {
  switch (location.kind) {
    case 'header': {
      const { url } = location;
      if (location.scheme !== undefined && location.credential !== undefined) {
        const i = findHeader(
          parts.headers,
          location.name,
          (h) => putBackBasic(h.value, token, '', location.credential) !== undefined,
        );
        if (i < 0) return fail('put-back-basic', `no ${location.name} Basic credentials hold the token`);
        const value =
          replacement === null ? null : putBackBasic(parts.headers[i]!.value, token, replacement, location.credential);
        if (value === undefined)
          return fail('put-back-basic', 'the replacement cannot be carried in Basic credentials (not Latin-1)');
        return ok({ ...parts, headers: replaceHeader(parts.headers, i, value) });
      }
      const i = findHeader(parts.headers, location.name, (h) => h.value.includes(token));
      if (i < 0) return notFound(`the ${location.name} header`);
      const old = parts.headers[i]!.value;
      if (url) {
        const changed = putBackInUrl(old, url, token, replacement);
        return changed.ok ? ok({ ...parts, headers: replaceHeader(parts.headers, i, changed.value) }) : changed;
      }
      const value = replacement === null ? null : replaceIn(old, { start: 0, end: old.length }, token, replacement)!;
      return ok({ ...parts, headers: replaceHeader(parts.headers, i, value) });
    }
    case 'cookie': {
      const headers = putBackInCookie(parts.headers, location.name, token, replacement);
      return headers.ok ? ok({ ...parts, headers: headers.value }) : headers;
    }
    case 'query':
    case 'fragment':
    case 'path': {
      const url = putBackInUrl(parts.url, location, token, replacement);
      return url.ok ? ok({ ...parts, url: url.value }) : url;
    }
    case 'form-body':
    case 'json-body':
    case 'text-body': {
      const body = parts.body;
      if (!body) return fail('put-back-no-body', 'the captured request has no body to put the token back into');
      if (location.kind === 'form-body') {
        const out = putBackInForm(body, location.name, token, replacement);
        return out.ok ? ok({ ...parts, body: out.value }) : out;
      }
      if (body.kind !== 'text') return notFound('the request body text');
      if (location.kind === 'json-body') {
        const text = putBackInJson(body.text, location.jsonPath, token, replacement);
        return text.ok ? ok({ ...parts, body: { kind: 'text', text: text.value } }) : text;
      }
      const text = replaceIn(body.text, { start: 0, end: body.text.length }, token, replacement);
      return text === undefined ? notFound('the request body') : ok({ ...parts, body: { kind: 'text', text } });
    }
    case 'set-cookie':
    case 'storage':
    case 'paste':
      return fail(
        'put-back-location',
        `a token seen in ${location.kind === 'set-cookie' ? 'a Set-Cookie response header' : location.kind === 'storage' ? 'web storage' : 'a paste'} did not travel in a request`,
      );
  }
}
