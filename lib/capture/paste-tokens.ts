import { decodeToken, type DecodedToken } from '../decode-token.ts';
import { findTokens } from '../find-tokens.ts';
import { decodeJwsJson, looksLikeJson } from '../jws-json.ts';
import { tokensInRequestBody } from './body-tokens.ts';
import { tokensInResponseHeaders } from './header-tokens.ts';
import {
  parseJsonContainer,
  tokensInJsonText,
  tokensInJsonValue,
  tokensInText,
  type BodyToken,
} from './json-tokens.ts';
import type { CookieAttributes, Sighting, SightingLocation } from './model.ts';
import { tokensInRequestHeaders, type HeaderLike } from './parse-headers.ts';
import { tokensInUrl } from './url-tokens.ts';

/** What the pasted text was read as. */
export type PasteForm =
  | 'token'
  | 'authorization'
  | 'headers'
  | 'http-request'
  | 'http-response'
  | 'curl'
  | 'url'
  | 'json'
  | 'cookies'
  | 'text';

/** One token found in pasted text, with where in the text it sat (a v4 location). */
export interface PastedToken {
  token: string;
  location: SightingLocation;
  /** The request's URL, when the paste was a request or a cURL command. */
  url?: string;
  method?: string;
  cookieAttributes?: CookieAttributes;
}

/**
 * How pasted text reads: nothing, the tokens in it (`form` says what the text was), one malformed
 * token (`text` is that token alone, unwrapped from `Bearer` or a header line), or text without any.
 */
export type PasteReading =
  | { kind: 'empty' }
  | { kind: 'tokens'; form: PasteForm; tokens: PastedToken[] }
  | { kind: 'malformed'; form: PasteForm; text: string }
  | { kind: 'none'; form: PasteForm };

/** What each form is called in the paste box's status line. */
export const PASTE_FORM_TEXT: Record<PasteForm, string> = {
  token: 'a token',
  authorization: 'an Authorization value',
  headers: 'header lines',
  'http-request': 'an HTTP request',
  'http-response': 'an HTTP response',
  curl: 'a cURL command',
  url: 'a URL',
  json: 'JSON',
  cookies: 'cookies',
  text: 'text',
};

// Pasted text beyond this is not read (a token is at most 8 MiB; this is more than any request a user copies).
const MAX_PASTE = 8 * 1024 * 1024;
// RFC 9110 §5.1: a field name is a token; HTTP/2 pseudo-headers (`:path`) start with a colon.
// A name starting with a letter, so a log line's `2026-12-01T09:00` is no header.
const HEADER_LINE = /^(:?[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*):[ \t]*(.*)$/;
const REQUEST_LINE =
  /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)[ \t]+(\S+)(?:[ \t]+HTTP\/[0-9.]+)?[ \t]*$/i;
const STATUS_LINE = /^HTTP\/[0-9.]+[ \t]+[0-9]{3}\b/i;
const AUTH_VALUE = /^(Bearer|DPoP|Basic|Token|JWT|MAC)[ \t]+\S+$/i;
const URL_LIKE = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|\/|\?|#)\S*$/;
const COOKIE_STRING = /^[^\s=;]+=[^;]*(?:;[ \t]*[^\s=;]+=[^;]*)+;?$/;

/**
 * Reads what people paste into the panel: a token; `Bearer …`; an `Authorization:`, `Cookie:` or
 * `Set-Cookie:` line (or several header lines); a URL; a JSON token response; a copied HTTP
 * request or response (start line, headers, body); a cURL command as browsers copy it (bash
 * quoting with `$'…'` and `\` continuations, or Windows `^` escapes). Every token is returned with
 * its location; only text that is one token-shaped word which does not decode is `malformed`.
 * Never throws. `decode` decodes text that may be one compact token (the panel passes its cached
 * decoding, so a token pasted whole is decoded once).
 */
export function readPaste(input: string, decode: (token: string) => DecodedToken = decodeToken): PasteReading {
  if (typeof input !== 'string') return { kind: 'empty' };
  const text = (input.length > MAX_PASTE ? input.slice(0, MAX_PASTE) : input).trim();
  if (text === '') return { kind: 'empty' };
  try {
    return readTrimmed(text, decode);
  } catch {
    // Any parser's surprise still leaves the tokens that plain scanning finds.
    const tokens = scanText(text);
    return tokens.length ? { kind: 'tokens', form: 'text', tokens } : { kind: 'none', form: 'text' };
  }
}

