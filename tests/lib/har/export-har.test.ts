import { describe, expect, it } from 'vitest';
import { exportHar } from '../../../lib/har/export-har.ts';
import { parseHar } from '../../../lib/har/har-importer.ts';
import type { CapturedToken, RequestRecord } from '../../../lib/index.ts';
import { buildTimeline } from '../../../lib/timeline/build-timeline.ts';
import { CHROMIUM_TEXT, loginTokens } from './har-variants.ts';

const GENERATED = Date.UTC(2026, 11, 1, 15, 0, 0);

/** An exported entry, as far as the tests read it. */
interface HarEntry {
  startedDateTime: string;
  time: number;
  request: { headers: { name: string; value: string }[]; url: string; postData: { text: string } } & Record<
    string,
    unknown
  >;
  response: {
    headers: { name: string; value: string }[];
    cookies: Record<string, unknown>[];
    content: Record<string, unknown>;
  } & Record<string, unknown>;
  cache: unknown;
  timings: unknown;
}
const imported = parseHar(CHROMIUM_TEXT);
const kinds = (tokens: readonly CapturedToken[], token: string) =>
  new Set(
    tokens.find((t) => t.token === token)?.sightings.map((s) => `${s.direction} ${s.location.kind}:${s.location.name}`),
  );
const unsigned = (token: string) => token.split('.').slice(0, 2).join('.') + '.';

