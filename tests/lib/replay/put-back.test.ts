import { describe, expect, it } from 'vitest';
import { tokensInRequestHeaders } from '../../../lib/capture/parse-headers.ts';
import { tokensInRequestBody } from '../../../lib/capture/body-tokens.ts';
import { tokensInUrl } from '../../../lib/capture/url-tokens.ts';
import { putBack, type RequestParts } from '../../../lib/replay/put-back.ts';
import type { SightingLocation } from '../../../lib/types.ts';

// Token-shaped strings (what the finders look for); nothing here is verified.
const T = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';
const N = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.';

const parts = (p: Partial<RequestParts>): RequestParts => ({ url: 'https://api.example/x', headers: [], ...p });

function put(p: RequestParts, location: SightingLocation, replacement: string | null = N) {
  const out = putBack(p, location, T, replacement);
  if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
  return out.value;
}

/** Every byte but the token's own is unchanged: the result is the original with T replaced at one place. */
function onlyTokenChanged(before: string, after: string) {
  const i = before.indexOf(T);
  expect(after).toBe(before.slice(0, i) + N + before.slice(i + T.length));
}

describe('putBack: headers', () => {
  it('keeps the scheme and spacing of Authorization as sent', () => {
    const before = 'bEaReR   ' + T;
    const p = parts({
      headers: [
        { name: 'X-A', value: 'keep' },
        { name: 'Authorization', value: before },
      ],
    });
    const [loc] = tokensInRequestHeaders(p.headers);
    const out = put(p, loc!.location);
    expect(out.headers[0]).toEqual({ name: 'X-A', value: 'keep' });
    expect(out.headers[1]!.name).toBe('Authorization');
    onlyTokenChanged(before, out.headers[1]!.value);
  });

  it('puts a DPoP proof back in the DPoP header, and removes the header for "no token"', () => {
    const p = parts({
      headers: [
        { name: 'DPoP', value: T },
        { name: 'Accept', value: '*/*' },
      ],
    });
    expect(put(p, { kind: 'header', name: 'dpop' }).headers).toEqual([
      { name: 'DPoP', value: N },
      { name: 'Accept', value: '*/*' },
    ]);
    expect(put(p, { kind: 'header', name: 'DPoP' }, null).headers).toEqual([{ name: 'Accept', value: '*/*' }]);
  });

  it('re-encodes only the half of Basic credentials that held the token', () => {
    const p = parts({ headers: [{ name: 'Authorization', value: `Basic ${btoa(`client:${T}`)}` }] });
    const [loc] = tokensInRequestHeaders(p.headers);
    expect(loc!.location).toMatchObject({ scheme: 'Basic', credential: 'password' });
    const out = put(p, loc!.location);
    expect(out.headers[0]!.value).toBe(`Basic ${btoa(`client:${N}`)}`);
    const user = parts({ headers: [{ name: 'Authorization', value: `basic ${btoa(`${T}:pw`)}` }] });
    expect(
      put(user, { kind: 'header', name: 'Authorization', scheme: 'basic', credential: 'user' }).headers[0]!.value,
    ).toBe(`basic ${btoa(`${N}:pw`)}`);
  });

  it('refuses a Basic half that does not hold the token, with its code', () => {
    const p = parts({ headers: [{ name: 'Authorization', value: `Basic ${btoa(`${T}:pw`)}` }] });
    const out = putBack(p, { kind: 'header', name: 'Authorization', scheme: 'Basic', credential: 'password' }, T, N);
    expect(out.ok || out.error.code).toBe('put-back-basic');
  });

  it('puts a token back into the URL a header holds', () => {
    const before = `https://app.example/cb?state=1&id_token=${T}&x=${T.slice(0, 5)}`;
    const p = parts({ headers: [{ name: 'Referer', value: before }] });
    const out = put(p, { kind: 'header', name: 'Referer', url: { kind: 'query', name: 'id_token' } });
    onlyTokenChanged(before, out.headers[0]!.value);
  });

  it('says put-back-not-found when the header does not carry the token', () => {
    const p = parts({ headers: [{ name: 'Authorization', value: 'Bearer other' }] });
    const out = putBack(p, { kind: 'header', name: 'Authorization', scheme: 'Bearer' }, T, N);
    expect(out.ok || out.error.code).toBe('put-back-not-found');
  });
});

