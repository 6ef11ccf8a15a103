import { describe, expect, it } from 'vitest';
import {
  cmdWords,
  pastedSighting,
  pastedWhere,
  readPaste,
  shellWords,
  type PasteReading,
} from '../../../lib/capture/paste-tokens.ts';
import { decodeToken, type DecodedToken } from '../../../lib/decode-token.ts';
import { b64, jwe, jws } from './mint.ts';

const [A, B, C, D] = [jws({ sub: 'a' }), jws({ sub: 'b' }), jws({ sub: 'c' }), jws({ sub: 'd' })];
const E = jwe();
const JWS_JSON = JSON.stringify({
  payload: b64({ sub: 'j' }),
  protected: b64({ alg: 'HS256' }),
  signature: b64('sig'),
});

/** Each found token as `[token, where]`, in the order found. */
function found(r: PasteReading): [string, string][] {
  if (r.kind !== 'tokens') throw new Error(`expected tokens, got ${JSON.stringify(r)}`);
  return r.tokens.map((t) => [t.token, pastedWhere(t.location)]);
}

// Real-world shapes: what browsers and proxies put on the clipboard (tokens minted per run).
const CASES: { name: string; text: string; form: string; tokens: [string, string][] }[] = [
  {
    name: 'a bare token',
    text: `  ${A}\n`,
    form: 'token',
    tokens: [[A, 'the whole text']],
  },
  {
    name: 'a JWE alone',
    text: E,
    form: 'token',
    tokens: [[E, 'the whole text']],
  },
  {
    name: 'a JWS in JSON serialisation (one token as a whole)',
    text: JWS_JSON,
    form: 'token',
    tokens: [[JWS_JSON, 'the whole text']],
  },
  {
    name: 'Bearer, as copied from the Network panel value',
    text: `Bearer ${A}`,
    form: 'authorization',
    tokens: [[A, 'header Authorization']],
  },
  {
    name: 'a whole Authorization line',
    text: `Authorization: Bearer ${A}`,
    form: 'headers',
    tokens: [[A, 'header Authorization']],
  },
  {
    name: 'a Cookie line with two token cookies',
    text: `Cookie: theme=dark; sid=${A}; __Host-refresh=${B}`,
    form: 'headers',
    tokens: [
      [A, 'cookie sid'],
      [B, 'cookie __Host-refresh'],
    ],
  },
  {
    name: 'a Set-Cookie line',
    text: `Set-Cookie: id_token=${A}; Path=/; Secure; HttpOnly; SameSite=Lax`,
    form: 'headers',
    tokens: [[A, 'set-cookie id_token']],
  },
  {
    name: 'a cookie string without the header name',
    text: `sid=${A}; theme=dark`,
    form: 'cookies',
    tokens: [[A, 'cookie sid']],
  },
  {
    name: 'an implicit-flow redirect URL',
    text: `https://app.example.com/callback#access_token=${A}&token_type=Bearer&id_token=${B}&state=xyz`,
    form: 'url',
    tokens: [
      [A, 'fragment access_token'],
      [B, 'fragment id_token'],
    ],
  },
  {
    name: 'a URL with a token in the query and the path',
    text: `https://api.example.com/v1/${C}/files?access_token=${A}`,
    form: 'url',
    tokens: [
      [C, 'URL path'],
      [A, 'query access_token'],
    ],
  },
  {
    name: 'a JSON token response',
    text: JSON.stringify(
      { access_token: A, token_type: 'Bearer', expires_in: 3600, refresh_token: E, id_token: B, scope: 'openid' },
      null,
      2,
    ),
    form: 'json',
    tokens: [
      [A, 'JSON access_token'],
      [E, 'JSON refresh_token'],
      [B, 'JSON id_token'],
    ],
  },
  {
    name: 'a DevTools request-headers copy (HTTP/2 pseudo-headers)',
    text: [
      ':authority: api.example.com',
      ':method: GET',
      `:path: /api/me?access_token=${A}`,
      ':scheme: https',
      'accept: application/json',
      `authorization: Bearer ${B}`,
      `cookie: sid=${C}`,
    ].join('\n'),
    form: 'headers',
    tokens: [
      [B, 'header authorization'],
      [C, 'cookie sid'],
      [A, 'query access_token'],
    ],
  },
  {
    name: "Chrome's Copy as cURL (bash): $'…' quoting and line continuations",
    text: [
      `curl 'https://api.example.com/api/me?access_token=${A}' \\`,
      `  -H 'accept: application/json, text/plain, */*' \\`,
      `  -H 'accept-language: en-US,en;q=0.9' \\`,
      `  -H 'authorization: Bearer ${B}' \\`,
      `  -b 'theme=dark; sid=${C}' \\`,
      `  -H 'content-type: application/json' \\`,
      `  -H 'origin: https://app.example.com' \\`,
      `  -H 'priority: u=1, i' \\`,
      `  -H 'sec-ch-ua: "Chromium";v="131", "Not_A Brand";v="24"' \\`,
      `  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' \\`,
      // Chrome doubles a backslash, writes \' for a quote and \u0021 for "!" inside $'…'.
      `  --data-raw $'{"refresh_token":"${D}","note":"it\\'s done\\u0021\\\\n é"}'`,
    ].join('\n'),
    form: 'curl',
    tokens: [
      [A, 'query access_token'],
      [B, 'header authorization'],
      [C, 'cookie sid'],
      [D, 'JSON refresh_token'],
    ],
  },
  {
    name: "Chrome's Copy as cURL (cmd): ^ escapes and continuations",
    text: [
      `curl ^"https://api.example.com/api/me?access_token=${A}^" ^`,
      `  -H ^"accept: */*^" ^`,
      `  -H ^"authorization: Bearer ${B}^" ^`,
      `  -b ^"sid=${C}; theme=dark^" ^`,
      `  -H ^"content-type: application/json^" ^`,
      `  --data-raw ^"^{^\\^"id_token^\\^":^\\^"${D}^\\^"^}^"`,
    ].join('\n'),
    form: 'curl',
    tokens: [
      [A, 'query access_token'],
      [B, 'header authorization'],
      [C, 'cookie sid'],
      [D, 'JSON id_token'],
    ],
  },
  {
    name: "Firefox's Copy as cURL: one line, '\\'' quoting, Cookie as a header, form body",
    text:
      `curl 'https://idp.example.com/oauth/token' --compressed -X POST ` +
      `-H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' ` +
      `-H 'Accept: */*' -H 'Accept-Language: en-US,en;q=0.5' -H 'Accept-Encoding: gzip, deflate, br, zstd' ` +
      `-H 'X-Note: it'\\''s mine' -H 'Authorization: DPoP ${A}' -H 'DPoP: ${B}' ` +
      `-H 'Content-Type: application/x-www-form-urlencoded' -H 'Origin: https://app.example.com' ` +
      `-H 'Connection: keep-alive' -H 'Cookie: _ga=GA1.2.3.4; session=${C}' -H 'Sec-Fetch-Dest: empty' ` +
      `--data-raw 'grant_type=refresh_token&refresh_token=${D}&client_id=spa'`,
    form: 'curl',
    tokens: [
      [A, 'header Authorization'],
      [B, 'header DPoP'],
      [C, 'cookie session'],
      [D, 'form field refresh_token'],
    ],
  },
  {
    name: 'a raw request from Burp (HTTP/2, CRLF, form body)',
    text:
      `POST /oauth/token?audience=api HTTP/2\r\nHost: idp.example.com\r\nCookie: __Host-sid=${A}\r\n` +
      `Authorization: Bearer ${B}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 77\r\n` +
      `Sec-Fetch-Mode: cors\r\n\r\ngrant_type=urn:ietf:params:oauth:grant-type:token-exchange&subject_token=${C}`,
    form: 'http-request',
    tokens: [
      [A, 'cookie __Host-sid'],
      [B, 'header Authorization'],
      [C, 'form field subject_token'],
    ],
  },
  {
    name: 'a raw request with a JSON body and a token in the request target',
    text: `PUT /files/${A} HTTP/1.1\nHost: api.example.com\nContent-Type: application/json\n\n{"data":{"tokens":["${B}"]}}`,
    form: 'http-request',
    tokens: [
      [A, 'URL path'],
      [B, 'JSON data.tokens[0]'],
    ],
  },
  {
    name: 'a raw redirect response',
    text: `HTTP/1.1 302 Found\r\nLocation: https://app.example.com/cb?code=x&id_token=${A}\r\nSet-Cookie: s=${B}; HttpOnly\r\n\r\n`,
    form: 'http-response',
    tokens: [
      [B, 'set-cookie s'],
      [A, 'header Location › query id_token'],
    ],
  },
  {
    name: 'a log line',
    text: `2026-12-01T09:00:00Z WARN refresh failed token=${A} user=alice`,
    form: 'text',
    tokens: [[A, 'text after token']],
  },
  {
    name: 'a quoted token',
    text: `"${A}"`,
    form: 'text',
    tokens: [[A, 'the whole text']],
  },
];

