import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isErrorCode } from '../../../lib/error-codes.ts';
import { HarImporter, parseHar } from '../../../lib/har/har-importer.ts';
import { harTime } from '../../../lib/har/har-entry.ts';
import type { HarImportResult } from '../../../lib/har/model.ts';
import { isCapturedToken } from '../../../lib/capture/validate-capture.ts';
import { scanRawEvent } from '../../../lib/capture/raw-event.ts';
import { buildTimeline } from '../../../lib/timeline/build-timeline.ts';
import { computeVerdicts } from '../../../lib/timeline/verdicts.ts';
import { CHROMIUM_TEXT, chromiumHar, firefoxHar, loginTokens, safariHar, type Har } from './har-variants.ts';

const text = (har: Har) => JSON.stringify(har);
const tokenSet = (r: HarImportResult) => new Set(r.tokens.map((t) => t.token));
const entryOf = (r: HarImportResult, token: string) => r.tokens.find((t) => t.token === token)!;
const where = (r: HarImportResult, token: string) =>
  entryOf(r, token).sightings.map((s) => `${s.direction} ${s.location.kind}:${s.location.name} ${s.status ?? '-'}`);

/** Pushes `text` cut at these offsets. */
function chunked(t: string, cuts: number[]): HarImportResult {
  const importer = new HarImporter();
  let from = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    importer.push(t.slice(from, c));
    from = c;
  }
  importer.push(t.slice(from));
  return importer.finish();
}

