// Issue 14: sightingTerms builds its distinct lists without a Set per list for the usual few
// sightings and parses each URL once for its host. It must give exactly what the old one gave
// (a frozen copy in reference/), fuzzed with fast-check over sightings of every location kind.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../lib/capture/model.ts';
import { sightingTerms, urlParts } from '../../../lib/filter/filter-subject.ts';
import { referenceSightingTerms } from './reference/sighting-terms-reference.ts';

const url = fc.oneof(
  fc.constantFrom(
    'https://API.example.com/Api/Me?x=1',
    'https://api.example.com/api/me',
    'http://127.0.0.1:8080/a/%C3%A4/b',
    'https://xn--bcher-kva.example/ÄÖ/ü',
    'https://user:pw@host.test:443/p#frag',
    'file:///etc/passwd',
    'about:blank',
    'not a url',
    '/relative/path?q',
    '',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);
const name = fc.constantFrom('Authorization', 'session', 'access_token', 'X-Token', 'id_token', 'Ä', '');
const location: fc.Arbitrary<Sighting['location']> = fc.oneof(
  fc.record({ kind: fc.constant('header' as const), name, scheme: fc.constant('Bearer') }),
  fc.record({
    kind: fc.constant('header' as const),
    name,
    url: fc.record({ kind: fc.constant('query' as const), name }),
  }),
  fc.record({ kind: fc.constantFrom('cookie' as const, 'set-cookie' as const, 'query' as const), name }),
  fc.record({ kind: fc.constant('json-body' as const), name, jsonPath: fc.constantFrom('a.b', 'access_token') }),
  fc.record({
    kind: fc.constant('storage' as const),
    area: fc.constantFrom('local' as const, 'session' as const),
    name,
  }),
  fc.constant({ kind: 'paste' as const, name: 'paste' }),
) as fc.Arbitrary<Sighting['location']>;
const sighting: fc.Arbitrary<Sighting> = fc
  .record(
    {
      direction: fc.constantFrom('request' as const, 'response' as const, 'stored' as const, 'input' as const),
      via: fc.constantFrom(
        'webrequest' as const,
        'cookie-jar' as const,
        'devtools-network' as const,
        'page-storage' as const,
        'paste' as const,
      ),
      location,
      url,
      method: fc.constantFrom('GET', 'post', 'Put'),
      status: fc.constantFrom(0, 200, 401, 302),
      time: fc.integer({ min: 0, max: 2_000_000_000_000 }),
      removed: fc.boolean(),
    },
    { requiredKeys: ['direction', 'via', 'location', 'time'] },
  )
  .map((s) => s as Sighting);

describe('sightingTerms fast path', () => {
  it('gives the old terms for any sightings, in the same order', () => {
    fc.assert(
      fc.property(fc.array(sighting, { maxLength: 40 }), (sightings) => {
        expect(sightingTerms(sightings)).toEqual(referenceSightingTerms(sightings));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every distinct value once past the small-list size, and at most 200 URLs', () => {
    const many: Sighting[] = Array.from({ length: 300 }, (_, i) => ({
      direction: 'request',
      via: 'webrequest',
      location: { kind: 'cookie', name: `c${i % 20}` },
      url: `https://h${i % 30}.example/p/${i}`,
      method: 'GET',
      status: 200 + (i % 12),
      time: i,
    }));
    const terms = sightingTerms([...many, ...many]);
    expect(terms).toEqual(referenceSightingTerms([...many, ...many]));
    expect(terms.urls).toHaveLength(200);
    expect(terms.hosts).toHaveLength(30);
    expect(terms.names).toHaveLength(20);
    expect(terms.statuses).toHaveLength(12);
  });

  it('urlParts reads host and path as the URL parser does, and undefined for what does not parse', () => {
    for (const u of [
      'https://API.example.com:8443/A%20b?q#f',
      'http://[::1]/x',
      'mailto:a@b.c',
      'https://é.example/ü',
    ]) {
      const parsed = new URL(u);
      // Twice: the second answer comes from the cache.
      expect(urlParts(u)).toEqual({ host: parsed.host, pathname: parsed.pathname });
      expect(urlParts(u)).toEqual({ host: parsed.host, pathname: parsed.pathname });
    }
    expect(urlParts('not a url')).toBeUndefined();
    expect(urlParts('/relative')).toBeUndefined();
  });
});
