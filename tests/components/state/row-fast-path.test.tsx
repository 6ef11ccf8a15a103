// Issue 14: the list row keeps what comes from its capture entry (decode, sightings, request, names)
// and redoes only what an inspection changes. It must build the same row as the frozen copy of the
// old rowOf (reference/token-row-reference.ts), before and after inspections land.
import { CompactEncrypt, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { CapturedToken, Sighting } from '../../../lib/capture/model.ts';
import { inspect } from '../../../lib/index.ts';
import { builtRowOf, rowOf } from '../../../components/state/token-rows.ts';
import { referenceRowOf } from './reference/token-row-reference.ts';

const NOW = 1_700_000_000;
const secret = new Uint8Array(32).fill(7);
const jwk = JSON.stringify({ kty: 'oct', k: Buffer.from(secret).toString('base64url') });
const keys = [{ id: 'k', label: 'dir', material: jwk, format: 'jwk' as const }];

const request = (over: Partial<Sighting> = {}): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
  method: 'GET',
  url: 'https://api.example.com/api/me?x=1',
  status: 200,
  time: 1,
  ...over,
});

function entry(token: string, sightings: Sighting[], extra: Partial<CapturedToken> = {}): CapturedToken {
  return {
    token,
    firstSeen: sightings[0]!.time,
    lastSeen: sightings[sightings.length - 1]!.time,
    count: sightings.length,
    sightings,
    ...extra,
  };
}

async function entries(): Promise<CapturedToken[]> {
  const hs = await new SignJWT({ sub: 'alice', iss: 'https://idp.example.com/', exp: NOW + 60, scope: 'a b' })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .sign(new TextEncoder().encode('secret'));
  const none = new UnsecuredJWT({
    sub: 'Ünïcode ⟨x⟩',
    nbf: NOW + 3600,
    nested: { deep: [1, 'two', { three: true }] },
  }).encode();
  const jwe = await new CompactEncrypt(
    new TextEncoder().encode(JSON.stringify({ sub: 'enc-user', iss: 'https://enc.example/', exp: NOW - 5 })),
  )
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'JWT', kid: 'k' })
    .encrypt(secret);
  return [
    entry(hs, [
      request({ url: 'https://api.example.com/api/old', time: 1 }),
      request({ method: 'POST', url: 'https://API.example.com/Orders/%C3%A4?id=7', status: 401, time: 2 }),
      {
        direction: 'stored',
        via: 'page-storage',
        location: { kind: 'storage', area: 'local', name: 'auth.token', jsonPath: 'a.b' },
        url: 'https://app.example.com/dash',
        time: 3,
      },
    ]),
    entry(none, [{ direction: 'input', via: 'paste', location: { kind: 'paste', name: 'paste' }, time: 4 }]),
    entry(jwe, [request({ location: { kind: 'cookie', name: 'enc' }, url: 'not a url', time: 5 })]),
    entry('not.a.token', [request({ location: { kind: 'query', name: 'token' }, time: 6 })]),
    entry(hs, [
      {
        direction: 'response',
        via: 'webrequest',
        location: { kind: 'set-cookie', name: 'sid' },
        url: 'https://api.example.com/logout',
        removed: true,
        status: 200,
        time: 7,
      },
    ]),
    entry(none, [request({ time: 8 })], { forged: { token: none, created: 8, source: hs } } as Partial<CapturedToken>),
  ];
}

describe('the fast list row', () => {
  it('equals the old row before any inspection, and after each inspection that lands', async () => {
    for (const c of await entries()) {
      expect(rowOf(c, undefined), c.token).toEqual(referenceRowOf(c, undefined));
      const first = await inspect(c.token, { keys, now: NOW, sightings: c.sightings });
      const again = await inspect(c.token, { keys: [], now: NOW + 7200, sightings: c.sightings });
      for (const inspection of [first, again]) {
        const fast = rowOf(c, inspection);
        expect(fast, c.token).toEqual(referenceRowOf(c, inspection));
        expect(builtRowOf(c)).toBe(fast);
      }
    }
  });

  it('reads a JWE row from its decrypted payload once the inspection has it', async () => {
    const c = (await entries())[2]!;
    expect(rowOf(c, undefined).issuerHost).toBe('');
    const inspection = await inspect(c.token, { keys, now: NOW, sightings: c.sightings });
    const r = rowOf(c, inspection);
    expect(r.issuerHost).toBe('enc.example');
    expect(r.label).toBe('encrypted (JWE)');
    expect(r.exp).toBe(NOW - 5);
    expect(r.subject.text).toContain('enc-user');
  });
});