describe('HAR import: Chromium (Playwright recordHar of the demo app)', () => {
  const r = parseHar(CHROMIUM_TEXT);
  const login = loginTokens();

  it('reads every entry, names the source, and reports no error', () => {
    expect(r.error).toBeUndefined();
    expect(r.entries).toBe(chromiumHar().log.entries.length);
    expect(r.source).toMatchObject({ flavour: 'chrome', version: '1.2', creator: { name: 'Playwright' } });
    expect(r.badEntries).toEqual([]);
    expect(r.notes).toEqual([]);
    expect(r.start).toBe(Date.parse(chromiumHar().log.entries[0]!.startedDateTime));
  });

  it('finds the demo tokens with live capture’s finders, as sightings of their own (via file-import)', () => {
    const found = tokenSet(r);
    for (const name of ['access_token', 'id_token', 'expired_token', 'none_token', 'url_token', 'refresh_token'])
      expect(found.has(login[name]!), name).toBe(true);
    for (const t of r.tokens) {
      expect(isCapturedToken(t)).toBe(true);
      for (const s of t.sightings) expect(s.via).toBe('file-import');
    }
    expect(where(r, login.access_token!)).toEqual([
      'response json-body:access_token 200',
      'request header:Authorization 200',
      'request header:X-Access-Token 401',
    ]);
    const bearer = entryOf(r, login.access_token!).sightings[1]!;
    expect(bearer.location).toEqual({ kind: 'header', name: 'Authorization', scheme: 'Bearer' });
    expect(bearer).toMatchObject({
      method: 'GET',
      resourceType: 'fetch',
      requestId: expect.stringMatching(/^har:\d+$/),
    });
    expect(where(r, login.expired_token!)).toEqual([
      'response json-body:expired_token 200',
      'request header:Authorization 401',
    ]);
    expect(where(r, login.url_token!)[1]).toBe('request query:access_token 200');
    expect(where(r, login.refresh_token!)[1]).toBe('request json-body:refresh_token 200');
  });

  it('makes the sightings live capture makes of the same request and response (webRequest events)', () => {
    const har = chromiumHar();
    const shape = (x: {
      token: string;
      sighting: { direction: string; location: unknown; url?: string; cookieAttributes?: unknown };
    }) =>
      JSON.stringify([x.token, x.sighting.direction, x.sighting.location, x.sighting.url, x.sighting.cookieAttributes]);
    let compared = 0;
    har.log.entries.forEach((e, i) => {
      const base = {
        requestId: String(i),
        url: e.request.url as string,
        method: e.request.method as string,
        frameId: 0,
        type: 'fetch',
        timeStamp: 0,
      };
      const live = [
        ...scanRawEvent({ ...base, phase: 'request', scanUrl: true, headers: e.request.headers }),
        ...scanRawEvent({
          ...base,
          phase: 'response',
          statusCode: e.response.status as number,
          headers: e.response.headers,
        }),
        ...(typeof e.request.postData?.text === 'string'
          ? scanRawEvent({ ...base, phase: 'body', body: { text: e.request.postData.text, size: 1, scanned: 1 } })
          : []),
      ];
      const mine = r.tokens.flatMap((t) =>
        t.sightings
          .filter((s) => s.requestId === `har:${i}` && !(s.direction === 'response' && s.location.kind === 'json-body'))
          .map((s) => ({ token: t.token, sighting: s })),
      );
      expect(new Set(mine.map(shape)), e.request.url as string).toEqual(new Set(live.map(shape)));
      compared += live.length;
    });
    expect(compared).toBeGreaterThan(20);
  });

  it('reads Set-Cookie with its attributes and the Cookie header by cookie name', () => {
    const session = r.tokens.find((t) =>
      t.sightings.some((s) => s.location.kind === 'set-cookie' && s.location.name === 'session'),
    )!;
    const set = session.sightings.find((s) => s.location.kind === 'set-cookie')!;
    expect(set.cookieAttributes).toEqual({ httpOnly: true, secure: false, sameSite: 'Lax' });
    expect(session.sightings.filter((s) => s.location.kind === 'cookie').length).toBeGreaterThan(3);
  });

  it('reads the redirect’s Location fragment (the implicit-flow id_token) as live capture does', () => {
    const implicit = r.tokens.find((t) =>
      t.sightings.some((s) => s.location.kind === 'header' && s.location.name === 'Location'),
    )!;
    const s = implicit.sightings[0]!;
    expect(s.location).toEqual({ kind: 'header', name: 'Location', url: { kind: 'fragment', name: 'id_token' } });
    expect(s.url).toMatch(/\/callback#id_token=/);
    expect(s.status).toBe(302);
  });

  it('keeps request records: tokens, status, the server Date and the 401 challenge', () => {
    const orders = r.requests.find((q) => q.url.endsWith('/api/orders'))!;
    expect(orders.status).toBe(401);
    expect(orders.tokens).toContain(login.expired_token);
    expect(orders.challenge).toEqual({
      raw: 'Bearer error="invalid_token", error_description="The access token expired"',
      scheme: 'Bearer',
      error: 'invalid_token',
      description: 'The access token expired',
    });
    expect(orders.serverDate! % 1000).toBe(0);
    expect(Math.abs(orders.serverDate! - orders.responseTime!)).toBeLessThan(2000);
    expect(orders.headers!.some((h) => h.name === 'Authorization')).toBe(true);
    const loginRecord = r.requests.find((q) => q.url.endsWith('/login'))!;
    expect(loginRecord.body).toEqual({ text: 'username=alice&password=wonderland', size: 34, kept: 34 });
    // The page and its script carried no token: no record.
    expect(r.requests.some((q) => q.url.endsWith('/app.js'))).toBe(false);
  });

  it('feeds the timeline and the verdicts like live capture', () => {
    const timeline = buildTimeline({ tokens: r.tokens, requests: r.requests, now: r.end! });
    const session = timeline.sessions.find((s) => s.issuer !== undefined)!;
    const verdicts = computeVerdicts(session);
    const expired = verdicts.find((v) => v.id === 'expired-sent')!;
    expect(expired.status).toBe('fail');
    expect(expired.data).toMatchObject({ count: 1, answers: { '401': 1 }, accepted: 0 });
    expect(session.skew?.count).toBeGreaterThan(0);
  });

  it('gives the same capture whatever the chunks (cut inside strings, escapes, between entries)', () => {
    const whole = JSON.stringify(r.tokens);
    const wholeRequests = JSON.stringify(r.requests);
    for (const size of [1, 3, 64, 4099]) {
      const cuts = Array.from({ length: Math.floor(CHROMIUM_TEXT.length / size) }, (_, i) => (i + 1) * size);
      const c = chunked(CHROMIUM_TEXT, cuts);
      expect(c.error, String(size)).toBeUndefined();
      expect(JSON.stringify(c.tokens)).toBe(whole);
      expect(JSON.stringify(c.requests)).toBe(wholeRequests);
    }
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: CHROMIUM_TEXT.length }), { maxLength: 40 }), (cuts) => {
        const c = chunked(CHROMIUM_TEXT, cuts);
        return c.error === undefined && JSON.stringify(c.tokens) === whole;
      }),
      { numRuns: 60 },
    );
  });

  it('reads strings with escaped quotes and backslashes split across chunks', () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'x\\"y' },
        entries: [
          {
            startedDateTime: '2026-12-01T14:00:00Z',
            request: {
              method: 'GET',
              url: 'https://a.example/x?q=\\"}]',
              headers: [{ name: 'X-Odd', value: 'a\\\\"b\\\\' }],
            },
            response: { status: 200, headers: [] },
          },
        ],
      },
    };
    const t = JSON.stringify(har);
    for (let cut = 1; cut < t.length; cut++) {
      const c = chunked(t, [cut]);
      expect(c.error, String(cut)).toBeUndefined();
      expect(c.entries, String(cut)).toBe(1);
      expect(c.source.creator?.name).toBe('x\\"y');
    }
  });
});

