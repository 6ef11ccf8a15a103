import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompactEncrypt, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { inspectToken, type InspectFn } from '../../../components/state/inspect-token.ts';
import { decodeCached, decodedIfCached } from '../../../components/state/token-view.ts';
import { pasteSighting } from '../../../lib/capture/model.ts';
import { inspect } from '../../../lib/inspect/index.ts';
import { captured } from '../fakes.ts';

const NOW = 1_700_000_000;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('inspectToken (the panel’s one door into the engine’s inspection)', () => {
  it('hands the engine the decoding the list and the detail already made (a payload is parsed once)', async () => {
    const token = new UnsecuredJWT({ sub: 'deep', c: [[[1]]] }).encode();
    const listed = decodeCached(token);
    let passed: unknown;
    const fn: InspectFn = (t, options) => ((passed = options?.decoded), inspect(t, options));
    const result = await inspectToken(token, { keys: [], now: NOW, sightings: [] }, fn);
    expect(passed).toBe(listed);
    expect(result.payload).toBe(listed.payload);
    expect(result.findings.map((f) => f.rule)).toContain('alg-none');
    // A token no view decoded yet is decoded by the engine, and the cache is left alone (10,000
    // inspections in the background must not push the rows' decodings out).
    const other = new UnsecuredJWT({ sub: 'not-listed' }).encode();
    await inspectToken(other, { keys: [], now: NOW, sightings: [] }, fn);
    expect(passed).toBeUndefined();
    expect(decodedIfCached(other)).toBeUndefined();
    // A JWS JSON text is decoded as JWS JSON, never from the compact decoding the list cached.
    const json = JSON.stringify({
      payload: 'eyJzdWIiOiJqc29uIn0',
      signatures: [{ protected: 'eyJhbGciOiJIUzI1NiJ9', signature: 'c2ln' }],
    });
    decodeCached(json);
    const viaJson = await inspectToken(json, { keys: [], now: NOW, sightings: [] }, fn);
    expect(passed).toBeUndefined();
    expect(viaJson.payload).toEqual({ sub: 'json' });
  });

  it('merges token and travel findings once each, most severe first', async () => {
    const token = new UnsecuredJWT({ sub: 'mallory' }).encode();
    const url = `http://api.example.com/x?access_token=${token}`;
    const sightings = [
      ...captured(token, { location: { kind: 'query', name: 'access_token' }, url }).sightings,
      ...captured(token, { location: { kind: 'query', name: 'access_token' }, url }).sightings,
      pasteSighting(1),
    ];
    const result = await inspectToken(token, { keys: [], now: NOW, sightings });
    const rules = result.findings.map((f) => f.rule);
    expect(rules).toContain('alg-none');
    expect(rules).toContain('token-in-url');
    expect(rules).toContain('sent-over-http');
    const keys = result.findings.map((f) => `${f.rule}|${f.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const ranks = result.findings.map((f) => order.indexOf(f.severity));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });

  it('a token only pasted gets no travel finding', async () => {
    const token = new UnsecuredJWT({ sub: 'p' }).encode();
    const result = await inspectToken(token, {
      keys: [],
      now: NOW,
      sightings: [pasteSighting(1)],
    });
    expect(result.findings.map((f) => f.rule)).not.toContain('token-in-url');
  });

  it('passes keys, clock, sightings and a found secret to the engine in one call, and shows its answer as is', async () => {
    const seen: Parameters<InspectFn>[1][] = [];
    const fake: InspectFn = async (token, options) => {
      seen.push(options);
      return inspect(token, options);
    };
    const token = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('secret'));
    const keys = [{ id: 'k', label: '', material: 'x', format: 'text' as const }];
    const result = await inspectToken(token, { keys, now: NOW, sightings: [], crackedSecret: 'secret' }, fake);
    // No hidden tolerance: the skew is the panel's setting, 0 unless set.
    expect(seen).toEqual([{ keys, now: NOW, clockSkew: 0, sightings: [], crackedSecret: 'secret' }]);
    // Deduplication and order are the engine's (tests/lib/inspect-pipeline.test.ts): nothing here re-merges.
    expect(result).toEqual(await inspect(token, seen[0]!));
    expect(result.findings.filter((f) => f.rule === 'weak-hmac-secret')).toHaveLength(1);
    await inspectToken(token, { keys, now: NOW, clockSkew: 30, sightings: [] }, fake);
    expect(seen[1]).toEqual({ keys, now: NOW, clockSkew: 30, sightings: [] });
  });

  it('carries a JWE’s plaintext when a stored key decrypts it', async () => {
    const secret = new Uint8Array(32).fill(7);
    const jwe = await new CompactEncrypt(new TextEncoder().encode('{"sub":"inside"}'))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(secret);
    const material = JSON.stringify({ kty: 'oct', k: Buffer.from(secret).toString('base64url') });
    const without = await inspectToken(jwe, { keys: [], now: NOW, sightings: [] });
    expect(without.plaintext).toBeUndefined();
    const withKey = await inspectToken(jwe, {
      keys: [{ id: 'k', label: '', material, format: 'jwk' }],
      now: NOW,
      sightings: [],
    });
    expect(withKey.plaintext).toBe('{"sub":"inside"}');
  });

  it('is the only module in components/ that calls the engine’s inspection or merges findings', () => {
    const offenders = filesUnder(join(ROOT, 'components'))
      .filter((f) => !f.endsWith(join('state', 'inspect-token.ts')))
      .filter((f) =>
        /lib\/inspect\.ts|lib\/inspect\/|sighting-findings|\bverifyToken\b|\binspectWith\b/.test(
          readFileSync(f, 'utf8'),
        ),
      )
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
