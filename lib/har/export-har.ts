// The request log as a HAR 1.2 file for a bug ticket: token-carrying requests, their answers, redacted by default.
import type { Sighting } from '../capture/model.ts';
import { parseCookieHeader } from '../capture/parse-headers.ts';
import { parseSetCookie } from '../capture/set-cookie.ts';
import { REDACTED, redactToken } from '../export/redact.ts';
import { findTokens } from '../find-tokens.ts';
import type { HttpHeader, RequestRecord } from '../types.ts';
import type { HarExportInput, HarExportOptions } from './model.ts';

// Parameters and members whose values are secrets even when they are not JWTs (RFC 6749, RFC 7636, common APIs).
const SECRET_NAMES = new Set([
  'password',
  'client_secret',
  'code',
  'code_verifier',
  'refresh_token',
  'access_token',
  'id_token',
  'token',
  'api_key',
  'apikey',
  'assertion',
  'client_assertion',
  'subject_token',
  'actor_token',
]);
const CREDENTIAL_HEADERS = /^(?:authorization|proxy-authorization)$/i;

interface HarHeader {
  name: string;
  value: string;
}

interface HarCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  expires?: string;
  httpOnly?: boolean;
  secure?: boolean;
}

/** Redacts what a value must not show: tokens keep header and payload (signature gone), other secrets go whole. */
class Redactor {
  constructor(
    private readonly on: boolean,
    private readonly known: readonly string[],
  ) {}

  /** Every token (known or found in the text) replaced by its redacted form. */
  tokens(text: string): string {
    if (!this.on || text === '') return text;
    let out = text;
    const all = new Set(this.known.filter((t) => t.length >= 8 && out.includes(t)));
    for (const f of findTokens(out)) all.add(f.token);
    // Longest first, so a token inside another is not half-replaced.
    for (const t of [...all].sort((a, b) => b.length - a.length)) out = out.split(t).join(redactToken(t));
    return out;
  }

  /** A value that is a secret as a whole: its tokens redacted if it holds any, else all of it. */
  secret(value: string): string {
    if (!this.on || value === '') return value;
    const redacted = this.tokens(value);
    return redacted !== value ? redacted : REDACTED;
  }

  header(h: HarHeader): HarHeader {
    if (!this.on) return h;
    const lower = h.name.toLowerCase();
    if (lower === 'cookie')
      return {
        name: h.name,
        value: parseCookieHeader(h.value)
          .map((c) => `${c.name}=${this.secret(c.value)}`)
          .join('; '),
      };
    if (lower === 'set-cookie')
      return {
        name: h.name,
        value: h.value
          .split(/\r?\n/)
          .map((l) => this.setCookie(l))
          .join('\n'),
      };
    if (CREDENTIAL_HEADERS.test(h.name)) {
      const redacted = this.tokens(h.value);
      if (redacted !== h.value) return { name: h.name, value: redacted };
      const scheme = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s+\S/.exec(h.value)?.[1];
      return { name: h.name, value: scheme ? `${scheme} ${REDACTED}` : REDACTED };
    }
    return { name: h.name, value: this.tokens(h.value) };
  }

  private setCookie(line: string): string {
    const eq = line.indexOf('=');
    if (eq < 0) return line;
    const semi = line.indexOf(';');
    const end = semi < 0 ? line.length : semi;
    if (end < eq) return line;
    const value = line.slice(eq + 1, end).trim();
    return `${line.slice(0, eq + 1)}${value === '' ? '' : this.secret(value)}${line.slice(end)}`;
  }

  /** A URL with its tokens and secret parameters redacted. */
  url(url: string): string {
    if (!this.on) return url;
    return this.tokens(url).replace(/([?&#])([^=&#]+)=([^&#]*)/g, (all, sep: string, name: string, value: string) =>
      SECRET_NAMES.has(safeDecode(name).toLowerCase()) &&
      value !== '' &&
      !value.includes(REDACTED_URL) &&
      !value.includes(REDACTED)
        ? `${sep}${name}=${REDACTED_URL}`
        : all,
    );
  }

  /** A request body: tokens, secret form fields and JSON members redacted. */
  body(text: string): string {
    if (!this.on) return text;
    let out = this.tokens(text);
    if (/^\s*[[{]/.test(out))
      out = out.replace(
        /"([^"\\]{1,64})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g,
        (all, name: string, colon: string, value: string) =>
          SECRET_NAMES.has(name.toLowerCase()) && value !== '' && !value.includes(REDACTED)
            ? `"${name}"${colon}"${REDACTED}"`
            : all,
      );
    else if (/^[^=&\s]+=/.test(out))
      out = out
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          if (eq < 0) return pair;
          const name = safeDecode(pair.slice(0, eq).replace(/\+/g, ' ')).toLowerCase();
          const value = pair.slice(eq + 1);
          return SECRET_NAMES.has(name) && value !== '' && !value.includes(REDACTED_URL) && !value.includes(REDACTED)
            ? `${pair.slice(0, eq)}=${REDACTED_URL}`
            : pair;
        })
        .join('&');
    return out;
  }
}

