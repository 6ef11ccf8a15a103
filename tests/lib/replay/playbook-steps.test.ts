import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_PLAYBOOK_STEPS, planPlaybook } from '../../../lib/replay/playbook.ts';

// README (Test this endpoint): the playbook includes the borrowed signature and the four kid
// payloads, within the 30-request cap.

const NOW = 1_800_000_000;
const b64u = (v: string | Buffer) => Buffer.from(v).toString('base64url');
const claims = (sub: string) =>
  JSON.stringify({ sub, iss: 'https://idp.example', aud: 'api', iat: NOW - 60, exp: NOW + 3600 });
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const rs256 = (key: ReturnType<typeof pair>['privateKey'], sub: string, kid = 'k1') => {
  const input = `${b64u(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${b64u(claims(sub))}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
};
const pem = (k: ReturnType<typeof pair>) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('the Test-this-endpoint plan', () => {
  it('an RS256 token with a ring key and another token: 1 borrowed signature and 4 kid payloads, within 30', async () => {
    const k = pair();
    const token = rs256(k.privateKey, 'alice');
    const other = rs256(pair().privateKey, 'bob', 'k2');
    const plan = await planPlaybook(token, {
      keys: [{ id: 'ring', material: pem(k) }],
      otherTokens: [other],
      now: NOW,
    });
    expect(plan.length).toBeLessThanOrEqual(MAX_PLAYBOOK_STEPS);
    const of = (v: string) => plan.filter((s) => s.variant === v);
    expect(of('foreign-signature')).toHaveLength(1);
    expect(of('foreign-signature')[0]!.token!.split('.')[2]).toBe(other.split('.')[2]);
    expect(of('kid-injection')).toHaveLength(4);
    const kids = new Set(
      of('kid-injection').map((s) => JSON.parse(Buffer.from(s.token!.split('.')[0]!, 'base64url').toString()).kid),
    );
    expect(kids.size).toBe(4);
  });

  it('with three ring keys, a known secret and other tokens the kid payloads still fit the cap', async () => {
    const keys = [pair(), pair(), pair()];
    const token = rs256(keys[0]!.privateKey, 'alice');
    const plan = await planPlaybook(token, {
      keys: keys.map((k, i) => ({ id: `k${i}`, material: pem(k) })),
      otherTokens: [rs256(pair().privateKey, 'bob'), rs256(pair().privateKey, 'carol')],
      crackedSecret: 'found-secret',
      now: NOW,
    });
    expect(plan.length).toBeLessThanOrEqual(MAX_PLAYBOOK_STEPS);
    expect(plan.filter((s) => s.variant === 'foreign-signature')).toHaveLength(1);
    expect(plan.filter((s) => s.variant === 'kid-injection')).toHaveLength(4);
    expect(plan.at(-1)!.variant).toBe('resign-known-secret');
  });

  it('the fullest plan (ES256: psychic signature too, four ring keys, a secret, other tokens) keeps all of them: 29 steps', async () => {
    const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keys = [ec(), ec(), ec(), ec()];
    const input = `${b64u('{"alg":"ES256","kid":"a"}')}.${b64u(claims('alice'))}`;
    const sig = sign('sha256', Buffer.from(input), { key: keys[0]!.privateKey, dsaEncoding: 'ieee-p1363' });
    const token = `${input}.${sig.toString('base64url')}`;
    const plan = await planPlaybook(token, {
      keys: keys.map((k, i) => ({
        id: `k${i}`,
        material: k.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      })),
      otherTokens: [rs256(pair().privateKey, 'bob')],
      crackedSecret: 'found-secret',
      now: NOW,
    });
    expect(plan).toHaveLength(29);
    const count = (v: string) => plan.filter((s) => s.variant === v).length;
    expect([
      count('foreign-signature'),
      count('psychic-signature'),
      count('kid-injection'),
      count('resign-known-secret'),
    ]).toEqual([1, 1, 4, 1]);
  });
});