describe('putBack: cookies', () => {
  const before = `a=1;  session=${T}; theme="dark"; other=${T}x`;
  const p = parts({ headers: [{ name: 'Cookie', value: before }] });

  it('changes only that cookie value; the other cookies stay byte-identical', () => {
    const loc = tokensInRequestHeaders(p.headers).find(
      (t) => t.location.kind === 'cookie' && t.location.name === 'session',
    );
    const out = put(p, loc!.location);
    expect(out.headers[0]!.value).toBe(`a=1;  session=${N}; theme="dark"; other=${T}x`);
  });

  it('keeps the quotes of a quoted cookie value', () => {
    const q = parts({ headers: [{ name: 'cookie', value: `id="${T}"; b=2` }] });
    expect(put(q, { kind: 'cookie', name: 'id' }).headers[0]!.value).toBe(`id="${N}"; b=2`);
  });

  it('removes just that cookie for "no token", and the header when it was the only one', () => {
    expect(put(p, { kind: 'cookie', name: 'session' }, null).headers[0]!.value).toBe(`a=1;  theme="dark"; other=${T}x`);
    const last = parts({ headers: [{ name: 'Cookie', value: `a=1; session=${T}` }] });
    expect(put(last, { kind: 'cookie', name: 'session' }, null).headers[0]!.value).toBe('a=1');
    const only = parts({
      headers: [
        { name: 'Cookie', value: `session=${T}` },
        { name: 'X', value: 'y' },
      ],
    });
    expect(put(only, { kind: 'cookie', name: 'session' }, null).headers).toEqual([{ name: 'X', value: 'y' }]);
  });

  it('does not confuse a cookie whose name contains the wanted one', () => {
    const q = parts({ headers: [{ name: 'Cookie', value: `xsession=${T}` }] });
    const out = putBack(q, { kind: 'cookie', name: 'session' }, T, N);
    expect(out.ok || out.error.code).toBe('put-back-not-found');
  });
});

describe('putBack: URL', () => {
  it('replaces a query parameter value, every other byte of the URL kept (odd escapes included)', () => {
    const before = `https://api.example/a%2Fb?x=%7e&access_token=${T}&y=1+2#frag`;
    const [loc] = tokensInUrl(before);
    expect(loc!.location).toEqual({ kind: 'query', name: 'access_token' });
    onlyTokenChanged(before, put(parts({ url: before }), loc!.location).url);
  });

  it('removes the parameter for "no token"', () => {
    const before = `https://api.example/?a=1&access_token=${T}&b=2`;
    expect(put(parts({ url: before }), { kind: 'query', name: 'access_token' }, null).url).toBe(
      'https://api.example/?a=1&b=2',
    );
    expect(put(parts({ url: `https://api.example/?a=1&t=${T}` }), { kind: 'query', name: 't' }, null).url).toBe(
      'https://api.example/?a=1',
    );
  });

  it('puts back a bare query value, a fragment parameter, a hash-route parameter and a path segment', () => {
    for (const url of [
      `https://api.example/x?${T}`,
      `https://app.example/cb#state=s&id_token=${T}`,
      `https://app.example/#/callback?id_token=${T}&x=1`,
      `https://api.example/tokens/${T}/info?q=1`,
    ]) {
      const [loc] = tokensInUrl(url);
      onlyTokenChanged(url, put(parts({ url }), loc!.location).url);
    }
  });

  it('does not touch the same token in another parameter', () => {
    const before = `https://api.example/?a=${T}&b=${T}`;
    expect(put(parts({ url: before }), { kind: 'query', name: 'b' }).url).toBe(`https://api.example/?a=${T}&b=${N}`);
  });

  it('does not treat the host as a path', () => {
    const out = putBack(parts({ url: `https://api.example/?q=${T}` }), { kind: 'path', name: 'path' }, T, N);
    expect(out.ok || out.error.code).toBe('put-back-not-found');
  });
});