// The placeholder as it reads inside a URL or form body (percent-encoded angle brackets).
const REDACTED_URL = encodeURIComponent(REDACTED);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function iso(ms: number): string {
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString();
}

function header(headers: readonly HarHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** Request headers of a record that kept none, rebuilt from the sightings of its tokens. */
function rebuiltRequestHeaders(sightings: readonly { token: string; s: Sighting }[]): HarHeader[] {
  const out: HarHeader[] = [];
  const cookies: string[] = [];
  for (const { token, s } of sightings) {
    if (s.direction !== 'request') continue;
    const loc = s.location;
    if (loc.kind === 'header' && !loc.url && !loc.credential)
      out.push({ name: loc.name, value: loc.scheme ? `${loc.scheme} ${token}` : token });
    else if (loc.kind === 'cookie') cookies.push(`${loc.name}=${token}`);
  }
  if (cookies.length) out.push({ name: 'Cookie', value: cookies.join('; ') });
  return out;
}

function cookiesOf(h: HarHeader | undefined): HarCookie[] {
  return h ? parseCookieHeader(h.value).map((c) => ({ name: c.name, value: c.value })) : [];
}

function setCookiesOf(headers: readonly HarHeader[]): HarCookie[] {
  const out: HarCookie[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== 'set-cookie') continue;
    for (const line of h.value.split(/\r?\n/)) {
      const c = parseSetCookie(line);
      if (!c) continue;
      const cookie: HarCookie = {
        name: c.name,
        value: c.value,
        httpOnly: c.attributes.httpOnly,
        secure: c.attributes.secure,
      };
      if (c.attributes.path !== undefined) cookie.path = c.attributes.path;
      if (c.attributes.domain !== undefined) cookie.domain = c.attributes.domain;
      if (c.attributes.expires !== undefined) cookie.expires = c.attributes.expires;
      out.push(cookie);
    }
  }
  return out;
}

function queryOf(url: string): HarHeader[] {
  try {
    const out: HarHeader[] = [];
    new URL(url).searchParams.forEach((value, name) => out.push({ name, value }));
    return out;
  } catch {
    return [];
  }
}

/**
 * The request log as HAR 1.2 text (creator JWT Lens): each record's request (headers as sent, or
 * rebuilt from its tokens' sightings), body, status, response headers and, for tokens a response
 * delivered in its body, a rebuilt JSON body naming them (marked by a comment: not the original
 * body). By default every token loses its signature (header and payload stay, so a re-import
 * still draws the timeline), and cookie values, Authorization credentials and secret parameters
 * (password, client_secret, code, …) become `<redacted>`; `includeSecrets` keeps them.
 */
