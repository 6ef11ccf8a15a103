// inspect's own fast paths against what they skip (libspeed): the merge of collected findings
// without key strings, the quick secret check's cache looked up before the signing input is
// encoded, the binding facts of kinds that have no binding checks, and a token's segments decoded
// into one buffer, verifyToken's decode that leaves the payload's text unread, and the token rules
// made cheaper (against frozen copies in tests/lib/reference/).
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, decodeBase64UrlInto, decodedLength } from '../../lib/base64url.ts';
import { decodeCompact, decodeSegment, decodeSegments, type Segment, type SegmentName } from '../../lib/decode-core.ts';
import { decodeAny, decodeToken } from '../../lib/decode-token.ts';
import { inspect, mergeFindings } from '../../lib/inspect/index.ts';
import { mergeCollected, type KeyedFinding } from '../../lib/inspect/run-rules.ts';
import { secretHits } from '../../lib/inspect/secret-hits.ts';
import { oauthFacts } from '../../lib/oauth/facts.ts';
import { TOKEN_KINDS } from '../../lib/oauth/kind.ts';
import { accessTokenTyp } from '../../lib/rules/access-token-typ.ts';
import type { RuleContext } from '../../lib/rules/context.ts';
import { RULE_MODULES, type RuleId } from '../../lib/rules/index.ts';
import { invisibleCharacters } from '../../lib/rules/invisible-characters.ts';
import type { KeyEntry, SightingLike, Severity } from '../../lib/types.ts';
import { verifyDecoded, verifyToken } from '../../lib/verify/verify-token.ts';
import { inputArbitrary, seedTokens } from './fuzz-corpus.ts';
import { referenceAccessTokenTyp, referenceInvisibleCharacters } from './reference/token-rules-reference.ts';
import { b64u, seg } from './rules/helpers.ts';

const NOW = 1_800_000_000;
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

describe('merge of collected findings', () => {
  const ids = RULE_MODULES.map((r) => r.id as RuleId);
  // Few rules, messages and keys, so equal keys (folded) turn up often.
  const finding: fc.Arbitrary<[number, KeyedFinding]> = fc
    .tuple(
      fc.integer({ min: 0, max: 5 }),
      fc.constantFrom(...SEVERITIES),
      fc.constantFrom('a', 'b', 'a longer message'),
      fc.option(fc.constantFrom('https://a.test', 'https://b.test', 'a'), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    )
    .map(([r, severity, message, key, count]) => {
      const f: KeyedFinding = { rule: ids[r * 7]!, severity, message };
      if (key !== undefined) f.key = key;
      if (count !== undefined) f.count = count;
      return [r, f];
    });

  it('folds and orders like mergeFindings, for none, one, a few (compared pairwise) and many (keyed)', () => {
    const sizes = new Set<string>();
    fc.assert(
      fc.property(
        fc.oneof(fc.array(finding, { maxLength: 16 }), fc.array(finding, { minLength: 17, maxLength: 40 })),
        (pairs) => {
          // runRules collects in catalogue order: sort by rule position (stable, so found order stays).
          const found = pairs.sort((x, y) => x[0] - y[0]).map(([, f]) => f);
          sizes.add(found.length <= 1 ? String(found.length) : found.length <= 16 ? 'few' : 'many');
          const copy = found.map((f) => ({ ...f }));
          expect(mergeCollected(found)).toEqual(mergeFindings(copy));
        },
      ),
      { numRuns: 800, seed: 1414 },
    );
    expect([...sizes].sort()).toEqual(['0', '1', 'few', 'many']);
  });
});

describe('quick secret check cache', () => {
  const hsToken = (alg: string, secret: string, sub: string): string => {
    const input = `${seg({ alg, typ: 'JWT' })}.${seg({ sub, exp: NOW + 600 })}`;
    return `${input}.${createHmac(`sha${alg.slice(2)}`, secret)
      .update(input)
      .digest('base64url')}`;
  };

  it('answers a remembered token only for the alg it was checked with', () => {
    const decoded = decodeToken(hsToken('HS256', 'secret', 'cache-alg'));
    const opts = { quickSecretCheck: true };
    expect(secretHits(decoded, { alg: 'HS256' }, [], opts).weakSecret?.secret).toBe('secret');
    // The same text read as HS384: a 32-byte MAC is no HS384 MAC, whatever HS256 found.
    expect(secretHits(decoded, { alg: 'HS384' }, [], opts).weakSecret).toBeUndefined();
    expect(secretHits(decoded, { alg: 'HS256' }, [], opts).weakSecret?.secret).toBe('secret');
    expect(secretHits(decoded, { alg: 'RS256' }, [], opts)).toEqual({});
  });

  it('gives a repeated token the answer its first inspection computed', async () => {
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      for (const secret of ['secret', '', 'a-strong-secret-not-in-the-list-8d2f']) {
        const token = hsToken(alg, secret, `repeat-${alg}-${secret}`);
        const first = await inspect(token, { now: NOW });
        const again = await inspect(token, { now: NOW });
        expect(again).toEqual(first);
        const weak = first.findings.filter((f) => f.rule === 'weak-hmac-secret');
        expect(weak.length).toBe(secret === 'a-strong-secret-not-in-the-list-8d2f' ? 0 : 1);
      }
    }
  });

  it('skips an over-long signing input, remembered or not', () => {
    const decoded = decodeToken(hsToken('HS256', 'secret', 'x'.repeat(20_000)));
    expect(secretHits(decoded, { alg: 'HS256' }, [], { quickSecretCheck: true }).weakSecret).toBeUndefined();
    expect(secretHits(decoded, { alg: 'HS256' }, [], { quickSecretCheck: true }).weakSecret).toBeUndefined();
    // The cracked secret is still checked in full.
    expect(
      secretHits(decoded, { alg: 'HS256' }, [], { quickSecretCheck: true, crackedSecret: 'secret' }).weakSecret,
    ).toEqual({ secret: 'secret', alg: 'HS256', source: 'common-list' });
  });
});