describe('exportHar', () => {
  it('writes HAR 1.2 with JWT Lens as creator and every field the format requires', () => {
    const har = JSON.parse(exportHar(imported, { generatedAt: GENERATED, version: '0.1.0' })) as {
      log: {
        version: string;
        creator: { name: string; version: string };
        entries: HarEntry[];
        comment: string;
      };
    };
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'JWT Lens', version: '0.1.0' });
    expect(har.log.comment).toMatch(/redacted/);
    expect(har.log.entries).toHaveLength(imported.requests.length);
    for (const e of har.log.entries) {
      expect(Number.isFinite(Date.parse(e.startedDateTime))).toBe(true);
      expect(typeof e.time).toBe('number');
      for (const k of ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize'])
        expect(e.request, k).toHaveProperty(k);
      for (const k of [
        'status',
        'statusText',
        'httpVersion',
        'cookies',
        'headers',
        'content',
        'redirectURL',
        'headersSize',
        'bodySize',
      ])
        expect(e.response, k).toHaveProperty(k);
      expect(e.response.content).toHaveProperty('size');
      expect(e.response.content).toHaveProperty('mimeType');
      expect(e.cache).toEqual({});
      expect(e.timings).toMatchObject({ send: 0, receive: 0 });
    }
  });

  it('round-trips with secrets included: export → parse gives the same tokens, where they travelled, and the records', () => {
    const text = exportHar(imported, { generatedAt: GENERATED, includeSecrets: true });
    const again = parseHar(text);
    expect(again.error).toBeUndefined();
    expect(again.source.creator?.name).toBe('JWT Lens');
    expect(new Set(again.tokens.map((t) => t.token))).toEqual(new Set(imported.tokens.map((t) => t.token)));
    for (const t of imported.tokens)
      expect(kinds(again.tokens, t.token), t.token.slice(0, 30)).toEqual(kinds(imported.tokens, t.token));
    expect(again.requests.map((r) => [r.method, r.url, r.status, r.tokens.length])).toEqual(
      imported.requests.map((r) => [r.method, r.url, r.status, r.tokens.length]),
    );
    const orders = again.requests.find((r) => r.url.endsWith('/api/orders'))!;
    expect(orders.challenge?.error).toBe('invalid_token');
    expect(orders.serverDate).toBe(imported.requests.find((r) => r.url.endsWith('/api/orders'))!.serverDate);
    // The same timeline comes out of it.
    const a = buildTimeline({ tokens: imported.tokens, requests: imported.requests, now: GENERATED });
    const b = buildTimeline({ tokens: again.tokens, requests: again.requests, now: GENERATED });
    expect(b.sessions.map((s) => [s.id, s.lanes.length, s.chains.length])).toEqual(
      a.sessions.map((s) => [s.id, s.lanes.length, s.chains.length]),
    );
  });

  it('redacts by default: no signature, cookie value, credential or password left; claims stay for the timeline', () => {
    const text = exportHar(imported, { generatedAt: GENERATED });
    for (const t of imported.tokens) {
      expect(text.includes(t.token) && t.token !== unsigned(t.token), t.token.slice(0, 30)).toBe(false);
      const signature = t.token.split('.')[2]!;
      if (signature) expect(text.includes(signature)).toBe(false);
    }
    expect(text).not.toContain('wonderland');
    expect(text).toContain('password=%3Credacted%3E');
    const again = parseHar(text);
    expect(again.error).toBeUndefined();
    // Re-imported, each token keeps its header and payload (so the lanes and verdicts are the same), without signature.
    expect(new Set(again.tokens.map((t) => t.token))).toEqual(new Set(imported.tokens.map((t) => unsigned(t.token))));
    const login = loginTokens();
    expect(kinds(again.tokens, unsigned(login.access_token!))).toEqual(kinds(imported.tokens, login.access_token!));
  });

  it('redacts opaque credentials and secret parameters, keeps the rest', () => {
    const records: RequestRecord[] = [
      {
        requestId: 'a',
        time: GENERATED,
        method: 'POST',
        url: 'https://id.example.com/token?client_id=spa&code=abc123',
        headers: [
          { name: 'Authorization', value: 'Basic c3BhOnNlY3JldA==' },
          { name: 'Cookie', value: 'sid=opaque-session-id; theme=dark' },
          { name: 'Accept', value: 'application/json' },
        ],
        body: {
          text: 'grant_type=authorization_code&code_verifier=verifier-xyz&client_secret=s3cr3t',
          size: 78,
          kept: 78,
        },
        status: 200,
        responseHeaders: [{ name: 'Set-Cookie', value: 'sid=new-opaque; Path=/; HttpOnly' }],
        tokens: [],
      },
    ];
    const text = exportHar({ requests: records, tokens: [] }, { generatedAt: GENERATED });
    for (const secret of [
      'c3BhOnNlY3JldA',
      'opaque-session-id',
      'abc123',
      'verifier-xyz',
      's3cr3t',
      'new-opaque',
      'dark',
    ])
      expect(text, secret).not.toContain(secret);
    const e = (JSON.parse(text) as { log: { entries: HarEntry[] } }).log.entries[0]!;
    expect(e.request.headers).toEqual([
      { name: 'Authorization', value: 'Basic <redacted>' },
      { name: 'Cookie', value: 'sid=<redacted>; theme=<redacted>' },
      { name: 'Accept', value: 'application/json' },
    ]);
    expect(e.request.url).toBe('https://id.example.com/token?client_id=spa&code=%3Credacted%3E');
    expect(e.request.postData.text).toBe(
      'grant_type=authorization_code&code_verifier=%3Credacted%3E&client_secret=%3Credacted%3E',
    );
    expect(e.response.headers[0]!.value).toBe('sid=<redacted>; Path=/; HttpOnly');
    expect(e.response.cookies[0]).toMatchObject({ name: 'sid', value: '<redacted>', httpOnly: true, path: '/' });
    const kept = exportHar({ requests: records, tokens: [] }, { generatedAt: GENERATED, includeSecrets: true });
    for (const secret of ['c3BhOnNlY3JldA', 'opaque-session-id', 'abc123', 's3cr3t']) expect(kept).toContain(secret);
  });

  it('rebuilds the headers of a record that kept none from its tokens’ sightings, and the server Date and challenge', () => {
    const token = loginTokens().access_token!;
    const t0 = GENERATED;
    const tokens: CapturedToken[] = [
      {
        token,
        firstSeen: t0,
        lastSeen: t0,
        count: 1,
        sightings: [
          {
            direction: 'request',
            via: 'webrequest',
            location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
            method: 'GET',
            url: 'https://api.example.com/me',
            requestId: '42',
            time: t0,
            status: 401,
          },
        ],
      },
    ];
    const requests: RequestRecord[] = [
      {
        requestId: '42',
        time: t0,
        method: 'GET',
        url: 'https://api.example.com/me',
        status: 401,
        serverDate: t0 - 3000,
        challenge: { raw: 'Bearer error="invalid_token"', scheme: 'Bearer', error: 'invalid_token' },
        tokens: [token],
      },
    ];
    const again = parseHar(exportHar({ requests, tokens }, { generatedAt: t0, includeSecrets: true }));
    expect(again.tokens[0]!.token).toBe(token);
    expect(again.tokens[0]!.sightings[0]!.location).toEqual({
      kind: 'header',
      name: 'Authorization',
      scheme: 'Bearer',
    });
    expect(again.requests[0]).toMatchObject({
      status: 401,
      serverDate: t0 - 3000,
      challenge: { error: 'invalid_token' },
    });
  });
});