export function exportHar(input: HarExportInput, options: HarExportOptions): string {
  const include = options.includeSecrets === true;
  const tokens = Array.isArray(input.tokens) ? input.tokens : [];
  const records = (Array.isArray(input.requests) ? input.requests : [])
    .filter((r): r is RequestRecord => !!r && typeof r.url === 'string' && typeof r.time === 'number')
    .sort((a, b) => a.time - b.time);
  const known = new Set<string>(tokens.map((t) => t.token));
  for (const r of records) for (const t of r.tokens ?? []) known.add(t);
  const redact = new Redactor(!include, [...known]);
  const byRequest = new Map<string, { token: string; s: Sighting }[]>();
  const responses = new Map<string, { token: string; s: Sighting }[]>();
  for (const t of tokens) {
    for (const s of t.sightings ?? []) {
      if (s.requestId !== undefined) {
        const list = byRequest.get(s.requestId) ?? [];
        list.push({ token: t.token, s });
        byRequest.set(s.requestId, list);
      }
      if (s.direction === 'response' && s.url !== undefined && s.location.kind === 'json-body') {
        const list = responses.get(t.token) ?? [];
        list.push({ token: t.token, s });
        responses.set(t.token, list);
      }
    }
  }

  const entries = records.map((r) => {
    const sightings = byRequest.get(r.requestId) ?? [];
    const reqHeaders: HarHeader[] = r.headers?.length
      ? r.headers.map((h) => ({ ...h }))
      : rebuiltRequestHeaders(sightings);
    const resHeaders: HarHeader[] = (r.responseHeaders ?? []).map((h: HttpHeader) => ({ ...h }));
    if (r.serverDate !== undefined && header(resHeaders, 'date') === undefined)
      resHeaders.push({ name: 'Date', value: new Date(r.serverDate).toUTCString() });
    if (r.challenge && header(resHeaders, 'www-authenticate') === undefined)
      resHeaders.push({ name: 'WWW-Authenticate', value: r.challenge.raw });
    for (const { token, s } of sightings)
      if (
        s.direction === 'response' &&
        s.location.kind === 'set-cookie' &&
        !s.removed &&
        header(resHeaders, 'set-cookie') === undefined
      )
        resHeaders.push({ name: 'Set-Cookie', value: `${s.location.name}=${token}` });
    const bodyText =
      r.body?.text ??
      (r.body?.form
        ? new URLSearchParams(Object.entries(r.body.form).flatMap(([k, vs]) => vs.map((v) => [k, v]))).toString()
        : undefined);
    // Tokens the record names but neither the request nor the response headers hold: delivered in the body.
    const seen = [r.url, bodyText ?? '', ...reqHeaders.map((h) => h.value), ...resHeaders.map((h) => h.value)].join(
      '\n',
    );
    const delivered: Record<string, string> = {};
    const at = r.responseTime ?? r.time;
    for (const t of r.tokens ?? []) {
      // A body sighting of this exchange names the member; a token seen nowhere else was in the body too.
      const match = (responses.get(t) ?? []).find(
        (x) => x.s.requestId === r.requestId || (x.s.url === r.url && Math.abs(x.s.time - at) < 5000),
      );
      if (!match && seen.includes(t)) continue;
      let name = match && match.s.location.kind === 'json-body' ? match.s.location.name : 'token';
      while (name in delivered) name = `${name}_`;
      delivered[name] = t;
    }
    const deliveredText = Object.keys(delivered).length ? JSON.stringify(delivered) : undefined;
    const outReq = reqHeaders.map((h) => redact.header(h));
    const outRes = resHeaders.map((h) => redact.header(h));
    const location = header(outRes, 'location');
    const contentType = header(reqHeaders, 'content-type') ?? (r.body?.form ? 'application/x-www-form-urlencoded' : '');
    const wait = Math.max(0, (r.responseTime ?? r.time) - r.time);
    const entry: Record<string, unknown> = {
      startedDateTime: iso(r.time),
      time: wait,
      request: {
        method: r.method,
        url: redact.url(r.url),
        httpVersion: 'HTTP/1.1',
        cookies: cookiesOf(outReq.find((h) => h.name.toLowerCase() === 'cookie')),
        headers: outReq,
        queryString: queryOf(redact.url(r.url)),
        headersSize: -1,
        bodySize: r.body?.size ?? 0,
        ...(bodyText !== undefined
          ? {
              postData: {
                mimeType: contentType,
                text: redact.body(bodyText),
                ...(r.body && r.body.kept < r.body.size
                  ? { comment: `first ${r.body.kept} of ${r.body.size} bytes` }
                  : {}),
              },
            }
          : {}),
      },
      response: {
        status: r.status ?? 0,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        cookies: setCookiesOf(outRes),
        headers: outRes,
        content: deliveredText
          ? {
              size: deliveredText.length,
              mimeType: 'application/json',
              text: redact.body(deliveredText),
              comment: 'rebuilt by JWT Lens from the tokens this response delivered; not the original body',
            }
          : { size: 0, mimeType: header(resHeaders, 'content-type') ?? '' },
        redirectURL: location ?? '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait, receive: 0 },
    };
    if (r.type !== undefined) entry._resourceType = r.type;
    return entry;
  });

  const log = {
    version: '1.2',
    creator: { name: 'JWT Lens', version: options.version ?? '' },
    pages: [],
    entries,
    comment: include
      ? `Exported by JWT Lens at ${iso(options.generatedAt)} with tokens and secrets included.`
      : `Exported by JWT Lens at ${iso(options.generatedAt)}: token signatures, cookie values, credentials and secret parameters are redacted.`,
  };
  return `${JSON.stringify({ log }, null, 2)}\n`;
}
