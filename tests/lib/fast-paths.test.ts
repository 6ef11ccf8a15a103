// The engine's fast paths against the slow paths they replaced (kept here, or in lib/, as oracles),
// fuzzed with fast-check: same bytes, same errors, same findings in the same order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, decodeBase64UrlReference } from '../../lib/base64url.ts';
import { decodeToken } from '../../lib/decode-token.ts';
import { mergeFindings } from '../../lib/inspect/index.ts';
import { resolveOptions } from '../../lib/inspect/options.ts';
import { runRules } from '../../lib/inspect/run-rules.ts';
import { travelContexts } from '../../lib/inspect/travel-contexts.ts';
import { findDuplicateMembers, hasDuplicateMembers, tokenizeJson } from '../../lib/json-text.ts';
import { classifyToken } from '../../lib/oauth/kind.ts';
import type { RuleContext } from '../../lib/rules/context.ts';
import type { Rule } from '../../lib/rules/define-rule.ts';
import type { Finding } from '../../lib/rules/finding.ts';
import { RULE_MODULES, type RuleId } from '../../lib/rules/index.ts';
import { sensitiveData } from '../../lib/rules/sensitive-data.ts';
import type { SightingLike } from '../../lib/types.ts';
import { b64u, seg } from './rules/helpers.ts';
import { referenceSensitiveData } from './reference/sensitive-data-reference.ts';
import { seedTokens } from './fuzz-corpus.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('base64url fast path', () => {
  const b64Char = fc.constantFrom(...ALPHABET);
  const oddChar = fc.constantFrom(
    ...ALPHABET,
    '=',
    '+',
    '/',
    ' ',
    '.',
    '\u00e9',
    '\u0141',
    '\u{1f600}',
    '\0',
    '\u0080',
  );

  it('decodes exactly like the reference decoder on base64url text of every length', () => {
    fc.assert(
      fc.property(fc.string({ unit: b64Char, maxLength: 400 }), fc.nat(3), (text, pad) => {
        for (const t of [text, text + '='.repeat(pad)]) expect(decodeBase64Url(t)).toEqual(decodeBase64UrlReference(t));
      }),
      { numRuns: 3000, seed: 14 },
    );
  });

  it('reports the same error, canonical flag and bytes on text with bad characters anywhere', () => {
    fc.assert(
      fc.property(fc.string({ unit: oddChar, maxLength: 60 }), (text) => {
        expect(decodeBase64Url(text)).toEqual(decodeBase64UrlReference(text));
      }),
      { numRuns: 5000, seed: 1414 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        expect(decodeBase64Url(text)).toEqual(decodeBase64UrlReference(text));
      }),
      { numRuns: 2000, seed: 141414 },
    );
  });

  it('round-trips random bytes, with non-zero spare bits called non-canonical', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64url');
        const r = decodeBase64Url(text);
        expect(r.noncanonical).toBe(false);
        expect(Buffer.from(r.bytes!).equals(Buffer.from(bytes))).toBe(true);
        if (text.length % 4 > 1) {
          // Bump the last character by one: the same bytes, spare bits set.
          const last = ALPHABET.indexOf(text.at(-1)!);
          const bumped = text.slice(0, -1) + ALPHABET[last + 1]!;
          expect(decodeBase64Url(bumped)).toEqual(decodeBase64UrlReference(bumped));
          expect(decodeBase64Url(bumped).noncanonical).toBe(true);
        }
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});

// The regex screen the indexOf scanner replaced.
const STRINGS = /"(?:[^"\\]|\\.)*"(\s*:)?/g;
function regexHasDuplicates(text: string, parsed: unknown): boolean {
  let written = 0;
  for (const m of text.matchAll(STRINGS)) if (m[1] !== undefined) written++;
  if (written === 0) return false;
  let kept = 0;
  const stack: unknown[] = [parsed];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else
      for (const k of Object.keys(v)) {
        kept++;
        stack.push((v as Record<string, unknown>)[k]);
      }
  }
  return written !== kept;
}

