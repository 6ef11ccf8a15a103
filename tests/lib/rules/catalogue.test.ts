import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../lib/rules/index.ts';
import type { RuleKeyFacts } from '../../../lib/rules/context.ts';
import type { EndpointTrial, InspectOptions, Severity, TokenContext, Verification } from '../../../lib/types.ts';
import type { RuleId } from '../../../lib/rules/index.ts';
import type { InspectExtraOptions, VerifyEngine } from '../../../lib/inspect/index.ts';
import { OAUTH_CASES } from './oauth-cases.ts';
import { NOW, b64u, findingOf, goodClaims, hs, raw, rs, rulesOf, run, seg, stubEngine } from './helpers.ts';

const vectors = fileURLToPath(new URL('../../vectors/', import.meta.url));
const known = JSON.parse(readFileSync(`${vectors}known_tokens.json`, 'utf8')) as {
  cases: { name: string; token?: string }[];
};
const knownToken = (name: string): string => known.cases.find((c) => c.name === name)!.token!;

const STRONG = randomBytes(32);
const good = hs(STRONG, goodClaims());
const hardened: TokenContext = {
  source: 'cookie',
  name: 'session',
  url: 'https://api.example.com/me',
  cookieAttributes: { httpOnly: true, secure: true, sameSite: 'Strict' },
};
const jwe = (header: Record<string, unknown>): string =>
  [seg(header), b64u(randomBytes(256)), b64u(randomBytes(12)), b64u(randomBytes(40)), b64u(randomBytes(16))].join('.');
const es256 = (dsaEncoding: 'der' | 'ieee-p1363'): string => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const input = `${seg({ alg: 'ES256' })}.${seg(goodClaims())}`;
  return `${input}.${b64u(sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding }))}`;
};
const rsaPublicPem = (): { pem: string; token: string } => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { pem, token: hs(pem, goodClaims()) };
};
const confusion = rsaPublicPem();
const confusionKeys: RuleKeyFacts[] = [
  {
    id: 'rsa-1',
    label: 'IdP signing key',
    kind: 'public',
    kty: 'RSA',
    bits: 2048,
    issuer: 'https://idp.example.com',
    confusionSecrets: [new TextEncoder().encode(confusion.pem)],
  },
];
const weakRsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;

interface Case {
  rule: RuleId;
  bad: string;
  badOptions?: InspectOptions & InspectExtraOptions;
  badEngine?: VerifyEngine;
  message: string | RegExp;
  severity: Severity;
  good: string;
  goodOptions?: InspectOptions & InspectExtraOptions;
  goodEngine?: VerifyEngine;
}

const trial = (variant: string, label: string, verdict: EndpointTrial['verdict'], evidence: string): EndpointTrial => ({
  variant,
  label,
  method: 'GET',
  url: 'https://api.example.com/me',
  time: NOW * 1000,
  status: verdict === 'refused' ? 401 : 200,
  verdict,
  evidence,
});

const verifiedWith = (keyId: string, facts: RuleKeyFacts[]): VerifyEngine =>
  stubEngine({ status: 'verified', keyId, alg: 'HS256' } satisfies Verification, facts);