function readTrimmed(text: string, decode: (token: string) => DecodedToken): PasteReading {
  // The whole text is one token: compact, or a JWS in JSON serialisation (whose parts are no compact tokens).
  if (
    (!/\s/.test(text) && decode(text).kind !== 'malformed') ||
    (looksLikeJson(text) && decodeJwsJson(text).kind !== 'malformed')
  )
    return { kind: 'tokens', form: 'token', tokens: [{ token: text, location: { kind: 'paste', name: 'paste' } }] };
  const { form, tokens } = findIn(text);
  if (tokens.length) return { kind: 'tokens', form, tokens: dedupe(tokens) };
  const word = unwrapWord(text);
  if (word !== undefined && looksLikeOneToken(word)) return { kind: 'malformed', form, text: word };
  return { kind: 'none', form };
}

function findIn(text: string): { form: PasteForm; tokens: PastedToken[] } {
  const firstLine = text.split(/\r?\n/, 1)[0]!.trim();
  if (/^curl(?:\.exe)?[ \t\r\n^\\]/i.test(text)) return { form: 'curl', tokens: curlTokens(text) };
  if (REQUEST_LINE.test(firstLine)) return { form: 'http-request', tokens: requestTokens(text) };
  if (STATUS_LINE.test(firstLine)) return { form: 'http-response', tokens: responseTokens(text) };
  if (AUTH_VALUE.test(text))
    return { form: 'authorization', tokens: headerTokens([{ name: 'Authorization', value: text }]) };
  if (URL_LIKE.test(text)) return { form: 'url', tokens: urlTokens(text) };
  const json = parseJsonContainer(text);
  if (json !== undefined) return { form: 'json', tokens: tokensInJsonValue(json).tokens.map(bodyToken) };
  if (HEADER_LINE.test(firstLine) && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(firstLine)) {
    const { headers, body } = splitMessage(text.split(/\r?\n/), 0);
    const url = pseudoUrl(headers);
    const tokens = [...headerTokens(headers.filter((h) => !h.name.startsWith(':'))), ...urlTokens(url)];
    if (body.trim()) tokens.push(...scanBody(body, contentType(headers)));
    return { form: 'headers', tokens };
  }
  if (COOKIE_STRING.test(text)) return { form: 'cookies', tokens: headerTokens([{ name: 'Cookie', value: text }]) };
  return { form: 'text', tokens: scanText(text) };
}

// ---- pieces of a request

/** Header lines up to the first empty line, and the body after it (as written). */
function splitMessage(lines: string[], start: number): { headers: HeaderLike[]; body: string } {
  const headers: HeaderLike[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      break;
    }
    // An obsolete folded line (RFC 9112 §5.2) continues the previous header.
    if (/^[ \t]/.test(line) && headers.length) {
      const last = headers[headers.length - 1]!;
      last.value = `${last.value ?? ''} ${line.trim()}`;
      continue;
    }
    const m = HEADER_LINE.exec(line.trim());
    if (!m) break;
    headers.push({ name: m[1]!, value: m[2]!.trim() });
  }
  return { headers, body: lines.slice(i).join('\n') };
}

