import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../lib/capture/model.ts';
import { filterText, sightingTerms, type FilterSubject } from '../../../lib/filter/filter-subject.ts';
import { matchFilter } from '../../../lib/filter/match-filter.ts';
import { parseFilter } from '../../../lib/filter/parse-filter.ts';

function subject(over: Partial<FilterSubject> = {}): FilterSubject {
  const base = {
    alg: 'RS256',
    kind: 'jws',
    header: { alg: 'RS256', kid: 'demo-rsa-2026' },
    payload: { iss: 'https://idp.example.com/', sub: 'alice', email: 'alice@example.com', roles: ['admin', 'ops'] },
    sources: ['header', 'cookie'] as FilterSubject['sources'],
    hosts: ['api.example.com', 'idp.example.com'],
    rules: ['aud-missing'],
    worst: 'low' as const,
    validity: 'valid' as const,
    verification: 'no-key' as const,
    pasted: false,
    ...over,
  };
  return { ...base, text: over.text ?? filterText(base) };
}
const m = (q: string, s = subject()) => matchFilter(parseFilter(q), s);

describe('parseFilter', () => {
  it('parses qualifiers, negation, quoted phrases and bare states', () => {
    expect(parseFilter('alg:none -source:url "two words" expired iss:"https://a b"').terms).toEqual([
      { field: 'alg', value: 'none', negate: false },
      { field: 'source', value: 'url', negate: true },
      { field: 'text', value: 'two words', negate: false },
      { field: 'is', value: 'expired', negate: false },
      { field: 'iss', value: 'https://a b', negate: false },
    ]);
  });
  it('treats an unknown name:value as a claim filter, keeping the name', () => {
    expect(parseFilter('email:Alice').terms).toEqual([
      { field: 'claim', name: 'email', value: 'alice', negate: false },
    ]);
  });
  it('warns about a bad severity or state and falls back to free text', () => {
    const f = parseFilter('severity:urgent is:shiny');
    expect(f.warnings).toHaveLength(2);
    expect(f.warnings[0]).toContain('unknown severity "urgent"');
    expect(f.terms.map((t) => t.field)).toEqual(['text', 'text']);
  });
  it('ignores empty input and a lone dash never throws', () => {
    expect(parseFilter('   ').terms).toEqual([]);
    expect(() => parseFilter('- -- : :: "')).not.toThrow();
  });
});

describe('matchFilter', () => {
  it('free text searches claim values, hosts, sources and rule ids, case-insensitively', () => {
    expect(m('ALICE@example')).toBe(true);
    expect(m('ops')).toBe(true);
    expect(m('api.example.com')).toBe(true);
    expect(m('cookie')).toBe(true);
    expect(m('aud-missing')).toBe(true);
    expect(m('bob')).toBe(false);
  });
  it('alg: matches exactly, any letter case', () => {
    expect(m('alg:rs256')).toBe(true);
    expect(m('alg:RS')).toBe(false);
    expect(m('alg:none', subject({ alg: 'nOnE' }))).toBe(true);
  });
  it('severity: means that severity or worse', () => {
    expect(m('severity:low')).toBe(true);
    expect(m('severity:info')).toBe(true);
    expect(m('severity:medium')).toBe(false);
    expect(m('severity:high', subject({ worst: 'critical' }))).toBe(true);
    expect(m('severity:info', subject({ worst: undefined }))).toBe(false);
  });
  it('source:, with storage aliases, and negation', () => {
    expect(m('source:cookie')).toBe(true);
    expect(m('-source:url')).toBe(true);
    expect(m('-source:cookie')).toBe(false);
    expect(m('source:storage', subject({ sources: ['session-storage'] }))).toBe(true);
  });
  it('expired / is: states, iss:, sub:, rule:, host:, kind:, claims', () => {
    expect(m('expired')).toBe(false);
    expect(m('expired', subject({ validity: 'expired' }))).toBe(true);
    expect(m('-expired')).toBe(true);
    expect(m('is:no-key')).toBe(true);
    expect(m('is:verified')).toBe(false);
    expect(m('is:key-confusion', subject({ verification: 'key-confusion' }))).toBe(true);
    expect(parseFilter('is:key-confusion').warnings).toEqual([]);
    expect(m('is:pasted', subject({ pasted: true }))).toBe(true);
    expect(m('iss:idp.example')).toBe(true);
    expect(m('sub:ali')).toBe(true);
    expect(m('sub:bob')).toBe(false);
    expect(m('rule:aud')).toBe(true);
    expect(m('host:idp')).toBe(true);
    expect(m('kind:jwe')).toBe(false);
    expect(m('kid:demo')).toBe(true);
    expect(m('roles:admin')).toBe(true);
    expect(m('roles:root')).toBe(false);
  });
  it('every term must match', () => {
    expect(m('alice alg:rs256 source:header')).toBe(true);
    expect(m('alice alg:hs256')).toBe(false);
  });
  it('claims are read as own properties only', () => {
    expect(m('constructor:function', subject({ payload: {} }))).toBe(false);
    expect(m('__proto__:x', subject({ payload: JSON.parse('{"__proto__":"x"}') }))).toBe(true);
  });
});