describe('readPaste: real-world pastes', () => {
  it.each(CASES)('$name', ({ text, form, tokens }) => {
    const r = readPaste(text);
    expect(r.kind === 'tokens' && r.form).toBe(form);
    expect(found(r)).toEqual(tokens);
  });

  it('a cURL command keeps its URL and method on every token; Basic credentials from -u are read', () => {
    const r = readPaste(`curl -u 'alice:${A}' https://api.example.com/x -X put -H "X-Api: ${B}"`);
    expect(r.kind === 'tokens' && r.tokens).toEqual([
      {
        token: A,
        location: { kind: 'header', name: 'Authorization', scheme: 'Basic', credential: 'password' },
        url: 'https://api.example.com/x',
        method: 'PUT',
      },
      { token: B, location: { kind: 'header', name: 'X-Api' }, url: 'https://api.example.com/x', method: 'PUT' },
    ]);
  });

  it('curl -G moves the data into the query; a @file is not read', () => {
    const r = readPaste(`curl -G https://x.example/s --data-urlencode "id_token=${A}" -d @body.json`);
    expect(found(r)).toEqual([[A, 'query id_token']]);
    expect(r.kind === 'tokens' && r.tokens[0]!.method).toBe('GET');
  });

  it('a raw request builds its URL from Host and keeps the method', () => {
    const r = readPaste(`GET /api/me HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer ${A}`);
    expect(r.kind === 'tokens' && r.tokens[0]).toMatchObject({ url: 'https://api.example.com/api/me', method: 'GET' });
  });

  it('Set-Cookie keeps the cookie attributes on the sighting', () => {
    const r = readPaste(`Set-Cookie: id=${A}; Secure; SameSite=None`);
    expect(r.kind === 'tokens' && r.tokens[0]!.cookieAttributes).toEqual({
      httpOnly: false,
      secure: true,
      sameSite: 'None',
    });
  });

  it('the same token in two places is found at both; the same place twice once', () => {
    expect(found(readPaste(`Authorization: Bearer ${A}\nCookie: sid=${A}\nCookie: sid=${A}`))).toEqual([
      [A, 'header Authorization'],
      [A, 'cookie sid'],
    ]);
  });
});

