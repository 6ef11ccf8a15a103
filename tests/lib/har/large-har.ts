// A large HAR made on the fly (100 MB, 50,000 entries by default), chunk by chunk, for the import test and bench.
import { createHmac } from 'node:crypto';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/** The distinct access tokens the large HAR's entries carry (one per 5 minutes of traffic). */
export function largeHarTokens(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const iat = T0 / 1000 + i * 300;
    const input = `${b64({ alg: 'HS256', typ: 'at+jwt' })}.${b64({ iss: 'https://id.example.com', sub: 'alice', iat, exp: iat + 300 })}`;
    return `${input}.${createHmac('sha256', 'large-har').update(input).digest('base64url')}`;
  });
}

/**
 * Yields the text of a HAR with `entries` entries of about `bytes / entries` characters each (a
 * Bearer token, a Date header, a JSON response body padded to size), `perChunk` entries at a time.
 */
export function* largeHarChunks(entries = 50_000, bytes = 100_000_000, perChunk = 250): Generator<string> {
  const tokens = largeHarTokens(Math.max(1, Math.ceil(entries / 600)));
  const head = '{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[';
  const per = Math.floor((bytes - head.length) / entries);
  let chunk = head;
  for (let i = 0; i < entries; i++) {
    const time = T0 + i * 500;
    const token = tokens[Math.floor(i / 600)]!;
    const status = i % 97 === 0 ? 401 : 200;
    const entry = {
      startedDateTime: new Date(time).toISOString(),
      time: 20,
      request: {
        method: 'GET',
        url: `https://api.example.com/items/${i}`,
        httpVersion: 'HTTP/1.1',
        headers: [
          { name: 'Accept', value: 'application/json' },
          { name: 'Authorization', value: `Bearer ${token}` },
        ],
        cookies: [],
        queryString: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        headers: [
          { name: 'Content-Type', value: 'application/json' },
          { name: 'Date', value: new Date(time + 10).toUTCString() },
        ],
        cookies: [],
        content: { size: 0, mimeType: 'application/json', text: '' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 1, wait: 18, receive: 1 },
      _resourceType: 'fetch',
    };
    const bare = JSON.stringify(entry).length;
    const pad = Math.max(0, per - bare - 40);
    entry.response.content.text = JSON.stringify({ id: i, data: 'x'.repeat(pad) });
    entry.response.content.size = entry.response.content.text.length;
    chunk += (i ? ',' : '') + JSON.stringify(entry);
    if ((i + 1) % perChunk === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]}}`;
}