describe('HAR import: Firefox and Safari shapes', () => {
  const chrome = parseHar(CHROMIUM_TEXT);

  it('Firefox: offsets in startedDateTime, _securityState, Set-Cookie lines in one header', () => {
    const r = parseHar(text(firefoxHar()));
    expect(r.error).toBeUndefined();
    expect(r.source.flavour).toBe('firefox');
    expect(tokenSet(r)).toEqual(tokenSet(chrome));
    // Same instants: +01:00 local time is read as what it says.
    expect(r.start).toBe(chrome.start);
    for (const t of chrome.tokens) expect(where(r, t.token)).toEqual(where(chrome, t.token));
    expect(entryOf(r, chrome.tokens[0]!.token).sightings.map((s) => s.time)).toEqual(
      chrome.tokens[0]!.sightings.map((s) => s.time),
    );
  });

  it('Safari: cookies arrays, base64 bodies, params without text, -1 sizes and timings, microseconds', () => {
    const r = parseHar(text(safariHar()));
    expect(r.error).toBeUndefined();
    expect(r.source).toMatchObject({ flavour: 'safari', creator: { name: 'WebKit Web Inspector' } });
    expect(tokenSet(r)).toEqual(tokenSet(chrome));
    const login = loginTokens();
    // JSON bodies were base64: still read.
    expect(where(r, login.access_token!)[0]).toBe('response json-body:access_token 200');
    // Cookies came from the arrays, with their attributes.
    const session = r.tokens.find((t) =>
      t.sightings.some((s) => s.location.kind === 'set-cookie' && s.location.name === 'session'),
    )!;
    expect(session.sightings.find((s) => s.location.kind === 'set-cookie')!.cookieAttributes).toMatchObject({
      httpOnly: true,
    });
    expect(session.sightings.some((s) => s.location.kind === 'cookie' && s.direction === 'request')).toBe(true);
    const loginRecord = r.requests.find((q) => q.url.endsWith('/login'))!;
    expect(loginRecord.body).toMatchObject({ form: { username: ['alice'], password: ['wonderland'] } });
    // No timings: the response time is the start.
    expect(r.requests.every((q) => q.responseTime === undefined)).toBe(true);
    expect(r.start).toBe(chrome.start);
  });

  it('reads startedDateTime in the formats browsers write', () => {
    const utc = Date.UTC(2026, 11, 1, 14, 0, 0, 123);
    expect(harTime('2026-12-01T14:00:00.123Z')).toBe(utc);
    expect(harTime('2026-12-01T15:00:00.123+01:00')).toBe(utc);
    expect(harTime('2026-12-01T09:00:00.123-0500')).toBe(utc);
    expect(harTime('2026-12-01T14:00:00.123456Z')).toBe(utc);
    expect(harTime('2026-12-01T14:00:00.123')).toBe(utc);
    expect(harTime('2026-12-01 14:00:00.123Z')).toBe(utc);
    expect(harTime(utc)).toBe(utc);
    expect(harTime('yesterday')).toBeNaN();
    expect(harTime(undefined)).toBeNaN();
  });

  it('says when a Chrome export was sanitised (no cookies or Authorization at all)', () => {
    const har = chromiumHar();
    for (const e of har.log.entries) {
      e.request.headers = e.request.headers.filter((h) => !/^(cookie|authorization)$/i.test(h.name));
      e.response.headers = e.response.headers.filter((h) => !/^set-cookie$/i.test(h.name));
      e.response.cookies = [];
      e.request.cookies = [];
    }
    const r = parseHar(text(har));
    expect(r.notes[0]).toMatch(/sanitised/);
  });
});

