import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claimText, decodeToken, inspect, readTimeClaim, timeStatus } from '../../lib/index.ts';
import { QUICK_CHECK_MAX_INPUT } from '../../lib/inspect/secret-checks.ts';

const b64u = (s: string) => Buffer.from(s).toString('base64url');
const hs = (header: string, payload: string, secret = 'unguessable-secret-unguessable-secret') => {
  const input = `${b64u(header)}.${b64u(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const DEEP = 50_000;
const deep = `${'['.repeat(DEEP)}1${']'.repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
const NOW = 1_750_000_000;

describe('hostile tokens through the engine', () => {
  it('inspects JSON nested 50,000 deep in a claim, in exp and in the header without throwing', async () => {
    const tokens = [
      hs('{"alg":"HS256"}', `{"sub":"x","c":${deep},"d":${deepObject}}`),
      hs('{"alg":"HS256"}', `{"exp":${deep},"iss":${deepObject},"aud":${deep}}`),
      hs(`{"alg":"HS256","x":${deep},"kid":${deepObject}}`, '{"sub":"x"}'),
    ];
    for (const token of tokens) {
      const result = await inspect(token, { now: NOW });
      expect(result.kind).toBe('jws');
      expect(result.findings.length).toBeGreaterThan(0);
      const status = timeStatus(decodeToken(token).payload, NOW);
      for (const c of status.claims) expect(typeof claimText(c)).toBe('string');
    }
    const exp = readTimeClaim(JSON.parse(`{"exp":${deep}}`), 'exp')!;
    // Its first 199 characters, as JSON writes them: no stack overflow, no walk of the rest.
    expect(claimText(exp)).toBe(`${'['.repeat(199)}…`);
  });

  it('runs the synchronous 1,000-secret quick check only on signing inputs up to 16 KiB', async () => {
    const small = hs('{"alg":"HS256"}', '{"sub":"x"}', 'secret');
    const smallResult = await inspect(small, { now: NOW });
    expect(smallResult.findings.map((f) => f.rule)).toContain('weak-hmac-secret');
    // The same weak secret on a 1 MiB token: the quick check is skipped (left to the crack worker).
    const bigPayload = `{"sub":"x","pad":"${'p'.repeat(1024 * 1024)}"}`;
    const big = hs('{"alg":"HS256"}', bigPayload, 'secret');
    expect(big.length).toBeGreaterThan(QUICK_CHECK_MAX_INPUT);
    const bigResult = await inspect(big, { now: NOW });
    expect(bigResult.findings.map((f) => f.rule)).not.toContain('weak-hmac-secret');
    // A secret the user found by searching (in the worker) is still confirmed on a big token.
    const cracked = await inspect(big, { now: NOW, crackedSecret: 'secret' });
    expect(cracked.findings.map((f) => f.rule)).toContain('weak-hmac-secret');
  });
});