function headerValue(headers: readonly HeaderLike[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}

function contentType(headers: readonly HeaderLike[]): string {
  return headerValue(headers, 'content-type') ?? '';
}

/** The URL an HTTP/2 header copy (`:authority`, `:path`) describes, if any. */
function pseudoUrl(headers: readonly HeaderLike[]): string {
  const path = headerValue(headers, ':path');
  if (path === undefined) return '';
  const host = headerValue(headers, ':authority') ?? headerValue(headers, 'host') ?? 'host';
  return `${headerValue(headers, ':scheme') ?? 'https'}://${host}${path}`;
}

function headerTokens(headers: readonly HeaderLike[]): PastedToken[] {
  const out: PastedToken[] = [];
  for (const h of headers) {
    const lower = h.name.toLowerCase();
    if (lower === 'set-cookie' || lower === 'location') {
      for (const t of tokensInResponseHeaders([h]))
        out.push({
          token: t.token,
          location: t.location,
          ...('cookieAttributes' in t ? { cookieAttributes: t.cookieAttributes } : {}),
        });
    } else {
      for (const t of tokensInRequestHeaders([h])) out.push({ token: t.token, location: t.location });
    }
  }
  return out;
}

function urlTokens(url: string): PastedToken[] {
  return url ? tokensInUrl(url).map((t) => ({ token: t.token, location: t.location })) : [];
}

function bodyToken(t: BodyToken): PastedToken {
  return { token: t.token, location: t.location };
}

function scanBody(body: string, type: string): PastedToken[] {
  const bytes = new TextEncoder().encode(body);
  return tokensInRequestBody({ raw: [{ bytes }] }, type).tokens.map(bodyToken);
}

/** Tokens in text of no known shape, named by the key before each when there is one. */
function scanText(text: string): PastedToken[] {
  return tokensInText(text, '').map((t) => ({
    token: t.token,
    location: t.location.name === '' ? { kind: 'paste', name: 'paste' } : t.location,
  }));
}

function requestTokens(text: string): PastedToken[] {
  const lines = text.split(/\r?\n/);
  const [, method, target] = REQUEST_LINE.exec(lines[0]!.trim())!;
  const { headers, body } = splitMessage(lines, 1);
  const host = headerValue(headers, 'host') ?? headerValue(headers, ':authority');
  let url = target!;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url))
    url = host ? `https://${host}${url.startsWith('/') ? '' : '/'}${url}` : url;
  const found = [
    ...urlTokens(url),
    ...headerTokens(headers.filter((h) => !h.name.startsWith(':'))),
    ...(body.trim() ? scanBody(body, contentType(headers)) : []),
  ];
  return found.map((t) => ({ ...t, url, method: method!.toUpperCase() }));
}

function responseTokens(text: string): PastedToken[] {
  const lines = text.split(/\r?\n/);
  const { headers, body } = splitMessage(lines, 1);
  const found: PastedToken[] = [];
  for (const t of tokensInResponseHeaders(headers))
    found.push({
      token: t.token,
      location: t.location,
      ...('cookieAttributes' in t ? { cookieAttributes: t.cookieAttributes } : {}),
    });
  if (body.trim()) found.push(...tokensInJsonText(body).tokens.map(bodyToken));
  return found;
}

// ---- cURL

/** Options of curl that take a value and carry nothing a token could be in (skipped with their value). */
const CURL_VALUE_OPTIONS = new Set([
  '-o',
  '--output',
  '-x',
  '--proxy',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-w',
  '--write-out',
  '--cacert',
  '--capath',
  '--cert',
  '-E',
  '--key',
  '--resolve',
  '--retry',
  '-c',
  '--cookie-jar',
  '-T',
  '--upload-file',
  '--limit-rate',
  '-r',
  '--range',
  '-y',
  '-Y',
  '-z',
  '-K',
  '--config',
  '--unix-socket',
  '-U',
  '--proxy-user',
  '--interface',
  '--max-redirs',
  '-C',
  '--continue-at',
  '--cert-type',
  '--key-type',
  '--ciphers',
  '--dns-servers',
  '--connect-to',
  '--proxy-header',
  '--retry-delay',
  '--retry-max-time',
  '--expect100-timeout',
  '--local-port',
  '--output-dir',
  '--trace',
  '--trace-ascii',
  '--stderr',
  '-D',
  '--dump-header',
  '--variable',
  '--url-query',
]);
const DATA_OPTIONS = new Set([
  '-d',
  '--data',
  '--data-raw',
  '--data-binary',
  '--data-ascii',
  '--data-urlencode',
  '--json',
]);

