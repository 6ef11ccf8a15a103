import { describe, expect, it } from 'vitest';
import {
  jsonStringTokens,
  tokensInJsonText,
  tokensInJsonValue,
  tokensInText,
  utf8Prefix,
  type BodyScan,
} from '../../../lib/capture/json-tokens.ts';
import { locationLabel } from '../../../lib/capture/sighting-label.ts';
import { jwe, jws, unsecured } from './mint.ts';

const names = (scan: BodyScan) => scan.tokens.map((t) => [locationLabel(t.location), t.token]);

describe('tokensInJsonText', () => {
  it('names the tokens of a token endpoint response by member', () => {
    const access = jws();
    const id = jws();
    const refresh = jwe();
    const body = JSON.stringify({
      access_token: access,
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: refresh,
      id_token: id,
      scope: 'openid profile',
    });
    expect(tokensInJsonText(body)).toEqual({
      tokens: [
        { token: access, location: { kind: 'json-body', name: 'access_token', jsonPath: 'access_token' } },
        { token: refresh, location: { kind: 'json-body', name: 'refresh_token', jsonPath: 'refresh_token' } },
        { token: id, location: { kind: 'json-body', name: 'id_token', jsonPath: 'id_token' } },
      ],
      truncated: false,
    });
  });

  it('names nested values by JSON path, bracketing keys that are not identifiers', () => {
    const a = jws();
    const b = unsecured();
    const c = jws();
    const body = JSON.stringify({ data: { tokens: ['opaque', a], 'x-auth': { 'a b': b } }, list: [[c]] });
    expect(names(tokensInJsonText(body))).toEqual([
      ['data.tokens[1]', a],
      ['data["x-auth"]["a b"]', b],
      ['list[0][0]', c],
    ]);
  });

  it('names a root string "$" and finds tokens embedded in longer strings', () => {
    const t = jws();
    expect(names(tokensInJsonText(JSON.stringify(t)))).toEqual([['$', t]]);
    expect(names(tokensInJsonText(JSON.stringify({ header: `Bearer ${t}` })))).toEqual([['header', t]]);
  });

  it('walks JSON text held in a string value, joining paths with " › "', () => {
    const t = jws();
    const body = JSON.stringify({ payload: JSON.stringify({ auth: { token: t } }), arr: JSON.stringify([t]) });
    expect(names(tokensInJsonText(body))).toEqual([
      ['payload › auth.token', t],
      ['arr › [0]', t],
    ]);
  });

  it('falls back to a text scan for text that is not JSON, naming by the key before the token', () => {
    const t = jws();
    const u = jws();
    const broken = `{"access_token": "${t}", "we\\"ird": "${u}", oops`;
    expect(tokensInJsonText(broken)).toEqual({
      tokens: [
        { token: t, location: { kind: 'text-body', name: 'access_token' } },
        { token: u, location: { kind: 'text-body', name: 'we"ird' } },
      ],
      truncated: false,
    });
    expect(names(tokensInJsonText(`token ${t}`))).toEqual([['body', t]]);
  });

  it('scans only maxBytes of UTF-8 and says so', () => {
    const t = jws();
    const late = jws();
    const text = JSON.stringify({ id_token: t, pad: 'é'.repeat(600), late });
    const scan = tokensInJsonText(text, text.length); // é is two bytes: the text is longer than its length
    expect(scan.truncated).toBe(true);
    expect(names(scan)).toEqual([['id_token', t]]);
    expect(tokensInJsonText(text, 10_000).truncated).toBe(false);
  });

  it('never throws on very deep nesting, and still finds tokens beyond the depth limit', () => {
    const shallow = jws();
    const deep = jws();
    const depth = 20_000;
    const text = `{"a":"${shallow}","b":${'['.repeat(depth)}"${deep}"${']'.repeat(depth)}}`;
    const scan = tokensInJsonText(text);
    expect(scan.truncated).toBe(true);
    expect(scan.tokens.map((t) => t.token)).toEqual([shallow, deep]);
    expect(scan.tokens[0]!.location.name).toBe('a');
  });

  it('returns nothing for non-strings and empty text', () => {
    expect(tokensInJsonText(undefined as never)).toEqual({ tokens: [], truncated: false });
    expect(tokensInJsonText('')).toEqual({ tokens: [], truncated: false });
    expect(tokensInJsonText('{}')).toEqual({ tokens: [], truncated: false });
  });
});

describe('tokensInJsonValue / jsonStringTokens', () => {
  it('respects the depth bound', () => {
    const t = jws();
    const value = { a: { b: { c: t } } };
    expect(jsonStringTokens(value, { maxDepth: 3, maxNodes: 100, maxTokens: 10 }).tokens).toHaveLength(1);
    expect(jsonStringTokens(value, { maxDepth: 2, maxNodes: 100, maxTokens: 10 })).toEqual({
      tokens: [],
      truncated: true,
    });
  });

  it('respects the node and token bounds', () => {
    const many = Array.from({ length: 20 }, () => jws());
    const byTokens = tokensInJsonValue(many, { maxDepth: 64, maxNodes: 1000, maxTokens: 5 });
    expect(byTokens.tokens).toHaveLength(5);
    expect(byTokens.truncated).toBe(true);
    const byNodes = tokensInJsonValue(many, { maxDepth: 64, maxNodes: 4, maxTokens: 100 });
    expect(byNodes.tokens.map((t) => locationLabel(t.location))).toEqual(['[0]', '[1]', '[2]']);
    expect(byNodes.truncated).toBe(true);
  });

  it('survives cycles and hostile objects, keeping what it found first', () => {
    const t = jws();
    const cyclic: Record<string, unknown> = { token: t };
    cyclic.self = cyclic;
    const c = tokensInJsonValue(cyclic);
    expect(c.truncated).toBe(true);
    expect(c.tokens[0]).toEqual({ token: t, location: { kind: 'json-body', name: 'token', jsonPath: 'token' } });

    const hostile = [
      t,
      new Proxy(
        {},
        {
          ownKeys() {
            throw new Error('boom');
          },
        },
      ),
    ];
    expect(tokensInJsonValue(hostile)).toEqual({
      tokens: [{ token: t, location: { kind: 'json-body', name: '$', jsonPath: '[0]' } }],
      truncated: true,
    });
  });

  it('ignores numbers, booleans, null and keys', () => {
    expect(tokensInJsonValue({ [jws()]: 1, n: null, b: true, x: 3 })).toEqual({ tokens: [], truncated: false });
  });
});

describe('utf8Prefix', () => {
  it('counts UTF-8 bytes and never splits a character or surrogate pair', () => {
    expect(utf8Prefix('aé€😀', 100)).toEqual({ text: 'aé€😀', bytes: 10, truncated: false });
    expect(utf8Prefix('aé€😀', 9)).toEqual({ text: 'aé€', bytes: 6, truncated: true });
    expect(utf8Prefix('aé', 2)).toEqual({ text: 'a', bytes: 1, truncated: true });
    expect(utf8Prefix('', 0)).toEqual({ text: '', bytes: 0, truncated: false });
  });
});

describe('tokensInText', () => {
  it('names a token by a preceding form field, else by the fallback', () => {
    const t = jws();
    expect(tokensInText(`grant_type=x&assertion=${t}`)).toEqual([
      { token: t, location: { kind: 'text-body', name: 'assertion' } },
    ]);
    expect(tokensInText(`<p>${t}</p>`, 'html')).toEqual([{ token: t, location: { kind: 'text-body', name: 'html' } }]);
  });
});
