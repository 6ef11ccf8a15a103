import { describe, expect, it } from 'vitest';
import {
  MAX_FETCHED_BODY_BYTES,
  scanResponseBody,
  TOKEN_ENDPOINT_MAX_BYTES,
} from '../../../lib/capture/response-body.ts';
import { responseBodyAction } from '../../../lib/capture/response-body-policy.ts';

// README (capture): response bodies of JSON, JavaScript and text are scanned (text means text/plain);
// a body over 32 MiB is not fetched; a token endpoint's answer is read whole up to 16 MiB.

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (sub: string) => `${b64('{"alg":"HS256"}')}.${b64(JSON.stringify({ sub }))}.c2ln`;

describe('which response bodies are scanned', () => {
  it('JSON, JavaScript and text/plain are; HTML, CSS, XML, images and an unknown type are not', () => {
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'application/problem+json',
      'application/javascript',
      'text/javascript',
      'text/plain',
    ])
      expect(responseBodyAction(type, 5000), type).toBe('scan');
    for (const type of [
      'text/html',
      'text/css',
      'application/xml',
      'text/xml',
      'image/png',
      'application/octet-stream',
      '',
    ])
      expect(responseBodyAction(type, 5000), type).toBe('not-text');
  });

  it('a body over 32 MiB is not fetched (counted instead); 32 MiB exactly and an unknown size are', () => {
    expect(MAX_FETCHED_BODY_BYTES).toBe(33_554_432);
    expect(responseBodyAction('application/json', 33_554_433)).toBe('too-large');
    expect(responseBodyAction('application/json', 33_554_432)).toBe('scan');
    expect(responseBodyAction('application/json', -1)).toBe('scan');
    // Shorter than any JWT: not worth a getContent.
    expect(responseBodyAction('application/json', 23)).toBe('too-small');
    expect(responseBodyAction('application/json', 24)).toBe('scan');
  });
});

describe('a token endpoint’s answer', () => {
  const filler = (bytes: number) => `"${'x'.repeat(bytes)}"`;

  it('is read whole up to 16 MiB: a token in the middle of a 15 MiB answer is found, with no partial note', () => {
    const [access, middle] = [jwt('access'), jwt('middle')];
    const text = `{"access_token":"${access}","a":${filler(7_000_000)},"m":"${middle}","b":${filler(8_000_000)}}`;
    expect(text.length).toBeLessThan(TOKEN_ENDPOINT_MAX_BYTES);
    const scan = scanResponseBody(text);
    expect(scan.tokens.map((t) => t.token)).toEqual([access, middle]);
    expect(scan.body).toBeUndefined();
  });

  it('over 16 MiB only its first 16 MiB and its last 256 KiB are read, and it says so', () => {
    const [access, middle, last] = [jwt('access'), jwt('middle'), jwt('last')];
    const text = `{"access_token":"${access}","a":${filler(16_900_000)},"m":"${middle}","b":${filler(500_000)},"id_token":"${last}"}`;
    expect(text.length).toBeGreaterThan(TOKEN_ENDPOINT_MAX_BYTES);
    const scan = scanResponseBody(text);
    expect(scan.tokens.map((t) => t.token).sort()).toEqual([access, last].sort());
    expect(scan.body).toEqual({ size: text.length, scanned: 16 * 1_048_576, tail: 256 * 1024 });
  });
});