describe('HAR import: bad files keep what was read', () => {
  it('a truncated HAR: har-truncated, the entries before the cut kept', () => {
    const entries = chromiumHar().log.entries;
    // Cut in the middle of the 6th entry.
    const marker = CHROMIUM_TEXT.indexOf(entries[5]!.startedDateTime);
    const r = parseHar(CHROMIUM_TEXT.slice(0, marker));
    expect(r.error?.code).toBe('har-truncated');
    expect(r.error?.message).toBe('the HAR is cut off after 5 entries (the last one is incomplete and was dropped)');
    expect(r.entries).toBe(5);
    const login = loginTokens();
    expect(tokenSet(r).has(login.access_token!)).toBe(true);
    expect(r.requests.length).toBeGreaterThan(0);
  });

  it('any cut: never throws, a HAR error code, entries never more than before a later cut', () => {
    let last = 0;
    for (let cut = 0; cut <= CHROMIUM_TEXT.length; cut += 997) {
      const r = parseHar(CHROMIUM_TEXT.slice(0, cut));
      expect(r.error && isErrorCode(r.error.code)).toBe(true);
      expect(['har-truncated', 'har-not-har']).toContain(r.error!.code);
      expect(r.entries).toBeGreaterThanOrEqual(last);
      last = r.entries;
    }
  });

  it('not a HAR: har-not-har', () => {
    for (const t of [
      '',
      'hello',
      '[1,2]',
      '{"foo":1}',
      '{"log":5}',
      '{"log":{"entries":{}}}',
      '{"log":{"version":"1.2"}}',
    ])
      expect(parseHar(t).error?.code, t).toBe('har-not-har');
  });

  it('malformed JSON: har-malformed where it broke, entries before it kept', () => {
    const good = chromiumHar();
    const t = JSON.stringify(good).replace(/\]\}\}$/, ']}} trailing');
    const r = parseHar(t);
    expect(r.error?.code).toBe('har-malformed');
    expect(r.entries).toBe(good.log.entries.length);
    const broken = parseHar(
      '{"log":{"entries":[{"startedDateTime":"2026-12-01T14:00:00Z","request":{"method":"GET","url":"https://a/"},"response":{"status":200}} {"x":1}]}}',
    );
    expect(broken.error?.code).toBe('har-malformed');
    expect(broken.entries).toBe(1);
  });

  it('bad entries are counted with har-bad-entry and skipped; the rest is read', () => {
    const har = chromiumHar();
    const entries = har.log.entries as unknown[];
    const never = { startedDateTime: 'never', request: { url: 'https://a/', method: 'GET' } };
    entries.splice(1, 0, 5, { request: {} }, never);
    const r = parseHar(JSON.stringify({ log: { ...har.log, entries: [never, ...entries] } }));
    expect(r.error).toBeUndefined();
    expect(r.dropped.badEntries).toBe(3);
    expect(r.badEntries.map((b) => [b.code, b.entry])).toEqual([
      ['har-bad-entry', 0],
      ['har-bad-entry', 2],
      ['har-bad-entry', 3],
    ]);
    expect(r.badEntries.map((b) => b.message)).toEqual([
      'entry 0 has no usable startedDateTime',
      'entry 2 is not an object',
      'entry 3 has no request URL',
    ]);
    // An entry without a readable time takes the previous entry's time (here the first is unreadable too).
    expect(r.entries).toBe(chromiumHar().log.entries.length + 1);
    expect(r.notes).toContain('3 entries could not be read.');
  });

  it('budgets: entries, requests, entry length and characters; what was dropped is said', () => {
    const few = parseHar(CHROMIUM_TEXT, { limits: { maxEntries: 3 } });
    expect(few.entries).toBe(3);
    expect(few.dropped.entries).toBe(chromiumHar().log.entries.length - 3);
    expect(few.notes.some((n) => n.includes('past the limit of 3'))).toBe(true);
    const records = parseHar(CHROMIUM_TEXT, { limits: { maxRequests: 2 } });
    expect(records.requests).toHaveLength(2);
    expect(records.dropped.requests).toBe(parseHar(CHROMIUM_TEXT).requests.length - 2);
    const long = parseHar(CHROMIUM_TEXT, { limits: { maxEntryChars: 3000 } });
    expect(long.dropped.badEntries).toBeGreaterThan(0);
    expect(long.badEntries[0]!.message).toMatch(/longer than 3000 characters/);
    const big = parseHar(CHROMIUM_TEXT, { limits: { maxChars: 20_000 } });
    expect(big.error?.code).toBe('har-too-large');
    expect(big.chars).toBe(20_000);
    expect(big.entries).toBeGreaterThan(0);
    const bodies = parseHar(CHROMIUM_TEXT, { limits: { maxBodyBytes: 10 } });
    expect(bodies.dropped.bodies).toBeGreaterThan(0);
    expect(bodies.requests.every((q) => !q.body || q.body.kept <= 10)).toBe(true);
  });

  it('bounds each record’s headers as the live request log does (64 KiB request, 16 KiB response)', () => {
    const har = chromiumHar();
    const me = har.log.entries.find((e) => (e.request.url as string).endsWith('/api/me'))!;
    me.request.headers.push({ name: 'X-Big', value: 'x'.repeat(70 * 1024) });
    me.response.headers.push({ name: 'X-Big', value: 'y'.repeat(20 * 1024) });
    const record = parseHar(text(har)).requests.find((q) => q.url.endsWith('/api/me'))!;
    expect(record.headersOmitted).toBe(1);
    expect(record.responseHeadersOmitted).toBe(1);
    expect(record.headers!.some((h) => h.name === 'Authorization')).toBe(true);
  });

  it('cancel: har-cancelled with what was read; later chunks are ignored', () => {
    const importer = new HarImporter();
    const half = CHROMIUM_TEXT.length >> 1;
    const p = importer.push(CHROMIUM_TEXT.slice(0, half));
    expect(p.chars).toBe(half);
    expect(p.entries).toBeGreaterThan(0);
    const r = importer.cancel();
    expect(r.error?.code).toBe('har-cancelled');
    expect(r.entries).toBe(p.entries);
    expect(importer.push(CHROMIUM_TEXT.slice(half)).entries).toBe(p.entries);
    expect(importer.finish()).toBe(r);
  });
});

