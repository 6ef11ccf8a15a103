import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../lib/capture/model.ts';
import { candidateHeaders, scanRawEvent, type RawEvent } from '../../../lib/capture/raw-event.ts';
import {
  boundHeaders,
  cookieDeletions,
  keptRequestBody,
  MAX_CHALLENGE_CHARS,
  mayDeleteCookie,
  parseChallenge,
  parseHttpDate,
  RequestLog,
} from '../../../lib/capture/request-log.ts';
import { deletedNote, noLongerStored, noLongerStoredNote, sightingLabel } from '../../../lib/capture/sighting-label.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('WWW-Authenticate challenges (RFC 6750 §3)', () => {
  it('reads the scheme, error and error_description, unquoting', () => {
    expect(
      parseChallenge('Bearer realm="example", error="invalid_token", error_description="The access token expired"'),
    ).toEqual({
      raw: 'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
      scheme: 'Bearer',
      error: 'invalid_token',
      description: 'The access token expired',
    });
  });

  it('reads quoted commas and escapes, token values, and case-insensitive parameter names', () => {
    const c = parseChallenge(
      'Bearer ERROR=insufficient_scope, Error_Description="needs \\"admin\\", sorry", scope="a b"',
    );
    expect(c).toMatchObject({ scheme: 'Bearer', error: 'insufficient_scope', description: 'needs "admin", sorry' });
  });

  it('picks the challenge that has an error among several (DPoP beside Bearer)', () => {
    const c = parseChallenge('Basic realm="x", DPoP algs="ES256", error="invalid_dpop_proof", error_description="bad"');
    expect(c).toMatchObject({ scheme: 'Basic', error: 'invalid_dpop_proof', description: 'bad' });
  });

  it('takes a bare scheme, a token68, and junk without throwing', () => {
    expect(parseChallenge('Bearer')).toEqual({ raw: 'Bearer', scheme: 'Bearer' });
    expect(parseChallenge('Negotiate a87421000492aa874209af8bc028')).toEqual({
      raw: 'Negotiate a87421000492aa874209af8bc028',
      scheme: 'Negotiate',
    });
    for (const junk of ['', ',,,', '"', '=x', 'Bearer error="unterminated', '\u0000\u202e'])
      expect(() => parseChallenge(junk)).not.toThrow();
    expect(parseChallenge('')).toEqual({ raw: '' });
  });

  it('bounds what it keeps', () => {
    const long = `Bearer error="invalid_token", error_description="${'x'.repeat(5000)}"`;
    const c = parseChallenge(long);
    expect(c.raw.length).toBe(MAX_CHALLENGE_CHARS + 1);
    expect(c.raw.endsWith('…')).toBe(true);
    expect(c.error).toBe('invalid_token');
    expect(c.description!.length).toBeLessThanOrEqual(MAX_CHALLENGE_CHARS);
  });
});

describe('the Date header', () => {
  it('reads IMF-fixdate and the obsolete forms, and refuses junk', () => {
    expect(parseHttpDate('Tue, 01 Dec 2026 12:04:31 GMT')).toBe(Date.UTC(2026, 11, 1, 12, 4, 31));
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toEqual(expect.any(Number));
    expect(parseHttpDate('yesterday')).toBeUndefined();
    expect(parseHttpDate(undefined)).toBeUndefined();
    expect(parseHttpDate('x'.repeat(100))).toBeUndefined();
  });
});

describe('cookie deletions (a logout)', () => {
  const h = (value: string) => [{ name: 'Set-Cookie', value }];

  it('Max-Age=0, Max-Age=-1 and an Expires in the past delete; Max-Age > 0 does not', () => {
    expect(cookieDeletions(h('session=; Max-Age=0; Path=/'), NOW)).toEqual(['session']);
    expect(cookieDeletions(h('session=; max-age=-1'), NOW)).toEqual(['session']);
    expect(cookieDeletions(h('session=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT'), NOW)).toEqual(['session']);
    expect(cookieDeletions(h('session=x; Max-Age=60'), NOW)).toEqual([]);
    expect(cookieDeletions(h('session=x; Expires=Fri, 01 Jan 2100 00:00:00 GMT'), NOW)).toEqual([]);
    // Max-Age wins over Expires (RFC 6265bis §5.6.2).
    expect(cookieDeletions(h('session=x; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT'), NOW)).toEqual([]);
    expect(cookieDeletions(h('session=x'), NOW)).toEqual([]);
  });

  it('reads every line of a joined header and every header, once per name', () => {
    const headers = [
      { name: 'set-cookie', value: 'a=; Max-Age=0\nb=keep; Max-Age=10\nc=; Expires=Wed, 21 Oct 2015 07:28:00 GMT' },
      { name: 'Set-Cookie', value: 'a=; Max-Age=0' },
      { name: 'X-Other', value: 'd=; Max-Age=0' },
    ];
    expect(cookieDeletions(headers, NOW)).toEqual(['a', 'c']);
  });

  it('the listener’s cheap test lets every deletion through, and a cookie set for later is not one', () => {
    for (const v of ['session=; Max-Age=0', 'a=1\nsession=; Max-Age=-1', 's=; Expires=Thu, 01 Jan 1970 00:00:00 GMT'])
      expect(mayDeleteCookie(v, NOW)).toBe(true);
    for (const v of ['session=abc; Max-Age=3600', 'session=abc; Expires=Fri, 01 Jan 2100 00:00:00 GMT', 'session=x'])
      expect(mayDeleteCookie(v, NOW)).toBe(false);
  });

  it('a deleting Set-Cookie is a candidate response header (it holds no "ey"), only with a response time', () => {
    const headers = [
      { name: 'Set-Cookie', value: 'session=; Max-Age=0; Path=/' },
      { name: 'Set-Cookie', value: 'theme=dark; Max-Age=3600' },
    ];
    expect(candidateHeaders(headers)).toEqual([]);
    expect(candidateHeaders(headers, NOW)).toEqual([headers[0]]);
  });
});

