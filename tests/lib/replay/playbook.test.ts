import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VARIANTS } from '../../../lib/forge/variants/index.ts';
import { decodeToken } from '../../../lib/decode-token.ts';
import {
  MAX_PLAYBOOK_STEPS,
  planPlaybook,
  runPlaybook,
  trialOf,
  type PlaybookStep,
  type TrialAnswer,
} from '../../../lib/replay/playbook.ts';

const NOW = 1_800_000_000;
const b64u = (v: string | Buffer) => Buffer.from(v).toString('base64url');
const claims = JSON.stringify({ sub: 'alice', iss: 'https://idp.example', aud: 'api', iat: NOW - 60, exp: NOW + 3600 });
const hs256 = (secret: string) => {
  const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const es256 = () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const input = `${b64u('{"alg":"ES256"}')}.${b64u(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
};
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

const IDS = new Set<string>([...VARIANTS.map((v) => v.id), 'original', 'no-token']);

describe('planPlaybook', () => {
  it('starts with the original and no token, uses only workbench variant ids, stays within 30 and sends no token twice', async () => {
    const token = hs256('a-strong-secret-nobody-guesses-0123456789');
    const plan = await planPlaybook(token, {
      keys: [{ id: 'rsa', material: rsaPem }],
      now: NOW,
      crackedSecret: 'found',
    });
    expect(plan[0]).toMatchObject({ variant: 'original', token });
    expect(plan[1]).toMatchObject({ variant: 'no-token', token: null });
    expect(plan.length).toBeLessThanOrEqual(MAX_PLAYBOOK_STEPS);
    for (const s of plan) expect(IDS.has(s.variant), s.variant).toBe(true);
    expect(new Set(plan.map((s) => s.id)).size).toBe(plan.length);
    const tokens = plan.map((s) => s.token).filter((t) => t !== null);
    expect(new Set(tokens).size).toBe(tokens.length);
    const variants = new Set(plan.map((s) => s.variant));
    for (const v of [
      'alg-none',
      'alg-none-case',
      'strip-signature',
      'empty-signature',
      'key-confusion',
      'embedded-jwk',
      'empty-key',
      'claim-tamper',
    ])
      expect(variants.has(v as PlaybookStep['variant']), v).toBe(true);
    // Every alg-none spelling, with and without the trailing dot.
    const algs = plan
      .filter((s) => s.variant.startsWith('alg-none'))
      .map((s) => decodeToken(s.token!).header?.alg as string);
    expect(new Set(algs)).toEqual(new Set(['none', 'None', 'NONE', 'nOnE']));
    expect(algs).toHaveLength(8);
  });

  it('re-signs the claim changes with a known secret, else keeps the original signature', async () => {
    const token = hs256('secret');
    const claimed = (plan: PlaybookStep[]) => plan.filter((s) => s.variant === 'claim-tamper');
    const tampered = claimed(await planPlaybook(token, { keys: [], now: NOW }));
    expect(tampered.map((s) => s.label)).toEqual([
      'exp an hour ago, original signature',
      'nbf in an hour, original signature',
      'aud: https://other-service.example, original signature',
      'iss: https://attacker.example, original signature',
      'sub: admin, original signature',
    ]);
    for (const s of tampered) expect(s.token!.split('.')[2]).toBe(token.split('.')[2]);
    const resigned = claimed(await planPlaybook(token, { keys: [], now: NOW, crackedSecret: 'secret' }));
    const exp = resigned[0]!;
    expect(exp.label).toContain('re-signed with the secret the search found');
    const [h, p, sig] = exp.token!.split('.');
    expect(createHmac('sha256', 'secret').update(`${h}.${p}`).digest('base64url')).toBe(sig);
    expect(JSON.parse(Buffer.from(p!, 'base64url').toString()).exp).toBe(NOW - 3600);
    // The privilege change is re-signed with a found secret, never with the tester's own ring secret.
    const admin = (plan: PlaybookStep[]) => claimed(plan).find((s) => s.id === 'claim-tamper:sub-admin')!;
    expect(admin(resigned).label).toContain('re-signed with the secret the search found');
    const ring = await planPlaybook(token, { keys: [{ id: 'qa', material: 'secret', format: 'text' }], now: NOW });
    expect(claimed(ring)[0]!.label).toContain('ring secret');
    expect(admin(ring).label).toBe('sub: admin, original signature');
    expect(admin(ring).token!.split('.')[2]).toBe(token.split('.')[2]);
  });

  it('adds the psychic signature for ES* only, and key confusion only with a public key', async () => {
    const es = await planPlaybook(es256(), { keys: [], now: NOW });
    expect(es.some((s) => s.variant === 'psychic-signature')).toBe(true);
    expect(es.some((s) => s.variant === 'key-confusion')).toBe(false);
    const hs = await planPlaybook(hs256('x'), { keys: [], now: NOW });
    expect(hs.some((s) => s.variant === 'psychic-signature')).toBe(false);
  });
});

const steps = (n: number): PlaybookStep[] => [
  { id: 'original', variant: 'original', label: 'as captured', token: 'o' },
  { id: 'no-token', variant: 'no-token', label: 'without', token: null },
  ...Array.from({ length: n }, (_, i) => ({
    id: `alg-none#${i}`,
    variant: 'alg-none' as const,
    label: `n${i}`,
    token: `t${i}`,
  })),
];