function curlTokens(text: string): PastedToken[] {
  const words = /\^\r?\n|\^"/.test(text) ? cmdWords(text) : shellWords(text);
  const headers: HeaderLike[] = [];
  const data: string[] = [];
  const forms: { name: string; value: string }[] = [];
  let url = '';
  let method: string | undefined;
  let get = false;
  let json = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const next = (): string => words[++i] ?? '';
    // Short options may carry their value attached: `-H'x: y'` arrives as `-Hx: y`.
    const short = /^-([HbdXuAeF])(.+)$/.exec(w);
    const [opt, attached] = short ? [`-${short[1]!}`, short[2]!] : [w, undefined];
    const value = (): string => attached ?? next();
    if (opt === '-H' || opt === '--header') {
      const h = value();
      const colon = h.indexOf(':');
      if (colon > 0) headers.push({ name: h.slice(0, colon).trim(), value: h.slice(colon + 1).trim() });
    } else if (opt === '-b' || opt === '--cookie') {
      const c = value();
      if (c.includes('=')) headers.push({ name: 'Cookie', value: c });
    } else if (DATA_OPTIONS.has(opt)) {
      const d = value();
      if (opt === '--json') json = true;
      if (!d.startsWith('@') || opt === '--data-raw') data.push(d);
    } else if (opt === '-F' || opt === '--form' || opt === '--form-string') {
      const f = value();
      const eq = f.indexOf('=');
      if (eq > 0) forms.push({ name: f.slice(0, eq), value: f.slice(eq + 1) });
    } else if (opt === '-u' || opt === '--user') {
      headers.push({ name: 'Authorization', value: `Basic ${latin1Base64(value())}` });
    } else if (opt === '--oauth2-bearer') {
      headers.push({ name: 'Authorization', value: `Bearer ${value()}` });
    } else if (opt === '-A' || opt === '--user-agent') {
      headers.push({ name: 'User-Agent', value: value() });
    } else if (opt === '-e' || opt === '--referer') {
      headers.push({ name: 'Referer', value: value() });
    } else if (opt === '-X' || opt === '--request') {
      method = value().toUpperCase();
    } else if (opt === '--url') {
      url ||= value();
    } else if (opt === '-G' || opt === '--get') {
      get = true;
    } else if (CURL_VALUE_OPTIONS.has(opt)) {
      next();
    } else if (!w.startsWith('-') && !url) {
      url = w;
    }
  }
  const body = data.join('&');
  if (get && body) url = `${url}${url.includes('?') ? '&' : '?'}${body}`;
  const type = contentType(headers) || (json ? 'application/json' : 'application/x-www-form-urlencoded');
  const found = [...urlTokens(url), ...headerTokens(headers)];
  if (body && !get) found.push(...scanBody(body, type));
  for (const f of forms)
    for (const t of findTokens(f.value)) found.push({ token: t.token, location: { kind: 'form-body', name: f.name } });
  const m = method ?? (get ? 'GET' : body || forms.length ? 'POST' : 'GET');
  return found.map((t) => ({ ...t, ...(url ? { url } : {}), method: m }));
}

function latin1Base64(text: string): string {
  try {
    return btoa(text);
  } catch {
    // Not Latin-1: encode as UTF-8 bytes first (curl sends the bytes as typed).
    let bin = '';
    for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
    return btoa(bin);
  }
}

const ANSI_C: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** Reads a `$'…'` string (bash ANSI-C quoting) starting after `$'`; returns its text and where it ends. */
function ansiC(text: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start;
  while (i < text.length && text[i] !== "'") {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1]!;
    const hex = (len: number) => {
      const m = new RegExp(`^[0-9A-Fa-f]{1,${len}}`).exec(text.slice(i + 2, i + 2 + len));
      return m ? m[0] : '';
    };
    if (e in ANSI_C) {
      out += ANSI_C[e];
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const h = hex(e === 'x' ? 2 : e === 'u' ? 4 : 8);
      const cp = h ? parseInt(h, 16) : NaN;
      out += h && cp <= 0x10ffff ? String.fromCodePoint(cp) : `\\${e}`;
      i += 2 + h.length;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(text.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m, 8) & 0xff);
      i += 1 + m.length;
    } else if (e === 'c' && i + 2 < text.length) {
      out += String.fromCharCode(text.charCodeAt(i + 2) & 0x1f);
      i += 3;
    } else {
      out += `\\${e}`;
      i += 2;
    }
  }
  return { value: out, end: i + 1 };
}