const CASES: Case[] = [
  {
    rule: 'alg-none',
    bad: knownToken('synthetic-alg-nOnE'),
    message: 'The header says "alg": "nOnE" (a letter-case variant',
    severity: 'critical',
    good,
  },
  {
    rule: 'signature-missing',
    bad: `${good.slice(0, good.lastIndexOf('.'))}.`,
    message: 'The header says "alg": "HS256" but the signature segment is empty',
    severity: 'high',
    good,
  },
  {
    rule: 'weak-hmac-secret',
    bad: hs('secret', goodClaims()),
    message: 'Signed with HS256 using the secret "secret", found in the list of 104k leaked secrets.',
    severity: 'critical',
    good,
  },
  {
    rule: 'short-hmac-key',
    bad: hs('0123456789', goodClaims()),
    badEngine: verifiedWith('dev', [{ id: 'dev', label: 'dev key', kind: 'secret', bits: 80 }]),
    badOptions: { keys: [{ id: 'dev', material: '0123456789' }] },
    message: 'HS256 key "dev key" is 10 bytes (80 bits); HS256 needs at least 32 bytes (256 bits).',
    severity: 'high',
    good,
    goodEngine: verifiedWith('prod', [{ id: 'prod', kind: 'secret', bits: 256 }]),
    goodOptions: { keys: [{ id: 'prod', material: 'x'.repeat(32) }] },
  },
  {
    rule: 'weak-rsa-key',
    bad: rs(goodClaims(), {}, weakRsa),
    message: "The RS256 signature is 128 bytes, so the signing key's modulus is about 1024 bits",
    severity: 'high',
    good: rs(goodClaims()),
  },
  {
    rule: 'alg-confusion',
    bad: confusion.token,
    // The verifier's scan finds the confusion (inspect does not repeat it): its outcome names the key.
    badEngine: stubEngine({ status: 'key-confusion', keyId: 'rsa-1', alg: 'HS256' }, confusionKeys),
    badOptions: { keys: [{ id: 'rsa-1', material: confusion.pem }] },
    message: 'Signed with HS256 using the stored RSA public key "IdP signing key" as the HMAC secret',
    severity: 'critical',
    good: hs(STRONG, goodClaims({ iss: 'https://other.example.com' })),
    goodEngine: stubEngine({ status: 'invalid' }, confusionKeys),
    goodOptions: { keys: [{ id: 'rsa-1', material: confusion.pem }] },
  },
  {
    rule: 'embedded-key',
    bad: hs(STRONG, goodClaims(), { jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }),
    message: 'The header carries an RSA key in "jwk"',
    severity: 'high',
    good,
  },
  {
    rule: 'remote-key-url',
    bad: hs(STRONG, goodClaims(), { jku: 'http://evil.example/jwks.json' }),
    message: 'The header\'s "jku" points to "http://evil.example/jwks.json" over plain HTTP',
    severity: 'high',
    good,
  },
  {
    rule: 'kid-injection',
    bad: hs(STRONG, goodClaims(), { kid: '../../dev/null' }),
    message: 'kid "../../dev/null" contains a path traversal.',
    severity: 'high',
    good: hs(STRONG, goodClaims(), { kid: 'us-east-1_AbC+dEf/gh1=' }),
  },
  {
    rule: 'invisible-characters',
    bad: hs(STRONG, goodClaims({ iss: 'https://idp\u200B.example.com' })),
    message:
      'The "iss" claim holds invisible or bidi characters (⟨U+200B⟩): "https://idp⟨U+200B⟩.example.com". It looks like a different value than it is.',
    severity: 'medium',
    good: hs(STRONG, goodClaims({ iss: 'https://idp.example.com', aud: ['a', 'b'] }), { kid: 'k-1' }),
  },
  {
    rule: 'psychic-signature',
    bad: knownToken('Wycheproof-psychic-ES256-r0-s0'),
    message: 'The ES256 signature has r = 0 and s = 0',
    severity: 'critical',
    good: es256('ieee-p1363'),
  },
  {
    rule: 'crit-unsupported',
    bad: hs(STRONG, goodClaims(), { crit: ['https://example.com/ext'], 'https://example.com/ext': true }),
    message: '"crit" requires the extension "https://example.com/ext"',
    severity: 'medium',
    good: hs(STRONG, goodClaims(), { b64: true, crit: ['b64'] }),
  },
  {
    rule: 'exp-missing',
    bad: hs(STRONG, { ...goodClaims(), exp: undefined }),
    message: 'The token has no "exp" claim: it never expires.',
    severity: 'medium',
    good,
  },
  {
    rule: 'long-lifetime',
    bad: hs(STRONG, goodClaims({ exp: NOW + 30 * 86400 })),
    message: 'The token is valid for 1 mo from issue (iat) to expiry (exp), more than the 1 d allowed.',
    severity: 'medium',
    good: hs(STRONG, goodClaims({ exp: NOW + 2 * 86400 })),
    goodOptions: { maxLifetime: 3 * 86400 },
  },
  {
    rule: 'expired',
    bad: hs(STRONG, goodClaims({ iat: NOW - 7300, exp: NOW - 7200 })),
    badOptions: { context: { source: 'header', name: 'Authorization', url: 'https://api.example.com/' } },
    message: 'The token expired 2 h ago (2025-06-15T13:06:40Z) but is still being sent in a request',
    severity: 'high',
    // Inside an explicit tolerance (there is none by default: expired the second exp passes).
    good: hs(STRONG, goodClaims({ iat: NOW - 900, exp: NOW - 30 })),
    goodOptions: { clockSkew: 60 },
  },
  {
    rule: 'not-yet-valid',
    bad: hs(STRONG, goodClaims({ nbf: NOW + 3600 })),
    message: 'The token is valid in 1 h (nbf 2025-06-15T16:06:40Z).',
    severity: 'low',
    good: hs(STRONG, goodClaims({ nbf: NOW + 30 })),
    goodOptions: { clockSkew: 60 },
  },
  {
    rule: 'iat-future',
    bad: hs(STRONG, goodClaims({ iat: NOW + 600 })),
    message: 'The token was issued 10 min in the future (iat 2025-06-15T15:16:40Z).',
    severity: 'low',
    good,
  },
  {
    rule: 'numericdate-invalid',
    bad: hs(STRONG, goodClaims({ exp: (NOW + 900) * 1000 })),
    message:
      /^"exp" is 1750000900000, which looks like milliseconds: read as seconds it falls in the year 57425, so the token effectively never expires\.$/,
    severity: 'medium',
    good,
  },
  {
    rule: 'iss-missing',
    bad: hs(STRONG, { ...goodClaims(), iss: undefined }),
    message: 'The token has no "iss" claim naming its issuer.',
    severity: 'low',
    good,
  },
  {
    rule: 'aud-missing',
    bad: hs(STRONG, { ...goodClaims(), aud: undefined }),
    message: 'The token has no "aud" claim naming its audience.',
    severity: 'low',
    good,
  },
  {
    rule: 'sensitive-data',
    bad: hs(STRONG, goodClaims({ user: { password: 'hunter2' } })),
    message: 'Claim "user.password" looks like a password, secret or API key; anyone holding the token can read it.',
    severity: 'medium',
    good: hs(STRONG, goodClaims({ role: 'admin', scope: 'read write', jti: '4111111111111111' })),
  },
  {
    rule: 'sent-over-http',
    bad: good,
    badOptions: { context: { source: 'header', url: 'http://api.example.com/v1/me?x=1' } },
    message: 'The token was sent to "http://api.example.com/v1/me" without TLS',
    severity: 'high',
    good,
    goodOptions: { context: { source: 'header', url: 'http://localhost:3000/v1/me' } },
  },
  {
    rule: 'token-in-url',
    bad: good,
    badOptions: {
      context: { source: 'url', name: 'access_token', url: `https://app.example.com/cb?access_token=${good}` },
    },
    message: 'The token is in the query string of "https://app.example.com/cb" (parameter "access_token")',
    severity: 'medium',
    good,
    goodOptions: { context: { source: 'header', url: 'https://app.example.com/cb?state=1' } },
  },
  {
    rule: 'cookie-not-httponly',
    bad: good,
    badOptions: { context: { ...hardened, cookieAttributes: { secure: true, sameSite: 'Lax' } } },
    message: 'Cookie "session" has no HttpOnly attribute: any script on the page can read the token.',
    severity: 'medium',
    good,
    goodOptions: { context: hardened },
  },
  {
    rule: 'cookie-not-secure',
    bad: good,
    badOptions: { context: { ...hardened, cookieAttributes: { httpOnly: true, sameSite: 'Lax' } } },
    message: 'Cookie "session" has no Secure attribute: the browser also sends the token over plain HTTP.',
    severity: 'medium',
    good,
    goodOptions: { context: hardened },
  },
  {
    rule: 'invisible-cookie-name',
    bad: good,
    badOptions: { context: { ...hardened, name: 'session\u200B' } },
    message: 'Cookie "session⟨U+200B⟩" has invisible or bidi characters in its name (⟨U+200B⟩).',
    severity: 'medium',
    good,
    goodOptions: { context: hardened },
  },
  {
    rule: 'cookie-samesite-weak',
    bad: good,
    badOptions: { context: { ...hardened, cookieAttributes: { httpOnly: true, secure: true, sameSite: 'None' } } },
    message: 'Cookie "session" has SameSite=None: it is sent with cross-site requests.',
    severity: 'low',
    good,
    goodOptions: { context: { ...hardened, cookieAttributes: { httpOnly: true, secure: true, sameSite: 'lax' } } },
  },
  {
    rule: 'web-storage',
    bad: good,
    badOptions: { context: { source: 'local-storage', name: 'id_token', url: 'https://app.example.com/home' } },
    message: 'The token is stored in localStorage under "id_token" of https://app.example.com, where any script',
    severity: 'medium',
    good,
    goodOptions: { context: hardened },
  },
  {
    rule: 'third-party-recipient',
    bad: good,
    badOptions: {
      sightings: [
        {
          source: 'header',
          name: 'Authorization',
          url: 'https://tracker.example.net/collect',
          initiator: 'https://app.example.com',
          time: NOW * 1000,
        },
      ],
    },
    message:
      'The page on "app.example.com" sent this token to "tracker.example.net", which is not its site and not in aud',
    severity: 'medium',
    good,
    goodOptions: {
      sightings: [
        {
          source: 'header',
          name: 'Authorization',
          url: 'https://api.example.com/me',
          initiator: 'https://app.example.com',
          time: NOW * 1000,
        },
      ],
    },
  },
  {
    rule: 'expired-token-sent',
    bad: hs(STRONG, goodClaims({ iat: NOW - 7200, exp: NOW - 3600 })),
    badOptions: {
      sightings: [
        { source: 'cookie', name: 'session', url: 'https://app.example.com/api', time: NOW * 1000, status: 200 },
      ],
    },
    message:
      'Sent once after it expired (1 h after exp → 200) and the server accepted it (200): it does not check exp.',
    severity: 'high',
    good,
    goodOptions: {
      sightings: [
        { source: 'cookie', name: 'session', url: 'https://app.example.com/api', time: NOW * 1000, status: 200 },
      ],
    },
  },
  {
    rule: 'server-accepts-forgery',
    bad: good,
    badOptions: {
      endpointTrials: [
        trial('original', 'as captured', 'accepted', '200, body 100 % like the original'),
        trial('alg-none', 'alg: none, trailing dot', 'refused', '401 (the original got 200)'),
        trial('alg-none-case', 'alg: None, trailing dot', 'accepted', '200, body 98 % like the original'),
      ],
    },
    message:
      'Server accepted alg: None, trailing dot (alg-none-case): 200, body 98 % like the original — GET https://api.example.com/me.',
    severity: 'critical',
    good,
    goodOptions: {
      endpointTrials: [
        trial('original', 'as captured', 'accepted', '200, body 100 % like the original'),
        trial('alg-none', 'alg: none, trailing dot', 'refused', '401 (the original got 200)'),
      ],
    },
  },
  {
    rule: 'jwe-rsa1_5',
    bad: jwe({ alg: 'RSA1_5', enc: 'A128CBC-HS256' }),
    message: 'The content key is wrapped with RSA1_5 (RSAES-PKCS1-v1_5)',
    severity: 'high',
    good: jwe({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }),
  },
  {
    rule: 'jwe-pbes2-count',
    bad: jwe({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2s: 'c2FsdHNhbHQ', p2c: 2_000_000 }),
    message: '"p2c" asks for 2,000,000 PBKDF2 iterations (over 10,000)',
    severity: 'high',
    good: jwe({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2s: 'c2FsdHNhbHQ', p2c: 10_000 }),
  },
  {
    rule: 'jwe-zip',
    bad: jwe({ alg: 'RSA-OAEP-256', enc: 'A256GCM', zip: 'DEF' }),
    message: 'The plaintext is compressed before encryption ("zip": "DEF")',
    severity: 'medium',
    good: jwe({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }),
  },
  {
    rule: 'duplicate-member',
    bad: raw('{"alg":"HS256"}', JSON.stringify(goodClaims()).replace('{', '{"sub":"admin",')),
    message: 'The payload has "sub" more than once: parsers disagree on which value counts.',
    severity: 'high',
    good,
  },
  {
    rule: 'base64-noncanonical',
    bad: `${good}=`,
    message: 'The signature segment has "=" padding: other spellings of this token decode the same.',
    severity: 'low',
    good,
  },
  {
    rule: 'not-utf8',
    bad: `${b64u(Buffer.concat([Buffer.from('{"alg":"HS256","x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]))}.${seg(goodClaims())}.${b64u(randomBytes(32))}`,
    message: 'The header is not valid UTF-8: decoders disagree on what it says.',
    severity: 'medium',
    good,
  },
];

CASES.push(...OAUTH_CASES);

describe('findings catalogue', () => {
  it('covers every rule id exactly once, with metadata', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(CASES.map((c) => c.rule).sort());
    for (const r of RULES) {
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.explanation.length, r.id).toBeGreaterThan(80);
      expect(r.reference, r.id).toMatch(/RFC \d+|CVE-\d{4}-\d+|OWASP/);
    }
  });

  it.each(CASES)('$rule fires on a bad token and is silent on a good one', async (c) => {
    const bad = await run(c.bad, c.badOptions, c.badEngine);
    const f = findingOf(bad, c.rule);
    expect(f, `${c.rule} on ${JSON.stringify(rulesOf(bad))}`).toBeDefined();
    if (typeof c.message === 'string') expect(f!.message).toContain(c.message);
    else expect(f!.message).toMatch(c.message);
    expect(f!.severity).toBe(c.severity);
    const good = await run(c.good, { context: hardened, ...c.goodOptions }, c.goodEngine);
    expect(rulesOf(good)).not.toContain(c.rule);
  });
});
