import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { tokensInRequestBody } from '../../../lib/capture/body-tokens.ts';
import type { BodyScan } from '../../../lib/capture/json-tokens.ts';
import { locationLabel } from '../../../lib/capture/sighting-label.ts';
import { jwe, jws, unsecured } from './mint.ts';

const bytes = (text: string | Uint8Array): ArrayBuffer => {
  const b = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};
const raw = (...parts: (string | Uint8Array)[]) => ({ raw: parts.map((p) => ({ bytes: bytes(p) })) });
const names = (scan: BodyScan) => scan.tokens.map((t) => [locationLabel(t.location), t.token]);

describe('tokensInRequestBody: formData', () => {
  it('names tokens by form field, over every value', () => {
    const a = jws();
    const b = jws();
    const scan = tokensInRequestBody({
      formData: {
        grant_type: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
        assertion: [a],
        id_token_hint: ['x', b],
      },
    });
    expect(scan).toEqual({
      tokens: [
        { token: a, location: { kind: 'form-body', name: 'assertion' } },
        { token: b, location: { kind: 'form-body', name: 'id_token_hint' } },
      ],
      truncated: false,
    });
  });

  it('skips values that are not strings and fields that are not arrays', () => {
    const t = jws();
    const formData = { file: [new ArrayBuffer(8)], odd: 'nope', ok: [t] } as unknown as Record<string, string[]>;
    expect(names(tokensInRequestBody({ formData }))).toEqual([['ok', t]]);
  });

  it('bounds the form fields scanned by maxBytes', () => {
    const a = jws();
    const b = jws();
    const scan = tokensInRequestBody({ formData: { a: [a], pad: ['x'.repeat(500)], b: [b] } }, '', a.length + 100);
    expect(names(scan)).toEqual([['a', a]]);
    expect(scan.truncated).toBe(true);
  });
});

describe('tokensInRequestBody: raw bytes', () => {
  it('walks JSON and names tokens by path', () => {
    const t = jws();
    const u = unsecured();
    const body = JSON.stringify({ query: 'mutation Login', variables: { input: { token: t } }, ids: [1, u] });
    expect(names(tokensInRequestBody(raw(body), 'application/json; charset=utf-8'))).toEqual([
      ['variables.input.token', t],
      ['ids[1]', u],
    ]);
  });

  it('reads JSON without a content type, or under a +json type', () => {
    const t = jws();
    expect(names(tokensInRequestBody(raw(` [{"jwt":"${t}"}]`)))).toEqual([['[0].jwt', t]]);
    expect(names(tokensInRequestBody(raw(JSON.stringify({ t })), 'application/vnd.api+json'))).toEqual([['t', t]]);
    expect(names(tokensInRequestBody(raw(JSON.stringify(t)), 'application/json'))).toEqual([['$', t]]);
  });

  it('joins raw elements, even when a token spans two of them, and skips file elements', () => {
    const t = jws();
    const body = JSON.stringify({ id_token: t });
    const cut = body.length - 20;
    const scan = tokensInRequestBody(
      { raw: [{ bytes: bytes(body.slice(0, cut)) }, { file: '/tmp/upload.bin' }, { bytes: bytes(body.slice(cut)) }] },
      'application/json',
    );
    expect(names(scan)).toEqual([['id_token', t]]);
  });

  it('reads form-urlencoded text by field', () => {
    const t = jws();
    const c = jws();
    const body = `grant_type=client_credentials&client_assertion_type=urn%3Aietf&client_assertion=${c}&subject_token=${encodeURIComponent(t)}`;
    expect(names(tokensInRequestBody(raw(body), 'application/x-www-form-urlencoded'))).toEqual([
      ['client_assertion', c],
      ['subject_token', t],
    ]);
    expect(names(tokensInRequestBody(raw(`token=${t}`)))).toEqual([['token', t]]);
  });

  it('reads multipart parts by name', () => {
    const t = jws();
    const j = jwe();
    const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="note"',
      '',
      'hello',
      `--${boundary}`,
      'Content-Disposition: form-data; name="credential"',
      '',
      t,
      `--${boundary}`,
      'Content-Disposition: form-data; name="meta"; filename="m.json"',
      'Content-Type: application/json',
      '',
      JSON.stringify({ enc: j }),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    expect(names(tokensInRequestBody(raw(body), `multipart/form-data; boundary=${boundary}`))).toEqual([
      ['credential', t],
      ['meta.enc', j],
    ]);
  });

  it('falls back to a text scan for plain text, application/jwt and broken JSON', () => {
    const t = jws();
    expect(names(tokensInRequestBody(raw(t), 'application/jwt'))).toEqual([['body', t]]);
    expect(names(tokensInRequestBody(raw(`hello ${t} bye`), 'text/plain'))).toEqual([['body', t]]);
    expect(names(tokensInRequestBody(raw(`{"id_token":"${t}",`), 'application/json'))).toEqual([['id_token', t]]);
  });

  it('finds tokens among invalid UTF-8 bytes', () => {
    const t = jws();
    const body = Buffer.concat([Buffer.from([0xff, 0xfe, 0x20]), Buffer.from(t), Buffer.from([0x20, 0xc3])]);
    expect(names(tokensInRequestBody(raw(new Uint8Array(body)), 'application/octet-stream'))).toEqual([['body', t]]);
  });

  it('scans only the first maxBytes and says so', () => {
    const first = jws();
    const last = jws();
    const body = JSON.stringify({ first, pad: 'x'.repeat(2000), last });
    const scan = tokensInRequestBody(raw(body.slice(0, 1000), body.slice(1000)), 'application/json', 1500);
    expect(scan.truncated).toBe(true);
    expect(names(scan)).toEqual([['first', first]]);
    expect(tokensInRequestBody(raw(body), 'application/json', body.length).truncated).toBe(false);
  });

  it('handles a megabyte-sized body quickly', () => {
    const t = jws();
    const big = `${t} ${'eyJ.'.repeat(400_000)}`;
    const started = performance.now();
    const scan = tokensInRequestBody(raw(big), 'text/plain');
    expect(scan.truncated).toBe(true);
    expect(scan.tokens.map((x) => x.token)).toEqual([t]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('tokensInRequestBody: hostile input', () => {
  it('returns an empty result for missing or malformed bodies', () => {
    const empty = { tokens: [], truncated: false };
    expect(tokensInRequestBody(undefined)).toEqual(empty);
    expect(tokensInRequestBody(null)).toEqual(empty);
    expect(tokensInRequestBody({})).toEqual(empty);
    expect(tokensInRequestBody({ raw: 'x' as never, formData: 3 as never })).toEqual(empty);
    expect(tokensInRequestBody({ raw: [null as never, { bytes: 'text' as never }, {}] })).toEqual(empty);
    expect(tokensInRequestBody(raw(''), 'application/json')).toEqual(empty);
  });

  it('keeps what it found before a throwing getter', () => {
    const t = jws();
    const body = {
      formData: { a: [t] },
      get raw(): never {
        throw new Error('detached');
      },
    };
    expect(names(tokensInRequestBody(body))).toEqual([['a', t]]);
  });
});