describe('putBack: bodies', () => {
  const text = (t: string) => ({ kind: 'text' as const, text: t });

  it('replaces a urlencoded field value, other fields byte-identical', () => {
    const before = `grant_type=urn%3Aietf%3Aparams&assertion=${T}&scope=a+b`;
    const [loc] = tokensInRequestBody(
      { raw: [{ bytes: new TextEncoder().encode(before) }] },
      'application/x-www-form-urlencoded',
    ).tokens;
    expect(loc!.location).toEqual({ kind: 'form-body', name: 'assertion' });
    const out = put(parts({ body: text(before) }), loc!.location);
    onlyTokenChanged(before, (out.body as { text: string }).text);
  });

  it('puts back into a JSON value inside a form field (jsonPath) and a multipart part', () => {
    const inForm = `payload=${encodeURIComponent(`{"t":"${T}"}`)}&other=1`;
    const out = put(parts({ body: text(inForm) }), { kind: 'form-body', name: 'payload', jsonPath: 't' });
    onlyTokenChanged(inForm, (out.body as { text: string }).text);
    const multipart = `--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n${T}\r\n--XyZ\r\nContent-Disposition: form-data; name="meta"\r\n\r\n{"jwt":"${T}"}\r\n--XyZ--\r\n`;
    const found = tokensInRequestBody(
      { raw: [{ bytes: new TextEncoder().encode(multipart) }] },
      'multipart/form-data; boundary=XyZ',
    ).tokens;
    const meta = found.find((t) => t.location.kind === 'form-body' && t.location.name === 'meta')!;
    const got = (put(parts({ body: text(multipart) }), meta.location).body as { text: string }).text;
    expect(got).toBe(multipart.replace(`{"jwt":"${T}"}`, `{"jwt":"${N}"}`));
  });

  it('replaces in parsed form fields when webRequest kept no bytes', () => {
    const body = { kind: 'form' as const, fields: { a: ['1'], id_token: ['x', T] } };
    expect(put(parts({ body }), { kind: 'form-body', name: 'id_token' }).body).toEqual({
      kind: 'form',
      fields: { a: ['1'], id_token: ['x', N] },
    });
  });

  it('replaces a JSON member at its path textually: spacing, order, escapes and duplicates kept', () => {
    const before = `{ "a" :1e400, "data":{"tokens":[ "x", "${T}" ],"note":"\\u00e9"}, "copy":"${T}" }`;
    const found = tokensInRequestBody(
      { raw: [{ bytes: new TextEncoder().encode(before) }] },
      'application/json',
    ).tokens;
    const loc = found.find((t) => t.location.kind === 'json-body' && t.location.jsonPath === 'data.tokens[1]')!;
    const out = (put(parts({ body: text(before) }), loc.location).body as { text: string }).text;
    onlyTokenChanged(before, out);
    const copy = found.find((t) => t.location.kind === 'json-body' && t.location.jsonPath === 'copy')!;
    const out2 = (put(parts({ body: text(before) }), copy.location).body as { text: string }).text;
    expect(out2).toBe(before.replace(`"copy":"${T}"`, `"copy":"${N}"`));
  });

  it('follows a path into JSON text inside a JSON string, odd member names too', () => {
    const before = `{"we\\"ird":{"inner":"{\\"jwt\\":\\"${T}\\"}"}}`;
    const found = tokensInRequestBody(
      { raw: [{ bytes: new TextEncoder().encode(before) }] },
      'application/json',
    ).tokens;
    expect(found[0]!.location).toMatchObject({ kind: 'json-body', jsonPath: '["we\\"ird"].inner › jwt' });
    onlyTokenChanged(before, (put(parts({ body: text(before) }), found[0]!.location).body as { text: string }).text);
  });

  it('puts a token back into a root JSON string and plain text', () => {
    expect(
      (put(parts({ body: text(`"${T}"`) }), { kind: 'json-body', name: '$', jsonPath: '$' }).body as { text: string })
        .text,
    ).toBe(`"${N}"`);
    const plain = `token: ${T}\n`;
    onlyTokenChanged(
      plain,
      (put(parts({ body: text(plain) }), { kind: 'text-body', name: 'body' }).body as { text: string }).text,
    );
  });

  it('says put-back-no-body, put-back-not-found and put-back-location with their codes', () => {
    const code = (p: RequestParts, l: SightingLocation) => {
      const out = putBack(p, l, T, N);
      return out.ok ? 'ok' : out.error.code;
    };
    expect(code(parts({}), { kind: 'json-body', name: 't', jsonPath: 't' })).toBe('put-back-no-body');
    expect(code(parts({ body: text('{"t":"x"}') }), { kind: 'json-body', name: 't', jsonPath: 't' })).toBe(
      'put-back-not-found',
    );
    expect(code(parts({}), { kind: 'set-cookie', name: 's' })).toBe('put-back-location');
    expect(code(parts({}), { kind: 'storage', area: 'local', name: 'k' })).toBe('put-back-location');
  });
});