describe('bounds on what a record keeps', () => {
  it('headers: kept in order while they fit, the rest counted', () => {
    const headers = [
      { name: 'A', value: 'x'.repeat(10) },
      { name: 'B', value: 'y'.repeat(100) },
      { name: 'C', value: 'z' },
      { name: 'bin', value: undefined },
    ];
    expect(boundHeaders(headers, 20)).toEqual({
      kept: [
        { name: 'A', value: 'x'.repeat(10) },
        { name: 'C', value: 'z' },
      ],
      omitted: 1,
    });
  });

  it('headers: the unmeasured fast path (everything fits even at 3 bytes a unit) keeps what measuring would', () => {
    const measured = (headers: { name: string; value?: string }[], max: number) => {
      const kept: { name: string; value: string }[] = [];
      let omitted = 0;
      let used = 0;
      for (const h of headers) {
        if (typeof h.value !== 'string') continue;
        const bytes = new TextEncoder().encode(h.name).length + new TextEncoder().encode(h.value).length;
        if (used + bytes > max) omitted++;
        else {
          used += bytes;
          kept.push({ name: h.name, value: h.value });
        }
      }
      return { kept, omitted };
    };
    const header = fc.record({
      name: fc.string({ unit: 'grapheme', maxLength: 8 }),
      value: fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(header, { maxLength: 12 }), fc.integer({ min: 0, max: 1200 }), (headers, max) => {
        expect(boundHeaders(headers, max)).toEqual(measured(headers, max));
      }),
      { numRuns: 2000 },
    );
  });

  it('a raw body: the first bytes as UTF-8 text, with the whole size', () => {
    const bytes = new TextEncoder().encode('{"a":"' + 'é'.repeat(100) + '"}');
    expect(keptRequestBody({ raw: [{ bytes: bytes.buffer }] }, 16)).toEqual({
      text: '{"a":"ééééé',
      size: bytes.length,
      kept: 16,
    });
    const whole = keptRequestBody({ raw: [{ bytes: new TextEncoder().encode('a=1') }] });
    expect(whole).toEqual({ text: 'a=1', size: 3, kept: 3 });
  });

  it('form fields: kept while they fit', () => {
    expect(keptRequestBody({ formData: { a: ['1', '2'], b: ['x'.repeat(50)], c: ['3'] } }, 10)).toEqual({
      form: { a: ['1', '2'], c: ['3'] },
      size: 57,
      kept: 6,
    });
  });

  it('hostile shapes keep nothing and never throw', () => {
    const throwing = {
      get formData(): never {
        throw new Error('boom');
      },
    };
    expect(keptRequestBody(throwing)).toBeUndefined();
    expect(keptRequestBody(null)).toBeUndefined();
    expect(keptRequestBody({ raw: [{ bytes: 5 as never }] })).toBeUndefined();
  });
});