describe('sightingTerms', () => {
  const at = (over: Partial<Sighting>): Sighting => ({
    direction: 'request',
    via: 'webrequest',
    location: { kind: 'header', name: 'Authorization' },
    time: 0,
    ...over,
  });
  const from = (sightings: Sighting[]) => {
    const t = sightingTerms(sightings);
    const s = subject({ sources: t.sources, travel: t.travel });
    return { ...s, text: filterText({ ...s, extra: t.labels }) };
  };
  const body = at({
    direction: 'response',
    via: 'devtools-network',
    location: { kind: 'json-body', name: 'access_token', jsonPath: 'data.access_token' },
  });
  const jar = at({ direction: 'stored', via: 'cookie-jar', location: { kind: 'cookie', name: 'sid' } });
  const stored = at({
    direction: 'stored',
    via: 'page-storage',
    location: { kind: 'storage', area: 'session', name: 'oidc.user' },
  });

  it('derives the source words from the structure, so source: keeps its meaning', () => {
    expect(sightingTerms([body, jar, stored]).sources).toEqual(['body', 'cookie', 'session-storage']);
    expect(m('source:body', from([body]))).toBe(true);
    expect(m('source:sessionstorage', from([stored]))).toBe(true);
    expect(m('source:storage', from([stored]))).toBe(true);
    expect(m('source:header', from([body]))).toBe(false);
  });

  it('lets source: pick a direction, a way or a location kind', () => {
    expect(m('source:response', from([body]))).toBe(true);
    expect(m('source:response', from([at({})]))).toBe(false);
    expect(m('source:cookie-jar', from([jar]))).toBe(true);
    expect(m('source:cookie-jar', from([at({ location: { kind: 'cookie', name: 'sid' } })]))).toBe(false);
    expect(m('-source:stored', from([stored]))).toBe(false);
    expect(m('source:json-body', from([body]))).toBe(true);
  });

  it('finds a token by its derived label in free text', () => {
    expect(m('"response › data.access_token"', from([body]))).toBe(true);
    expect(m('"sessionstorage › oidc.user"', from([stored]))).toBe(true);
    expect(m('"response › data.refresh_token"', from([body]))).toBe(false);
  });
});

describe('request-centric filter', () => {
  const req = (over: Partial<Sighting>): Sighting => ({
    direction: 'request',
    via: 'webrequest',
    location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
    method: 'GET',
    url: 'https://api.example.com/api/me?x=1',
    status: 200,
    time: 0,
    ...over,
  });
  const from = (sightings: Sighting[]) => {
    const { labels, ...terms } = sightingTerms(sightings);
    const s = subject(terms);
    return { ...s, text: filterText({ ...s, extra: labels }) };
  };
  const api = from([
    req({}),
    req({ method: 'POST', url: 'https://api.example.com/api/orders', status: 401 }),
    req({ direction: 'stored', via: 'page-storage', location: { kind: 'storage', area: 'local', name: 'auth' } }),
  ]);
  const cookie = from([
    req({ location: { kind: 'cookie', name: '__Host-sid' }, url: 'https://shop.example.org/cart', status: 0 }),
  ]);

  it('parses the request fields and warns about a status it cannot read', () => {
    expect(parseFilter('url:/api/me path:/cart method:POST status:4xx name:Authorization').terms).toEqual([
      { field: 'url', value: '/api/me', negate: false },
      { field: 'path', value: '/cart', negate: false },
      { field: 'method', value: 'post', negate: false },
      { field: 'status', value: '4xx', negate: false },
      { field: 'name', value: 'authorization', negate: false },
    ]);
    const bad = parseFilter('status:teapot');
    expect(bad.warnings[0]).toContain('unknown status "teapot"');
    expect(bad.terms).toEqual([{ field: 'text', value: 'status:teapot', negate: false }]);
  });

  it('url: and path: search every URL the token went to; free text does too', () => {
    expect(m('url:/api/me', api)).toBe(true);
    expect(m('url:orders', api)).toBe(true);
    expect(m('url:/api/me', cookie)).toBe(false);
    expect(m('path:/api/orders', api)).toBe(true);
    // The query is part of the URL, not of the path.
    expect(m('path:x=1', api)).toBe(false);
    expect(m('url:x=1', api)).toBe(true);
    expect(m('/api/me', api)).toBe(true);
    expect(m('/api/me', cookie)).toBe(false);
    expect(m('shop.example.org/cart', cookie)).toBe(true);
  });

  it('method: matches exactly; status: a code, a class, a comparison or failed', () => {
    expect(m('method:post', api)).toBe(true);
    expect(m('method:PUT', api)).toBe(false);
    expect(m('method:pos', api)).toBe(false);
    expect(m('status:401', api)).toBe(true);
    expect(m('status:403', api)).toBe(false);
    expect(m('status:4xx', api)).toBe(true);
    expect(m('status:5xx', api)).toBe(false);
    expect(m('status:>=400', api)).toBe(true);
    expect(m('status:>401', api)).toBe(false);
    expect(m('status:<300', api)).toBe(true);
    expect(m('-status:2xx', cookie)).toBe(true);
    expect(m('status:failed', cookie)).toBe(true);
    expect(m('status:<300', cookie)).toBe(false);
  });

  it('name: finds the header, cookie or storage key that held it; host: the request host', () => {
    expect(m('name:Authorization', api)).toBe(true);
    expect(m('name:auth', api)).toBe(true);
    expect(m('name:sid', cookie)).toBe(true);
    expect(m('name:sid', api)).toBe(false);
    expect(m('host:shop.example.org', cookie)).toBe(true);
    expect(m('host:shop', api)).toBe(false);
    expect(m('__host-sid', cookie)).toBe(true);
  });

  it('is:captured reads the way it was seen, not the source word', () => {
    const pasted = from([req({ direction: 'input', via: 'paste' })]);
    expect(m('is:captured', { ...pasted, captured: false })).toBe(false);
    expect(m('is:captured', { ...api, captured: true })).toBe(true);
  });
});