describe('duplicate-member screen', () => {
  // JSON text with a member repeated now and then, odd spacing, escapes and quotes in names and values.
  const key = fc.oneof(
    fc.constantFrom('a', 'b', 'alg', 'a"b', 'a\\', '\\"', 'x:y', ' ', '', '\u00e9', 'a\\"b'),
    fc.string({ maxLength: 5 }),
  );
  const ws = fc.constantFrom('', ' ', '\n', '\t ', '\r\n  ');
  const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
      fc.constantFrom('1', '-0.5e3', 'true', 'null', '"\\\\"', '"\\":"', '"a\\u0022:"'),
      tie('object'),
      tie('array'),
    ),
    object: fc.array(fc.tuple(key, ws, ws, tie('value')), { maxLength: 5 }).chain((members) =>
      fc.boolean().map((repeat) => {
        const list = repeat && members.length ? [...members, members[0]!] : members;
        return `{${list.map(([k, a, b, v]) => `${a}${JSON.stringify(k)}${b}:${a}${v}`).join(',')}}`;
      }),
    ),
    array: fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
  })).value;

  it('agrees with the tokenizer and the regex screen it replaced', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const parsed: unknown = JSON.parse(text);
        const truth = findDuplicateMembers(tokenizeJson(text)).length > 0;
        expect(hasDuplicateMembers(text, parsed)).toBe(truth);
        expect(regexHasDuplicates(text, parsed)).toBe(truth);
      }),
      { numRuns: 3000, seed: 2026 },
    );
  });

  it('stops walking once it has met every object the text writes (a claim nested deep in arrays is not walked)', () => {
    // The claim's arrays throw when read: the walk must be over before it reaches them.
    const untouchable = new Proxy([[1]], {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$|^length$/.test(prop)) throw new Error(`walked into the claim (${prop})`);
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    expect(hasDuplicateMembers('{"sub":"x","c":[[1]]}', { sub: 'x', c: untouchable })).toBe(false);
    // An object further down is still met and counted: a repeated name there is found.
    const deep = `{"sub":"x","c":${'['.repeat(1000)}{"a":1,"a":2}${']'.repeat(1000)}}`;
    expect(hasDuplicateMembers(deep, JSON.parse(deep))).toBe(true);
    const clean = deep.replace('"a":2', '"b":2');
    expect(hasDuplicateMembers(clean, JSON.parse(clean))).toBe(false);
  });
});

