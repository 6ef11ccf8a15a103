import { describe, expect, it } from 'vitest';
import { decodeAny, decodeToken, type DecodedToken } from '../../lib/decode-token.ts';
import { decodeJwsJson } from '../../lib/jws-json.ts';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const jwt = (header: string, payload: string, sig = 'c2ln') => `${b64(header)}.${b64(payload)}.${sig}`;

describe('decodeToken', () => {
  it('decodes a JWS and keeps the original header and payload text', () => {
    const header = '{"alg":"HS256",\r\n "typ":"JWT"}';
    const payload = '{"sub":"alice","n":1.0e3,"s":"\\u00e9"}';
    const d = decodeToken(jwt(header, payload));
    expect(d.kind).toBe('jws');
    expect(d.error).toBeUndefined();
    expect(d.rawHeader).toBe(header);
    expect(d.rawPayload).toBe(payload);
    expect(d.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(d.payload).toEqual({ sub: 'alice', n: 1000, s: 'é' });
    expect(d.payloadIsJson).toBe(true);
    expect(d.segments.map((s) => s.name)).toEqual(['header', 'payload', 'signature']);
  });

  it('recognises unsecured tokens, JWE and nested JWTs', () => {
    expect(decodeToken(`${b64('{"alg":"none"}')}.${b64('{}')}.`).kind).toBe('unsecured');
    expect(decodeToken(`${b64('{"alg":"NoNe"}')}.${b64('{}')}.`).kind).toBe('unsecured');
    const jwe = decodeToken(`${b64('{"alg":"dir","enc":"A256GCM","cty":"JWT"}')}..aXY.Y2lwaGVy.dGFn`);
    expect(jwe.kind).toBe('jwe');
    expect(jwe.nested).toBe(true);
    expect(jwe.segments.map((s) => s.name)).toEqual(['header', 'encrypted_key', 'iv', 'ciphertext', 'tag']);
  });

  it.each([
    ['', 'empty', 'The token is empty.'],
    ['   ', 'empty', 'The token is empty.'],
    ['abc.def', 'segment-count', 'this token has 2'],
    ['a.b.c.d', 'segment-count', 'this token has 4'],
    ['Bearer abc.def ghi', 'segment-count', 'It contains whitespace'],
  ])('reports %j as malformed with code %s', (input, code, message) => {
    const d = decodeToken(input);
    expect(d.kind).toBe('malformed');
    expect(d.error?.code).toBe(code);
    expect(d.error?.message).toContain(message);
  });

  it('reads header.payload (the signature segment cut off) while still calling it malformed', () => {
    const d = decodeToken(`${b64('{"alg":"RS256"}')}.${b64('{"sub":"x"}')}`);
    expect(d.kind).toBe('malformed');
    expect(d.error?.code).toBe('segment-count');
    expect(d.header).toEqual({ alg: 'RS256' });
    expect(d.payload).toEqual({ sub: 'x' });
    expect(d.segments.map((s) => s.name)).toEqual(['header', 'payload']);
  });

  it('names the segment and the character of bad base64url, and still decodes the rest', () => {
    const d = decodeToken(`${b64('{"alg":"HS256"}')}.eyJzdWIiOiJ4In0*.c2ln`);
    expect(d.kind).toBe('malformed');
    expect(d.error).toEqual({
      code: 'payload-base64',
      message: 'payload segment: invalid base64url character "*" at character 16',
    });
    expect(d.header).toEqual({ alg: 'HS256' });
    expect(d.rawHeader).toBe('{"alg":"HS256"}');
  });

  it('says when standard base64 is used instead of base64url', () => {
    const d = decodeToken(`${b64('{"alg":"HS256"}')}.${b64('{}')}.ab+/`);
    expect(d.error?.code).toBe('signature-base64');
    expect(d.error?.message).toContain('standard base64, not base64url');
    expect(d.payload).toEqual({});
  });

  it('rejects an impossible base64url length', () => {
    const d = decodeToken(`${b64('{"alg":"HS256"}')}.${b64('{}')}.abcde`);
    expect(d.error?.code).toBe('signature-base64');
    expect(d.error?.message).toContain('4n+1');
  });

  it('explains header JSON that does not parse, and a header that is not an object', () => {
    const bad = decodeToken(jwt('{"alg":"HS256",}', '{}'));
    expect(bad.kind).toBe('malformed');
    expect(bad.error?.code).toBe('header-json');
    expect(bad.error?.message).toMatch(/^header segment is not valid JSON: /);
    expect(bad.rawHeader).toBe('{"alg":"HS256",}');
    expect(bad.payload).toEqual({});

    const arr = decodeToken(jwt('["alg"]', '{}'));
    expect(arr.error).toEqual({
      code: 'header-not-object',
      message: 'header segment must be a JSON object, but it is an array',
    });
  });

  it('requires alg (and enc for JWE)', () => {
    expect(decodeToken(jwt('{"typ":"JWT"}', '{}')).error?.code).toBe('header-alg');
    expect(decodeToken(jwt('{"alg":5}', '{}')).error?.message).toContain('non-empty string, not 5');
    expect(decodeToken(`${b64('{"alg":"dir"}')}..aXY.Y2lwaGVy.dGFn`).error?.code).toBe('header-enc');
  });

  it('shows a payload that is not JSON as text, with a note (a JWS may carry any bytes)', () => {
    const d = decodeToken(jwt('{"alg":"HS256"}', 'It’s a dangerous business, Frodo'));
    expect(d.kind).toBe('jws');
    expect(d.payloadIsJson).toBe(false);
    expect(d.payload).toBe('It’s a dangerous business, Frodo');
    expect(d.problems.map((p) => p.code)).toEqual(['payload-json']);
  });

  it('flags duplicate members, non-canonical base64url and non-UTF-8 bytes', () => {
    const dup = decodeToken(jwt('{"alg":"HS256","alg":"none"}', '{"sub":"a","x":{"y":1,"y":2}}'));
    expect(dup.header).toEqual({ alg: 'none' });
    expect(dup.segments[0]!.duplicates).toEqual([{ path: '', name: 'alg' }]);
    expect(dup.segments[1]!.duplicates).toEqual([{ path: 'x', name: 'y' }]);

    // "e30" is canonical for "{}"; "e31" decodes to the same bytes with non-zero spare bits.
    const nc = decodeToken(`${b64('{"alg":"HS256"}')}.e31.c2ln`);
    expect(nc.payload).toEqual({});
    expect(nc.segments[1]!.noncanonical).toBe(true);
    expect(decodeToken(`${b64('{"alg":"HS256"}')}.e30.c2ln`).segments[1]!.noncanonical).toBe(false);

    const latin1 = decodeToken(`${b64('{"alg":"HS256"}')}.${b64(Buffer.from('{"n":"\xe9"}', 'latin1'))}.c2ln`);
    expect(latin1.segments[1]!.notUtf8).toBe(true);
    expect(latin1.payload).toEqual({ n: '\ufffd' });
  });

  it('never throws on hostile JSON and keeps __proto__ an own property', () => {
    const deep = decodeToken(jwt('{"alg":"HS256"}', '['.repeat(200_000)));
    expect(deep.kind).toBe('jws');
    expect(deep.problems[0]?.code).toBe('payload-json');
    const proto = decodeToken(jwt('{"alg":"HS256"}', '{"__proto__":{"polluted":true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(proto.payload, '__proto__')).toBe(true);
  });
});

describe('one decoding core for both serialisations', () => {
  const b64u = (s: string) => Buffer.from(s).toString('base64url');
  const asJson = (compact: string) => {
    const [h, p, s] = compact.split('.');
    return JSON.stringify({ protected: h, payload: p, signature: s });
  };
  const view = (d: DecodedToken) => ({
    kind: d.kind,
    header: d.header,
    payload: d.payload,
    payloadIsJson: d.payloadIsJson,
    rawHeader: d.rawHeader,
    rawPayload: d.rawPayload,
    nested: d.nested,
    // Only the missing-alg wording differs: a JSON serialisation also has an unprotected header.
    error: d.error && (d.error.code === 'header-alg' ? d.error.code : d.error),
    problems: d.problems.map((p) => (p.code === 'header-alg' ? p.code : p)),
    segments: d.segments.map((s) => ({
      name: s.name,
      raw: s.raw,
      dup: s.duplicates,
      nc: s.noncanonical,
      u8: s.notUtf8,
    })),
  });

  it.each([
    ['a JSON payload', `${b64u('{"alg":"HS256","cty":"JWT"}')}.${b64u('{"sub":"a","sub":"b"}')}.AAAA`],
    ['a text payload', `${b64u('{"alg":"HS256"}')}.${b64u('hello')}.AAAA`],
    ['an empty payload', `${b64u('{"alg":"HS256"}')}..AAAA`],
    ['a header that is an array', `${b64u('[1]')}.${b64u('{}')}.AAAA`],
    ['a header that is not JSON', `${b64u('{"alg":')}.${b64u('{}')}.AAAA`],
    ['a header without alg', `${b64u('{"typ":"JWT"}')}.${b64u('{}')}.AAAA`],
    ['a repeated header member', `${b64u('{"alg":"HS256","alg":"none"}')}.${b64u('{}')}.AAAA`],
    ['alg none', `${b64u('{"alg":"nOnE"}')}.${b64u('{}')}.`],
    ['a padded signature', `${b64u('{"alg":"HS256"}')}.${b64u('{}')}.AAAA==`],
  ])('compact and flattened JSON agree on %s', (_, compact) => {
    expect(view(decodeJwsJson(asJson(compact)))).toEqual(view(decodeToken(compact)));
  });

  it('decodeAny picks the serialisation, and both are thin over the same segment decoding', () => {
    const compact = `${b64u('{"alg":"HS256"}')}.${b64u('{"sub":"a"}')}.AAAA`;
    expect(decodeAny(compact)).toEqual(decodeToken(compact));
    expect(decodeAny(`  ${asJson(compact)}`)).toEqual(decodeJwsJson(asJson(compact)));
  });
});