describe('readPaste: only one malformed token is malformed', () => {
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  it.each([
    ['a payload with a bad character', `${header}.eyJzdWIiOiJ4In0*.c2ln`, `${header}.eyJzdWIiOiJ4In0*.c2ln`],
    ['two segments', 'abc.def', 'abc.def'],
    ['a header that is not JSON', `${b64('{"alg":"HS256",}')}.e30.sig`, `${b64('{"alg":"HS256",}')}.e30.sig`],
    ['Bearer and a cut token', `Bearer ${header}.eyJzdWIi`, `${header}.eyJzdWIi`],
    ['an Authorization line with a broken token', `Authorization: Bearer ${header}.%%%.x`, `${header}.%%%.x`],
    ['a lone header segment', header, header],
  ])('%s', (_name, text, word) => {
    expect(readPaste(text)).toEqual({ kind: 'malformed', form: expect.any(String), text: word });
  });

  it.each([
    ['prose', 'not a token', 'text'],
    ['a cURL command without tokens', "curl 'https://example.com/' -H 'accept: */*'", 'curl'],
    ['a URL without tokens', 'https://example.com/a.b.c', 'url'],
    ['JSON without tokens', '{"a": "b.c.d"}', 'json'],
    ['header lines without tokens', 'Accept: */*\nHost: example.com', 'headers'],
  ])('%s is no token, not a malformed one', (_name, text, form) => {
    expect(readPaste(text)).toEqual({ kind: 'none', form });
  });

  it('empty and hostile input', () => {
    expect(readPaste('  \n ')).toEqual({ kind: 'empty' });
    expect(readPaste(undefined as never)).toEqual({ kind: 'empty' });
    expect(() => readPaste("curl $'\\")).not.toThrow();
    expect(() => readPaste('curl "unterminated')).not.toThrow();
    expect(() => readPaste('POST / HTTP/1.1\n\n')).not.toThrow();
  });
});

describe('shell words', () => {
  it('reads bash quoting as bash does', () => {
    expect(shellWords(`a 'b c' "d \\"e\\" \\$f \\g" $'h\\'i\\n\\x41\\u00e9\\101' j\\ k \\\n l`)).toEqual([
      'a',
      'b c',
      'd "e" $f \\g',
      "h'i\nAéA",
      'j k',
      'l',
    ]);
    expect(shellWords(`'it'\\''s'`)).toEqual(["it's"]);
  });
  it('reads cmd quoting as Chrome writes it', () => {
    expect(cmdWords('curl ^"a b^" ^\n -H ^"x: \\^"y\\^"^" c^&d')).toEqual(['curl', 'a b', '-H', 'x: "y"', 'c&d']);
  });
});

describe('pastedSighting', () => {
  it('is an input sighting via paste with the location, URL and method found', () => {
    expect(
      pastedSighting(
        { token: A, location: { kind: 'query', name: 'access_token' }, url: 'https://x/', method: 'GET' },
        5,
      ),
    ).toEqual({
      direction: 'input',
      via: 'paste',
      location: { kind: 'query', name: 'access_token' },
      url: 'https://x/',
      method: 'GET',
      time: 5,
    });
  });
});

describe('readPaste with the caller’s decoder', () => {
  it('decodes a token pasted whole with the decoder it is given (the panel’s cached, off-thread decoding)', () => {
    const token = jws({ sub: 'decoded-by-caller' });
    const asked: string[] = [];
    const reading = readPaste(`  ${token}  `, (t) => {
      asked.push(t);
      return decodeToken(t);
    });
    expect(asked).toEqual([token]);
    expect(reading).toMatchObject({ kind: 'tokens', form: 'token', tokens: [{ token }] });
    // What the decoder says decides: a token it calls malformed is not read as the one token of the paste.
    const refused = readPaste(token, (t) => ({ ...decodeToken(t), kind: 'malformed' }) as DecodedToken);
    expect(refused).not.toMatchObject({ form: 'token' });
  });
});
