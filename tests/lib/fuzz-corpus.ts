// Seeds and mutators shared by the inspect fuzz test and the long fuzz script (tests/bench/fuzz.ts).
import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import fc from 'fast-check';

const b64u = (data: string | Uint8Array): string => Buffer.from(data).toString('base64url');
const NOW = 1_750_000_000;

/** Valid tokens of every shape the inspector handles. */
export function seedTokens(): string[] {
  const claims = JSON.stringify({ iss: 'i', aud: 'a', sub: 's', iat: NOW, exp: NOW + 900 });
  const input = (h: object): string => `${b64u(JSON.stringify(h))}.${b64u(claims)}`;
  const hsIn = input({ alg: 'HS256', typ: 'JWT', kid: 'k' });
  const rsIn = input({ alg: 'RS256' });
  const esIn = input({ alg: 'ES256' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const jwe = [
    b64u(JSON.stringify({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 1e9, p2s: 'AAAA', zip: 'DEF' })),
    b64u(randomBytes(24)),
    b64u(randomBytes(12)),
    b64u(randomBytes(30)),
    b64u(randomBytes(16)),
  ].join('.');
  return [
    `${hsIn}.${createHmac('sha256', 'secret').update(hsIn).digest('base64url')}`,
    `${rsIn}.${b64u(sign('sha256', Buffer.from(rsIn), rsa))}`,
    `${esIn}.${b64u(sign('sha256', Buffer.from(esIn), { key: ec, dsaEncoding: 'ieee-p1363' }))}`,
    `${input({ alg: 'none' })}.`,
    jwe,
    JSON.stringify({ payload: b64u(claims), protected: b64u('{"alg":"HS256"}'), signature: b64u(randomBytes(32)) }),
    JSON.stringify({ payload: b64u(claims), signatures: [{ protected: b64u('{"alg":"ES256"}'), signature: 'AA' }] }),
  ];
}

/** Hostile inputs: deep nesting, huge numbers, prototype keys, megabyte tokens. */
export function hostileInputs(): string[] {
  const h = b64u('{"alg":"HS256"}');
  const proto =
    '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"exp":1e400,"iat":-1e308}';
  const deep = '['.repeat(100_000);
  const deepObj = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
  return [
    `${h}.${b64u(deep)}.AAAA`,
    `${b64u(deep)}.${b64u(deep)}.AAAA`,
    `${h}.${b64u(deepObj)}.AAAA`,
    `${b64u(`{"alg":"HS256","crit":${'['.repeat(10_000)}}`)}.e30.AAAA`,
    `${b64u(proto.replace('{', '{"alg":"HS256",'))}.${b64u(proto)}.AAAA`,
    `${h}.${b64u('{"exp":123456789012345678901234567890,"nbf":"soon","iat":null,"n":-0}')}.AAAA`,
    JSON.stringify({
      payload: b64u(proto),
      protected: b64u(proto.replace('{', '{"alg":"none",')),
      header: JSON.parse(proto),
    }),
    `{"__proto__":{"polluted":"yes"},"payload":"e30","protected":"${b64u(proto)}","signature":""}`,
    `${h}.${b64u(JSON.stringify({ big: 'x'.repeat(1_000_000), email: 'a@b.co' }))}.AAAA`,
    `${h}.${b64u(JSON.stringify({ list: Array.from({ length: 40_000 }, (_, i) => ({ password: i })) }))}.AAAA`,
    `${b64u(JSON.stringify({ alg: 'HS256', kid: '../'.repeat(300_000) }))}.e30.AAAA`,
    'e'.repeat(1_048_576),
    '.'.repeat(1_048_576),
    `${'eyJ'.repeat(349_526)}.e30.`,
    '{'.repeat(1_048_576),
    `${h}.${'A'.repeat(1_048_576)}.${'_'.repeat(1000)}`,
  ];
}

const mutate = (token: string, op: number, a: number, b: number): string => {
  const parts = token.split('.');
  const i = a % Math.max(1, token.length);
  switch (op) {
    case 0: // flip one bit of one character
      return token.slice(0, i) + String.fromCharCode(token.charCodeAt(i) ^ (1 << (b % 7))) + token.slice(i + 1);
    case 1: {
      // swap two segments
      const x = a % parts.length;
      const y = b % parts.length;
      [parts[x], parts[y]] = [parts[y]!, parts[x]!];
      return parts.join('.');
    }
    case 2: // truncate
      return token.slice(0, i);
    case 3: // insert a dot or a padding character
      return token.slice(0, i) + (b % 2 ? '.' : '=') + token.slice(i);
    case 4: // duplicate a segment
      parts.splice(a % parts.length, 0, parts[b % parts.length]!);
      return parts.join('.');
    default: // delete a character
      return token.slice(0, i) + token.slice(i + 1);
  }
};

/** Inputs for inspect: random text, and seed tokens under bit flips, swaps, truncation and the like. */
export function inputArbitrary(seeds: string[]): fc.Arbitrary<string> {
  const mutated = fc
    .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(5), fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }))
    .map(([seed, ops]) => ops.reduce((t, [op, a, b]) => mutate(t, op, a, b), seed));
  const jsonish = fc
    .json({ depthSize: 'large' })
    .map((j) => `${b64u('{"alg":"HS256"}')}.${b64u(j)}.${b64u(j.slice(0, 40))}`);
  const headerish = fc
    .record({
      alg: fc.oneof(fc.string(), fc.constantFrom('HS256', 'ES256', 'RS256', 'none', 'PBES2-HS256+A128KW')),
      kid: fc.string(),
      crit: fc.anything(),
    })
    .map((h) => `${b64u(JSON.stringify(h))}.${b64u('{"exp":"x"}')}.${b64u('sig')}`);
  return fc.oneof(
    { arbitrary: mutated, weight: 5 },
    { arbitrary: fc.string({ maxLength: 300 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 1 },
    { arbitrary: jsonish, weight: 2 },
    { arbitrary: headerish, weight: 2 },
  );
}