/**
 * Splits a POSIX shell command into words as bash would: `'…'`, `"…"` (with `\` escaping `$`, a
 * backquote, `"`, `\` and a newline), `$'…'`, `\` escapes, and `\` line continuations.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const end = () => {
    if (inWord) words.push(cur);
    cur = '';
    inWord = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      end();
      i++;
    } else if (c === '\\') {
      const n = text[i + 1];
      if (n === '\n') i += 2;
      else if (n === '\r' && text[i + 2] === '\n') i += 3;
      else {
        cur += n ?? '';
        inWord = true;
        i += 2;
      }
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 ? text.length : close;
      cur += text.slice(i + 1, stop);
      inWord = true;
      i = stop + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      const r = ansiC(text, i + 2);
      cur += r.value;
      inWord = true;
      i = r.end;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') cur += text[i + 1];
          i += 2;
        } else cur += text[i++];
      }
      inWord = true;
      i++;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  end();
  return words;
}

/**
 * Splits a Windows command into words as Chrome's "Copy as cURL (cmd)" writes them: first cmd.exe's
 * layer (`^` escapes the next character, `^` at a line end continues the line), then the C
 * runtime's argument rules (`"` quotes, `\"` is a literal quote, backslashes double before a quote).
 */
export function cmdWords(text: string): string[] {
  let s = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '^' || i + 1 >= text.length) {
      s += c;
      continue;
    }
    const n = text[i + 1]!;
    if (n === '\r' && text[i + 2] === '\n') i += 2;
    else {
      if (n !== '\n') s += n;
      i++;
    }
  }
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      let k = 0;
      while (s[i + k] === '\\') k++;
      if (s[i + k] === '"') {
        cur += '\\'.repeat(k >> 1);
        if (k % 2 === 1) {
          cur += '"';
          i += k;
        } else i += k - 1;
      } else {
        cur += '\\'.repeat(k);
        i += k - 1;
      }
      inWord = true;
    } else if (c === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && (c === ' ' || c === '\t' || c === '\n' || c === '\r')) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

// ---- one malformed token

/** The single word left once `Authorization:`, a scheme and quotes are taken off, if the text is one. */
function unwrapWord(text: string): string | undefined {
  let t = text.trim();
  t = t.replace(/^(?:proxy-)?authorization:[ \t]*/i, '');
  t = t.replace(/^(?:Bearer|DPoP|Token|JWT)[ \t]+/i, '');
  t = t.replace(/^(["'`])([\s\S]*)\1[,;]?$/, '$2').trim();
  return /\s/.test(t) || t === '' ? undefined : t;
}

/** True for a word that can only have been meant as one token: a JOSE header's start, or dot-separated segments. */
function looksLikeOneToken(word: string): boolean {
  if (/^e[yw]/.test(word)) return true;
  if (word.includes('://') || word.includes('=')) return false;
  return word.includes('.');
}

// ---- results

function locationKey(l: SightingLocation): string {
  return JSON.stringify(l);
}

function dedupe(tokens: PastedToken[]): PastedToken[] {
  const seen = new Set<string>();
  return tokens.filter((t) => {
    const key = `${t.token}\u0000${locationKey(t.location)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The sighting of a token found in pasted text at `time` (epoch ms): typed in, so it travelled nowhere. */
export function pastedSighting(found: PastedToken, time: number): Sighting {
  return {
    direction: 'input',
    via: 'paste',
    location: found.location,
    ...(found.url !== undefined ? { url: found.url } : {}),
    ...(found.method !== undefined ? { method: found.method } : {}),
    ...(found.cookieAttributes ? { cookieAttributes: found.cookieAttributes } : {}),
    time,
  };
}

/** Where in pasted text a token sat, in words: `header Authorization`, `cookie sid`, `query access_token`. */
export function pastedWhere(location: SightingLocation): string {
  switch (location.kind) {
    case 'header':
      return location.url
        ? `header ${location.name} › ${location.url.kind} ${location.url.name}`
        : `header ${location.name}`;
    case 'cookie':
    case 'set-cookie':
    case 'query':
    case 'fragment':
      return `${location.kind} ${location.name}`;
    case 'path':
      return 'URL path';
    case 'form-body':
      return `form field ${location.name}${location.jsonPath ? ` › ${location.jsonPath}` : ''}`;
    case 'json-body':
      return `JSON ${location.jsonPath}`;
    case 'text-body':
      return `text after ${location.name}`;
    case 'storage':
      return `storage ${location.name}`;
    case 'paste':
      return 'the whole text';
  }
}
