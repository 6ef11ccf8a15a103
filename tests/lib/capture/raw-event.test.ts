import { describe, expect, it } from 'vitest';
import {
  candidateBody,
  candidateHeaders,
  mayHoldToken,
  scanRawEvent,
  type RawEvent,
} from '../../../lib/capture/raw-event.ts';
import { scanResponseBody } from '../../../lib/capture/response-body.ts';
import { sightingLabel } from '../../../lib/capture/sighting-label.ts';
import { findTokens } from '../../../lib/find-tokens.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (sub: string) => `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify({ sub }))}.c2ln`;
const event = (o: Partial<RawEvent>): RawEvent => ({
  phase: 'request',
  requestId: '1',
  url: 'https://api.test/',
  method: 'POST',
  frameId: 0,
  type: 'xmlhttprequest',
  timeStamp: 1000,
  ...o,
});

describe('raw webRequest events: a cheap test in the listener, the scan later', () => {
  it('never discards what the scanners would find', () => {
    const t = jwt('a');
    for (const text of [t, `x=${t}`, `{"a":"${t}"}`, encodeURIComponent(`"${t}"`), ` ${t} `])
      if (findTokens(decodeURIComponent(text)).length) expect(mayHoldToken(text), text).toBe(true);
    expect(mayHoldToken('gzip, deflate, br')).toBe(false);
    // Basic credentials hide the JWT in base64: Authorization is always kept.
    const basic = `Basic ${btoa(`user:${t}`)}`;
    expect(mayHoldToken(basic)).toBe(false);
    const kept = candidateHeaders([
      { name: 'Authorization', value: basic },
      { name: 'Accept-Encoding', value: 'gzip, deflate, br' },
      { name: 'Cookie', value: `sid=${t}` },
    ]);
    expect(kept.map((h) => h.name)).toEqual(['Authorization', 'Cookie']);
    const found = scanRawEvent(event({ headers: kept }));
    expect(found.map((f) => [f.token, f.sighting.location.kind])).toEqual([
      [t, 'header'],
      [t, 'cookie'],
    ]);
  });

  it('keeps a raw body as text (JSON-safe for the log) and says when only its start was kept', () => {
    const t = jwt('body');
    const bytes = new TextEncoder().encode(`{"assertion":"${t}","pad":"${'x'.repeat(2000)}"}`);
    const body = candidateBody({ raw: [{ bytes: bytes.buffer }] }, 1500)!;
    expect(body).toMatchObject({ size: bytes.length, scanned: 1500 });
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
    const [f] = scanRawEvent(event({ phase: 'body', body }));
    expect(f!.token).toBe(t);
    expect(f!.sighting.body).toEqual({ size: bytes.length, scanned: 1500 });
    expect(sightingLabel(f!.sighting)).toMatch(/^assertion \(body 2\.1 kB: only the first 1\.5 KiB scanned\)$/);
    expect(candidateBody({ raw: [{ bytes: new TextEncoder().encode('nothing here').buffer }] })).toBeUndefined();
    expect(candidateBody({ formData: { a: ['b'] } })).toBeUndefined();
  });

  it('labels a large request body the way the issue asks', () => {
    const label = sightingLabel({
      direction: 'request',
      location: { kind: 'form-body', name: 'token' },
      body: { size: 5_200_000, scanned: 1_048_576 },
    });
    expect(label).toBe('token (body 5.2 MB: only the first 1 MiB scanned)');
  });
});

describe('response bodies', () => {
  const pad = (n: number) => 'x'.repeat(n);

  it('finds a token at the end of a large token-endpoint answer (read whole)', () => {
    const t = jwt('end');
    const text = `{"items":[${Array.from({ length: 3000 }, () => `"${pad(1000)}"`).join(',')}],"access_token":"${t}"}`;
    expect(text.length).toBeGreaterThan(2_000_000);
    const scan = scanResponseBody(text);
    expect(scan.tokens.map((x) => [x.token, x.location])).toEqual([
      [t, { kind: 'json-body', name: 'access_token', jsonPath: 'access_token' }],
    ]);
    expect(scan.body).toBeUndefined();
  });

  it('reads the start and the end of another large body, and says how much', () => {
    const [head, tail, middle] = [jwt('head'), jwt('tail'), jwt('middle')];
    const text = `["${head}","${pad(3_000_000)}","${middle}","${pad(3_000_000)}","${tail}"]`;
    const scan = scanResponseBody(text);
    expect(scan.tokens.map((x) => x.token).sort()).toEqual([head, tail].sort());
    expect(scan.body).toEqual({ size: text.length, scanned: 1_048_576, tail: 256 * 1024 });
    expect(sightingLabel({ direction: 'response', location: scan.tokens[1]!.location, body: scan.body })).toMatch(
      /\(body 6\.0 MB: only the first 1 MiB and the last 256 KiB scanned\)$/,
    );
  });

  it('reads a small body whole, with no note', () => {
    const t = jwt('small');
    expect(scanResponseBody(`{"token":"${t}"}`)).toEqual({
      tokens: [{ token: t, location: { kind: 'json-body', name: 'token', jsonPath: 'token' } }],
    });
  });
});