describe('runPlaybook', () => {
  it('sends the baseline first, then at most two at a time, and judges each against it', async () => {
    let inFlight = 0;
    let most = 0;
    const order: string[] = [];
    const run = await runPlaybook(steps(8), {
      maxInFlight: 5,
      send: async (s): Promise<TrialAnswer> => {
        order.push(s.id);
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        const accepted = s.variant === 'original' || s.id === 'alg-none#3';
        return {
          ok: true,
          value: { status: accepted ? 200 : 401, body: accepted ? '{"user":"alice","ok":true}' : '' },
        };
      },
    });
    expect(order.slice(0, 2)).toEqual(['original', 'no-token']);
    expect(most).toBe(2);
    expect(run.cancelled).toBe(false);
    expect(run.results).toHaveLength(10);
    const accepted = run.results.filter((r) => r.acceptance.verdict === 'accepted').map((r) => r.step.id);
    expect(accepted).toEqual(['original', 'alg-none#3']);
    const trial = trialOf(run.results[5]!, { method: 'GET', url: 'https://api.example/me' });
    expect(trial).toMatchObject({ variant: 'alg-none', label: 'n3', verdict: 'accepted', status: 200 });
    expect(trial.evidence).toBe('200, body 100 % like the original');
  });

  it('stops sending on cancel and aborts what is in flight', async () => {
    const controller = new AbortController();
    const sent: string[] = [];
    let aborted = 0;
    const progress: number[] = [];
    const run = await runPlaybook(steps(20), {
      signal: controller.signal,
      onResult: (_r, done) => progress.push(done),
      send: (s, signal) =>
        new Promise((resolve) => {
          sent.push(s.id);
          if (sent.length === 4) controller.abort();
          const t = setTimeout(() => resolve({ ok: true, value: { status: 401 } }), 5);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            aborted++;
            resolve({ ok: false, error: { code: 'replay-aborted', message: 'cancelled' } });
          });
          if (signal.aborted) signal.dispatchEvent(new Event('abort'));
        }),
    });
    expect(run.cancelled).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(5);
    expect(aborted).toBeGreaterThan(0);
    expect(run.results.length).toBeLessThan(22);
    expect(progress).toEqual(progress.map((_, i) => i + 1));
  });

  it('calls forgeries inconclusive when the endpoint answers without a token too', async () => {
    const run = await runPlaybook(steps(2), {
      send: () => Promise.resolve({ ok: true, value: { status: 200, body: 'public page' } }),
    });
    expect(run.results.map((r) => r.acceptance.verdict)).toEqual([
      'accepted',
      'accepted',
      'inconclusive',
      'inconclusive',
    ]);
    expect(run.results[2]!.acceptance.evidence).toContain('answers without a token too');
  });

  it('is inconclusive throughout when the original itself was refused (a 401 baseline)', async () => {
    const run = await runPlaybook(steps(2), { send: () => Promise.resolve({ ok: true, value: { status: 401 } }) });
    expect(run.results.every((r) => r.acceptance.verdict === 'inconclusive')).toBe(true);
  });
});
