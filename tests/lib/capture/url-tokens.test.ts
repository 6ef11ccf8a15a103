import { describe, expect, it } from 'vitest';
import {
  decodePercent,
  MAX_URL_SCAN,
  parseParams,
  tokensInLocation,
  tokensInUrl,
  type UrlToken,
} from '../../../lib/capture/url-tokens.ts';
import { b64, jwe, jws, unsecured } from './mint.ts';

const brief = (found: UrlToken[]) => found.map((f) => [f.location.kind, f.location.name, f.token]);

describe('decodePercent', () => {
  it('decodes escapes, and "+" only in form mode', () => {
    expect(decodePercent('a%20b+c')).toBe('a b+c');
    expect(decodePercent('a%20b+c', true)).toBe('a b c');
  });
  it('decodes the valid escapes around malformed ones, which become U+FFFD or stay as written', () => {
    expect(decodePercent('%zz%41%E0%A4%')).toBe('%zzA\uFFFD%');
    expect(decodePercent('%41%E0%A4%A%42')).toBe('A\uFFFD%AB');
    expect(decodePercent('%E0%41%C3%A9')).toBe('\uFFFDAé');
  });

  it('decodes a megabyte of broken escapes quickly', () => {
    const started = performance.now();
    expect(decodePercent('%FF'.repeat(350_000)).length).toBe(350_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('parseParams', () => {
  it('splits pairs, decodes both sides and marks bare names', () => {
    expect(parseParams('a=1&b%5B%5D=x+y&&flag&c=')).toEqual([
      { name: 'a', value: '1', hasValue: true },
      { name: 'b[]', value: 'x y', hasValue: true },
      { name: 'flag', value: '', hasValue: false },
      { name: 'c', value: '', hasValue: true },
    ]);
  });
});

describe('tokensInUrl', () => {
  it('finds tokens in query parameters by name', () => {
    const a = jws();
    const i = jws();
    expect(brief(tokensInUrl(`https://api.example.com/v1/me?access_token=${a}&id_token=${i}&page=2`))).toEqual([
      ['query', 'access_token', a],
      ['query', 'id_token', i],
    ]);
  });

  it('finds a token in any parameter, percent-decoded', () => {
    const t = jws();
    const encoded = t.replace(/\./g, '%2E');
    expect(brief(tokensInUrl(`https://x.test/cb?session_state=abc&jwt=${encoded}`))).toEqual([['query', 'jwt', t]]);
  });

  it('finds a token inside a nested, encoded URL parameter', () => {
    const t = jws();
    const inner = encodeURIComponent(`https://rp.test/cb#id_token=${t}&state=1`);
    expect(brief(tokensInUrl(`https://idp.test/logout?post_logout_redirect_uri=${inner}`))).toEqual([
      ['query', 'post_logout_redirect_uri', t],
    ]);
  });

  it('reads an OAuth implicit-flow fragment', () => {
    const a = jws();
    const i = jws();
    const url = `https://app.test/callback#access_token=${a}&token_type=Bearer&expires_in=3600&id_token=${i}&state=xyz`;
    expect(brief(tokensInUrl(url))).toEqual([
      ['fragment', 'access_token', a],
      ['fragment', 'id_token', i],
    ]);
  });

  it('reads parameters of a hash route and tokens in the route itself', () => {
    const i = jws();
    const r = jws();
    expect(brief(tokensInUrl(`https://app.test/#/callback?id_token=${i}`))).toEqual([['fragment', 'id_token', i]]);
    expect(brief(tokensInUrl(`https://app.test/#/verify/${r}?x=1`))).toEqual([['fragment', 'fragment', r]]);
  });

  it('names a bare token in the query or fragment by its part', () => {
    const t = jws();
    expect(brief(tokensInUrl(`https://app.test/#${t}`))).toEqual([['fragment', 'fragment', t]]);
    expect(brief(tokensInUrl(`https://app.test/?${t}`))).toEqual([['query', 'query', t]]);
  });

  it('finds a token as a path segment, not in the host', () => {
    const t = jwe();
    expect(brief(tokensInUrl(`https://mail.test/verify/${t}/confirm`))).toEqual([['path', 'path', t]]);
    expect(brief(tokensInUrl(`/reset/${t}`))).toEqual([['path', 'path', t]]);
  });

  it('reports one token in several parts once per part, and duplicates once', () => {
    const t = unsecured();
    expect(brief(tokensInUrl(`https://a.test/p?token=${t}&token=${t}#token=${t}`))).toEqual([
      ['query', 'token', t],
      ['fragment', 'token', t],
    ]);
  });

  it('finds nothing in URLs without tokens or with lookalikes', () => {
    expect(tokensInUrl('https://example.com/a/b?c=d#e')).toEqual([]);
    // base64url of non-JSON that starts with "ey", and a JSON header without alg.
    expect(tokensInUrl(`https://x.test/?t=eyJub3QganNvbg.eyJ9.c2ln&u=${b64({ typ: 'JWT' })}.${b64({})}.sig`)).toEqual(
      [],
    );
  });

  it('survives malformed URLs and escapes', () => {
    const t = jws();
    expect(brief(tokensInUrl(`ht!tp://%%%/x/${t}?a=%zz&b=${t}%E0`))).toEqual([
      ['path', 'path', t],
      ['query', 'b', t],
    ]);
    expect(tokensInUrl('')).toEqual([]);
    expect(tokensInUrl(undefined as never)).toEqual([]);
    expect(tokensInUrl('?&&&==&=#&&=')).toEqual([]);
  });

  it('scans at most MAX_URL_SCAN characters of a huge URL', () => {
    const head = jws();
    const tail = jws();
    const url = `https://x.test/?a=${head}&pad=${'A'.repeat(MAX_URL_SCAN)}&b=${tail}`;
    const started = performance.now();
    const found = tokensInUrl(url);
    expect(found.map((f) => f.token)).toEqual([head]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('tokensInLocation', () => {
  it('finds tokens in an absolute redirect Location', () => {
    const i = jws();
    const found = tokensInLocation([
      { name: 'Content-Type', value: 'text/html' },
      { name: 'Location', value: `https://rp.test/cb#id_token=${i}&state=s` },
    ]);
    expect(found).toEqual([
      {
        token: i,
        location: { kind: 'header', name: 'Location', url: { kind: 'fragment', name: 'id_token' } },
        url: `https://rp.test/cb#id_token=${i}&state=s`,
      },
    ]);
  });

  it('resolves a relative Location against the request URL', () => {
    const t = jws();
    const [f] = tokensInLocation(
      [{ name: 'location', value: ` ../done?token=${t} ` }],
      'https://idp.test/auth/login?x=1',
    );
    expect(f?.url).toBe(`https://idp.test/done?token=${t}`);
    expect(f?.location).toEqual({ kind: 'header', name: 'location', url: { kind: 'query', name: 'token' } });
  });

  it('scans a Location it cannot resolve as sent', () => {
    const t = jws();
    const [f] = tokensInLocation([{ name: 'LOCATION', value: `/cb?token=${t}` }]);
    expect(f).toMatchObject({
      url: `/cb?token=${t}`,
      location: { name: 'LOCATION', url: { kind: 'query', name: 'token' } },
    });
    expect(tokensInLocation([{ name: 'Location', value: `/cb?token=${t}` }], 'not a url')).toHaveLength(1);
  });

  it('ignores other headers and hostile entries', () => {
    expect(tokensInLocation([{ name: 'Refresh-Token', value: `https://x.test/?t=${jws()}` }])).toEqual([]);
    expect(tokensInLocation([null as never, { name: 'Location' }])).toEqual([]);
  });
});