describe('binding facts of kinds without binding checks', () => {
  it('are the classification and no checks, as inspect assumes for every kind but dpop and id', async () => {
    const token = `${seg({ alg: 'ES256', typ: 'JWT' })}.${seg({ iss: 'i', sub: 's', aud: 'a', nonce: 'n', at_hash: 'x', c_hash: 'y', htm: 'GET', htu: 'https://a.test/', jti: 'j', cnf: { jkt: 'k' } })}.${b64u('sig')}`;
    const decoded = decodeToken(token);
    const sightings: SightingLike[] = [
      {
        time: 1,
        direction: 'request',
        via: 'webrequest',
        url: 'https://a.test/',
        location: { kind: 'header', name: 'DPoP' },
      },
    ];
    const peers = {
      accessTokens: [token],
      issuedAccessTokens: [token],
      codes: ['code'],
      nonces: { seen: 1, matched: true },
      clientIds: ['a'],
    };
    for (const kind of TOKEN_KINDS.filter((k) => k !== 'dpop' && k !== 'id')) {
      const classification = { kind, reason: 'test' };
      expect(await oauthFacts(decoded, classification, { sightings, now: NOW, clockSkew: 0, peers })).toEqual({
        classification,
        checks: [],
      });
    }
  });
});

describe('segments decoded into one buffer', () => {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const part = fc.oneof(
    fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 120 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64url')),
    fc
      .tuple(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 20 }), fc.nat(3))
      .map(([t, pad]) => t + '='.repeat(pad)),
    fc.string({ unit: fc.constantFrom(...ALPHABET, '=', '+', '/', ' ', '\u00e9', '\u{1f600}'), maxLength: 30 }),
  );
  const plain = (s: Segment) => ({ ...s, bytes: s.bytes && Array.from(s.bytes) });

  it('gives every segment what decoding it alone gives, in views that never overlap', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(part, { minLength: 3, maxLength: 3 }), fc.array(part, { minLength: 5, maxLength: 5 })),
        (parts) => {
          const names: SegmentName[] =
            parts.length === 3
              ? ['header', 'payload', 'signature']
              : ['header', 'encrypted_key', 'iv', 'ciphertext', 'tag'];
          const together = decodeSegments(names, parts);
          let offset = 0;
          const alone = parts.map((p, i) => {
            const s = decodeSegment(names[i]!, p, offset);
            offset += p.length + 1;
            return s;
          });
          expect(together.map(plain)).toEqual(alone.map(plain));
          const ranges = together
            .filter((s) => s.bytes && s.bytes.length > 0)
            .map((s) => [s.bytes!.byteOffset, s.bytes!.byteOffset + s.bytes!.length] as const)
            .sort((a, b) => a[0] - b[0]);
          for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThanOrEqual(ranges[i - 1]![1]);
        },
      ),
      { numRuns: 2000, seed: 5150 },
    );
  });

  it('decodes into a wrong-sized view by allocating instead', () => {
    const text = Buffer.from('hello, world').toString('base64url');
    expect(decodedLength(text)).toBe(12);
    expect(decodedLength('A')).toBe(-1);
    for (const size of [0, 11, 13]) {
      const r = decodeBase64UrlInto(text, new Uint8Array(size));
      expect(Buffer.from(r.bytes!).toString()).toBe('hello, world');
    }
    expect(decodeBase64UrlInto(text, new Uint8Array(12))).toEqual(decodeBase64Url(text));
  });
});

