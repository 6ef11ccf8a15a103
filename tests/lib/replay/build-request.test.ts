import { describe, expect, it } from 'vitest';
import { buildReplayRequest, isBrowserSetHeader } from '../../../lib/replay/build-request.ts';
import type { RequestRecord, Sighting } from '../../../lib/types.ts';

const T = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';
const N = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.';

const record = (patch: Partial<RequestRecord> = {}): RequestRecord => ({
  requestId: '7',
  time: 1,
  method: 'POST',
  url: 'https://api.example/orders?x=1',
  headers: [
    { name: 'Host', value: 'api.example' },
    { name: 'Content-Length', value: '12' },
    { name: 'Connection', value: 'keep-alive' },
    { name: 'Sec-Fetch-Mode', value: 'cors' },
    { name: 'sec-ch-ua', value: '"Chromium"' },
    { name: 'Accept-Encoding', value: 'gzip' },
    { name: 'Authorization', value: `Bearer ${T}` },
    { name: 'Content-Type', value: 'application/json' },
    { name: 'X-Trace', value: 'abc' },
    { name: 'Cookie', value: `a=1; session=${T}` },
    { name: 'Origin', value: 'https://app.example' },
    { name: 'Referer', value: 'https://app.example/page' },
    { name: 'User-Agent', value: 'UA/1' },
  ],
  body: { text: '{"n":1}', size: 7, kept: 7 },
  tokens: [T],
  ...patch,
});
const header: Pick<Sighting, 'direction' | 'location' | 'requestId'> = {
  direction: 'request',
  location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
  requestId: '7',
};
const code = (r: ReturnType<typeof buildReplayRequest>) => (r.ok ? 'ok' : r.error.code);

describe('buildReplayRequest', () => {
  it('keeps method, URL, body and the headers fetch may set; drops what the browser sets; sets forbidden ones apart', () => {
    const r = buildReplayRequest(record(), header, T, N);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.method).toBe('POST');
    expect(r.value.url).toBe('https://api.example/orders?x=1');
    expect(r.value.origin).toBe('https://api.example');
    expect(r.value.body).toEqual({ kind: 'text', text: '{"n":1}' });
    expect(r.value.headers).toEqual([
      { name: 'Authorization', value: `Bearer ${N}` },
      { name: 'Content-Type', value: 'application/json' },
      { name: 'X-Trace', value: 'abc' },
    ]);
    expect(r.value.ruleHeaders.map((h) => h.name)).toEqual(['Cookie', 'Origin', 'Referer', 'User-Agent']);
    expect(r.value.dropped).toEqual([
      'Host',
      'Content-Length',
      'Connection',
      'Sec-Fetch-Mode',
      'sec-ch-ua',
      'Accept-Encoding',
    ]);
  });

  it('puts a cookie-carried token into the Cookie header for the network rule', () => {
    const r = buildReplayRequest(record(), { ...header, location: { kind: 'cookie', name: 'session' } }, T, N);
    expect(r.ok && r.value.ruleHeaders[0]).toEqual({ name: 'Cookie', value: `a=1; session=${N}` });
    // The Authorization header keeps the captured token: only the sighting's place changes.
    expect(r.ok && r.value.headers[0]).toEqual({ name: 'Authorization', value: `Bearer ${T}` });
  });

  it('refuses a body kept only in part rather than send a different one', () => {
    expect(
      code(buildReplayRequest(record({ body: { text: '{"n":', size: 70_000, kept: 65_536 } }), header, T, N)),
    ).toBe('replay-body-truncated');
    expect(code(buildReplayRequest(record({ body: { size: 900, kept: 900 } }), header, T, N))).toBe('replay-body-file');
  });

  it('sends no body on GET and replays a parsed form', () => {
    const get = buildReplayRequest(record({ method: 'GET', body: { text: 'x', size: 1, kept: 1 } }), header, T, N);
    expect(get.ok && !('body' in get.value)).toBe(true);
    const form = buildReplayRequest(record({ body: { form: { a: ['1'] }, size: 3, kept: 3 } }), header, T, N);
    expect(form.ok && form.value.body).toEqual({ kind: 'form', fields: { a: ['1'] } });
  });

  it('refuses without headers, another request, a non-request sighting, a non-http URL', () => {
    const bare = record();
    delete bare.headers;
    expect(code(buildReplayRequest(bare, header, T, N))).toBe('replay-no-headers');
    expect(code(buildReplayRequest(record(), { ...header, requestId: '8' }, T, N))).toBe('replay-no-record');
    expect(code(buildReplayRequest(record(), { ...header, direction: 'response' }, T, N))).toBe('replay-not-request');
    expect(code(buildReplayRequest(record({ url: 'ftp://api.example/x' }), header, T, N))).toBe('replay-url');
    expect(code(buildReplayRequest(record({ url: 'not a url' }), header, T, N))).toBe('replay-url');
  });

  it('never lets a replacement move the request to another origin', () => {
    const r = buildReplayRequest(
      record({ url: `https://api.example/${T}` }),
      { ...header, location: { kind: 'path', name: 'path' } },
      T,
      '/@evil.example',
    );
    // "https://api.example//@evil.example" stays on api.example; a scheme-relative trick cannot leave it.
    expect(r.ok && r.value.origin).toBe('https://api.example');
    const leave = buildReplayRequest(
      record({ url: `https://${T}.example/x` }),
      { ...header, location: { kind: 'path', name: 'path' } },
      T,
      N,
    );
    expect(code(leave)).toBe('put-back-not-found');
  });

  it('knows the headers the browser sets', () => {
    for (const n of ['Host', 'content-length', 'Sec-Fetch-Site', 'Proxy-Authorization', 'TE', ':authority'])
      expect(isBrowserSetHeader(n), n).toBe(true);
    for (const n of ['Authorization', 'DPoP', 'X-Api-Key', 'Content-Type', 'Accept'])
      expect(isBrowserSetHeader(n), n).toBe(false);
  });
});