describe('sensitive-data fast path', () => {
  const name = fc.oneof(
    fc.constantFrom(
      'password',
      'userPassword',
      'api-key',
      'clientSecret',
      'card_number',
      'ccNum',
      'ssn',
      'socialSecurityNumber',
      'phone',
      'mobile_number',
      'telephone',
      'email',
      'exp',
      'iat',
      'jti',
      'name',
      'address',
      'x.y',
      'arr[3]',
      'sub',
    ),
    fc.string({ maxLength: 8 }),
  );
  const scalar = fc.oneof(
    fc.constantFrom(
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '4111111111111111',
      '5500000000000004',
      '4111111111111112',
      '123-45-6789',
      '123456789',
      '000-12-3456',
      'a@example.com',
      ' bob.smith@mail.example.org ',
      '@example.com',
      '+1 415 555 0100',
      '+44 (20) 7946 0958',
      '555-0100-222',
      '(415) 555-0100',
      '+00000000000000000000',
      '+0000000000000000000',
      '0000000',
      '',
      'hunter2',
      'https://idp.example.com',
    ),
    fc.string({ maxLength: 24 }),
    fc.stringMatching(/^[0-9 +()-]{6,22}$/),
    fc.integer(),
    fc.constant(4111111111111111),
    fc.constant(123456789),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const claims = fc.letrec<{ obj: Record<string, unknown>; value: unknown }>((tie) => ({
    obj: fc.dictionary(name, tie('value'), { maxKeys: 6 }),
    value: fc.oneof({ depthSize: 'small' }, scalar, tie('obj'), fc.array(tie('value'), { maxLength: 3 })),
  })).obj;
  const kind = fc.constantFrom('id', 'access', undefined);
  const sightings = fc.constantFrom(
    undefined,
    [{ time: 1, url: 'https://idp.example.com/userinfo' }],
    [{ time: 1, url: 'https://api.example.com/x' }],
  );

  it('reports exactly what the reference implementation reports', () => {
    fc.assert(
      fc.property(claims, kind, sightings, (payload, k, s) => {
        const ctx = {
          payload,
          ...(s ? { sightings: s } : {}),
          ...(k ? { oauth: { classification: { kind: k }, checks: [] } } : {}),
        } as unknown as RuleContext;
        expect(sensitiveData.check(ctx)).toEqual(referenceSensitiveData(ctx));
      }),
      { numRuns: 3000, seed: 99 },
    );
  });
});

// The runner the bucketing merge replaced: one array per rule, then the general mergeFindings.
function referenceRunRules(base: RuleContext, sightings: readonly SightingLike[]): Finding[] {
  const found: Finding[] = [];
  const run = (rule: Rule, ctx: RuleContext, count: number) => {
    let reports;
    try {
      reports = rule.check(ctx);
    } catch {
      return;
    }
    for (const r of reports) {
      if (typeof r === 'string') found.push({ rule: rule.id as RuleId, severity: rule.severity, message: r, count });
      else {
        const f: Finding & { key?: string } = {
          rule: rule.id as RuleId,
          severity: r.severity ?? rule.severity,
          message: r.message,
          count,
        };
        if (r.key !== undefined) f.key = r.key;
        found.push(f);
      }
    }
  };
  for (const rule of RULE_MODULES as readonly Rule[]) {
    run(rule, base, 1);
    if (rule.scope === 'sighting')
      for (const t of travelContexts(sightings)) run(rule, { ...base, context: t.context }, t.count);
  }
  return mergeFindings(found);
}

describe('rule runner fast merge', () => {
  const NOW = 1_750_000_000;
  const header = fc.record(
    {
      alg: fc.constantFrom('HS256', 'RS256', 'none', 'NONE', 'ES256', 'HS1'),
      typ: fc.constantFrom('JWT', 'at+jwt', 'dpop+jwt'),
      kid: fc.constantFrom('k1', '../../etc/passwd', "' OR 1=1"),
      jku: fc.constant('http://evil.test/jwks'),
      jwk: fc.constant({ kty: 'oct', k: 'AA' }),
    },
    { requiredKeys: ['alg'] },
  );
  const payload = fc.record(
    {
      iss: fc.constantFrom('https://idp.example.com', 'http://x', ''),
      sub: fc.constantFrom('u', 'a@example.com'),
      aud: fc.constantFrom('api', ['a', 'b']),
      exp: fc.constantFrom(NOW - 10, NOW + 900, NOW + 10 ** 7, '1'),
      iat: fc.constantFrom(NOW, NOW + 3600),
      nbf: fc.constantFrom(NOW + 100),
      scope: fc.constantFrom('read write'),
      client_id: fc.constantFrom('c'),
      password: fc.constantFrom('hunter2'),
      nonce: fc.constantFrom('n'),
    },
    { requiredKeys: [] },
  );
  const sighting = fc.record(
    {
      time: fc.nat(),
      via: fc.constantFrom('request', 'response', 'storage'),
      location: fc.constantFrom('header', 'cookie', 'query', 'body'),
      url: fc.constantFrom('http://api.test/a?x=1', 'https://api.test/a', 'https://other.test/b'),
      name: fc.constantFrom('authorization', 'token', 'id_token'),
      method: fc.constantFrom('GET', 'POST'),
      cookieAttributes: fc.constantFrom({ secure: false, httpOnly: false }, { secure: true, httpOnly: true }),
    },
    { requiredKeys: ['time'] },
  ) as fc.Arbitrary<SightingLike>;

  it('merges and orders the findings like mergeFindings over every rule', () => {
    const seeds = seedTokens();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(header, payload).map(([h, p]) => `${seg(h)}.${seg(p)}.${b64u('sig')}`),
          fc.constantFrom(...seeds),
        ),
        fc.array(sighting, { maxLength: 5 }),
        (token, sightings) => {
          const decoded = decodeToken(token);
          const opts = resolveOptions({ now: NOW, sightings });
          const base: RuleContext = {
            decoded,
            kind: decoded.kind,
            header: decoded.header,
            payload: decoded.payload,
            now: NOW,
            clockSkew: 0,
            maxLifetime: 86_400,
            context: sightings[0] ?? {},
            verification: { status: 'no-key' },
            keys: [],
            sightings: opts.sightings,
            oauth: { classification: classifyToken(decoded, opts.sightings), checks: [] },
          };
          expect(runRules(base, opts)).toEqual(referenceRunRules(base, opts.sightings));
        },
      ),
      { numRuns: 600, seed: 515 },
    );
  });
});