describe('verification decodes without the payload text', () => {
  const seeds = seedTokens();
  const tokens = inputArbitrary(seeds);

  it('reads a compact token like decodeToken in everything but the payload text', () => {
    fc.assert(
      fc.property(tokens, (token) => {
        const full = decodeToken(token);
        const light = decodeCompact(token, false);
        expect(light.kind).toBe(full.kind);
        expect(light.error).toEqual(full.error);
        expect(light.header).toEqual(full.header);
        expect(light.rawHeader).toBe(full.rawHeader);
        expect(light.nested).toBe(full.nested);
        expect(light.token).toBe(full.token);
        expect(light.segments.length).toBe(full.segments.length);
        light.segments.forEach((s, i) => {
          const f = full.segments[i]!;
          expect([s.name, s.text, s.start, s.noncanonical, s.error]).toEqual([
            f.name,
            f.text,
            f.start,
            f.noncanonical,
            f.error,
          ]);
          expect(s.bytes && Array.from(s.bytes)).toEqual(f.bytes && Array.from(f.bytes));
          if (s.name !== 'payload') expect([s.raw, s.notUtf8, s.duplicates]).toEqual([f.raw, f.notUtf8, f.duplicates]);
        });
      }),
      { numRuns: 1500, seed: 2026 },
    );
  });

  it('gives verifyToken the answer verifyDecoded gives on the full decode', async () => {
    const keys: KeyEntry[] = [{ id: 'secret', material: 'secret' }];
    await fc.assert(
      fc.asyncProperty(tokens, async (token) => {
        expect(await verifyToken(token, keys)).toEqual(await verifyDecoded(decodeAny(token), keys));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('token rules with fast paths', () => {
  const value = fc.oneof(
    fc.constantFrom(
      'JWT',
      'at+jwt',
      'Application/AT+JWT',
      'x',
      '',
      'u\u200bser',
      'https://idp.test/\u202e',
      'a'.repeat(70),
    ),
    fc.array(fc.oneof(fc.constantFrom('a', 'b\u2066c', 'd'), fc.integer()), { maxLength: 20 }),
    fc.integer(),
    fc.constant(null),
    fc.constant({ nested: 'x' }),
  );
  const names = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti', 'scope'];
  const ctxArb = fc
    .tuple(
      fc.dictionary(fc.constantFrom('typ', 'kid', 'jku', 'x5u', 'alg'), value),
      fc.dictionary(fc.constantFrom(...names), value),
      fc.constantFrom('access', 'id', 'other', undefined),
      fc.constantFrom('jws' as const, 'jwe' as const, 'unsecured' as const),
    )
    .map(([header, claims, kind, tokenKind]) => {
      const ctx = {
        decoded: decodeToken('x'),
        kind: tokenKind,
        header,
        payload: claims,
        now: NOW,
        clockSkew: 0,
        maxLifetime: 86_400,
        context: {},
        verification: { status: 'no-key' },
        keys: [],
      } as RuleContext;
      if (kind) ctx.oauth = { classification: { kind, reason: 'test' }, checks: [] };
      return ctx;
    });

  it('report what the checks they replaced report (the messages cached per typ and claim set too)', () => {
    fc.assert(
      fc.property(ctxArb, (ctx) => {
        expect(accessTokenTyp.check(ctx)).toEqual(referenceAccessTokenTyp(ctx));
        expect(accessTokenTyp.check(ctx)).toEqual(referenceAccessTokenTyp(ctx));
        expect(invisibleCharacters.check(ctx)).toEqual(referenceInvisibleCharacters(ctx));
      }),
      { numRuns: 3000, seed: 9068 },
    );
  });
});