describe('HAR import: logout', () => {
  it('turns a Set-Cookie Max-Age=0 of a token cookie into a removal, and the logout verdict passes', () => {
    const login = loginTokens();
    const har = chromiumHar();
    const session = har.log.entries[2]!.response.headers.find((h) => h.value.startsWith('session='))!
      .value.split(';')[0]!
      .slice(8);
    const last = har.log.entries[har.log.entries.length - 1]!;
    const t = Date.parse(last.startedDateTime) + 1000;
    har.log.entries.push({
      startedDateTime: new Date(t).toISOString(),
      time: 5,
      timings: { send: 1, wait: 3, receive: 1 },
      request: {
        method: 'POST',
        url: 'http://127.0.0.1:1/logout',
        headers: [{ name: 'Cookie', value: `session=${session}` }],
      },
      response: {
        status: 200,
        headers: [
          { name: 'Set-Cookie', value: 'session=; Path=/; Max-Age=0' },
          { name: 'Set-Cookie', value: 'id_token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT' },
        ],
        content: { size: 0 },
      },
    } as never);
    const r = parseHar(text(har));
    const removed = entryOf(r, session).sightings.at(-1)!;
    expect(removed).toMatchObject({
      direction: 'response',
      removed: true,
      location: { kind: 'set-cookie', name: 'session' },
      status: 200,
      time: t + 4,
    });
    expect(entryOf(r, login.id_token!).sightings.at(-1)!.removed).toBe(true);
    // The shape live capture makes (and the panel's validator accepts).
    expect(isCapturedToken(entryOf(r, session))).toBe(true);
    const timeline = buildTimeline({ tokens: r.tokens, requests: r.requests, now: t + 10 });
    const all = timeline.sessions.flatMap((s) => computeVerdicts(s).filter((v) => v.id === 'logout-cleared'));
    expect(all.some((v) => v.status === 'pass' && v.data.cleared.includes('cookie session'))).toBe(true);
    expect(
      timeline.sessions.flatMap((s) => s.events).some((e) => e.kind === 'cookie-deleted' && e.name === 'session'),
    ).toBe(true);
  });
});