describe('RequestLog', () => {
  const ev = (o: Partial<RawEvent> = {}): RawEvent => ({
    phase: 'request',
    requestId: '1',
    url: 'https://api.test/x',
    method: 'GET',
    frameId: 0,
    type: 'xmlhttprequest',
    timeStamp: 1000,
    ...o,
  });

  it('a token the panel found in a response body joins the record of its request, else gets its own', () => {
    const log = new RequestLog(1);
    log.noteRequest(ev({ requestId: '7', method: 'POST', url: 'https://idp.test/token' }), ['refresh']);
    const reported = (time: number, url = 'https://idp.test/token'): Sighting => ({
      direction: 'response',
      via: 'devtools-network',
      location: { kind: 'json-body', name: 'body', jsonPath: 'access_token' },
      method: 'POST',
      url,
      status: 200,
      time,
    });
    log.noteReported(reported(1050), 'access');
    expect(log.list()).toHaveLength(1);
    expect(log.records.get('7')).toMatchObject({ tokens: ['refresh', 'access'] });
    // Its answer comes from webRequest (with the headers), not from the panel's report.
    expect(log.records.get('7')!.status).toBeUndefined();
    log.noteReported(reported(2000, 'https://idp.test/other'), 'id');
    const own = log.list()[1]!;
    expect(own.requestId).toMatch(/^net:/);
    expect(own).toMatchObject({ method: 'POST', url: 'https://idp.test/other', status: 200, tokens: ['id'] });
    // Long after: not the same request.
    log.noteReported(reported(1000 + 10 * 60_000), 'late');
    expect(log.list()).toHaveLength(3);
  });

  it('a request the worker missed (reported from DevTools) gets its own record unless its webRequest twin has one', () => {
    const log = new RequestLog(1);
    log.noteRequest(ev({ requestId: '9', url: 'https://api.test/me', timeStamp: 5000 }), ['a']);
    const recovered = (time: number): Sighting => ({
      direction: 'request',
      via: 'devtools-network',
      location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
      method: 'GET',
      url: 'https://api.test/me',
      status: 200,
      time,
    });
    log.noteReported(recovered(5400), 'a');
    expect(log.list()).toHaveLength(1);
    // The same URL polled 10 s later is another request.
    log.noteReported(recovered(15_000), 'b');
    expect(log.list().map((r) => [r.requestId.startsWith('net:'), r.tokens, r.status])).toEqual([
      [false, ['a'], undefined],
      [true, ['b'], 200],
    ]);
  });

  it('keeps the first answer of a request (a redirect’s later hop does not overwrite it)', () => {
    const log = new RequestLog(1);
    log.noteRequest(ev(), ['t']);
    expect(log.noteStatus('1', 302, ev({ phase: 'response', statusCode: 302, headers: [] }))).toBe(true);
    expect(log.noteStatus('1', 200, ev({ phase: 'response', statusCode: 200, headers: [] }))).toBe(false);
    expect(log.records.get('1')!.status).toBe(302);
  });
});

describe('logout labels and row state', () => {
  const time = Date.UTC(2026, 11, 1, 12, 4, 31);
  const clock = new Date(time).toTimeString().slice(0, 8);
  const set: Sighting = {
    direction: 'response',
    via: 'webrequest',
    location: { kind: 'set-cookie', name: 'session' },
    time: time - 60_000,
    status: 200,
  };
  const sent: Sighting = {
    direction: 'request',
    via: 'webrequest',
    location: { kind: 'cookie', name: 'session' },
    time: time - 30_000,
  };
  const deleted: Sighting = { ...set, removed: true, time };

  it('a deleted cookie says so, with the time', () => {
    expect(sightingLabel(deleted)).toBe(`session (deleted by the server at ${clock})`);
    expect(deletedNote(time)).toBe(`deleted by the server at ${clock}`);
    expect(noLongerStored([set, sent, deleted])).toBe(true);
    expect(noLongerStoredNote([set, sent, deleted])).toBe(`deleted by the server at ${clock}`);
  });

  it('a cookie still sent after the deletion, or never deleted, is kept', () => {
    expect(noLongerStoredNote([set, sent])).toBeUndefined();
    expect(noLongerStoredNote([set, deleted, { ...sent, time: time + 1 }])).toBeUndefined();
    // Deleted as a cookie but still in localStorage: still stored.
    const stored: Sighting = {
      direction: 'stored',
      via: 'page-storage',
      location: { kind: 'storage', area: 'local', name: 'auth' },
      time,
    };
    expect(noLongerStored([stored, set, deleted])).toBe(false);
    // Removed from storage too: the latest removal decides the wording.
    const gone: Sighting = { ...stored, removed: true, time: time + 5000 };
    expect(noLongerStoredNote([stored, set, deleted, gone])).toBe('no longer stored');
    expect(noLongerStoredNote([stored, gone, set, { ...deleted, time: time + 9000 }])).toMatch(
      /^deleted by the server/,
    );
  });

  it('a scanned deletion header finds no token in it (the store adds the removed sighting)', () => {
    const e: RawEvent = {
      phase: 'response',
      requestId: '1',
      url: 'https://app.test/logout',
      method: 'POST',
      frameId: 0,
      type: 'xmlhttprequest',
      timeStamp: time,
      statusCode: 200,
      headers: [{ name: 'Set-Cookie', value: 'session=; Max-Age=0' }],
    };
    expect(scanRawEvent(e)).toEqual([]);
  });
});
