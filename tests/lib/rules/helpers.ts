// Shared helpers for the findings-catalogue tests: tokens are minted at test time with node:crypto.
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { inspectWith, type InspectExtraOptions, type VerifyEngine } from '../../../lib/inspect/index.ts';
import type { RuleKeyFacts } from '../../../lib/rules/context.ts';
import type { InspectOptions, Verification } from '../../../lib/types.ts';
import type { RuleId } from '../../../lib/rules/index.ts';
import type { Inspection } from '../../../lib/inspect/index.ts';

export const NOW = 1_750_000_000;

export const b64u = (data: string | Uint8Array): string => Buffer.from(data).toString('base64url');
export const seg = (value: unknown): string => b64u(typeof value === 'string' ? value : JSON.stringify(value));

export const goodClaims = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: 'https://idp.example.com',
  sub: 'user-1',
  aud: 'https://api.example.com',
  iat: NOW,
  exp: NOW + 900,
  ...over,
});

export function hs(
  secret: string | Uint8Array,
  payload: unknown,
  header: Record<string, unknown> = {},
  alg = 'HS256',
): string {
  const input = `${seg({ alg, typ: 'JWT', ...header })}.${seg(payload)}`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

let rsa: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
export function rsaKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  rsa ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return rsa;
}

export function rs(payload: unknown, header: Record<string, unknown> = {}, key = rsaKeys().privateKey): string {
  const input = `${seg({ alg: 'RS256', typ: 'JWT', kid: 'k1', ...header })}.${seg(payload)}`;
  return `${input}.${b64u(sign('sha256', Buffer.from(input), key))}`;
}

/** A token from raw header/payload text and signature bytes. */
export const raw = (header: string, payload: string, sig: Uint8Array | string = new Uint8Array(32)): string =>
  `${b64u(header)}.${b64u(payload)}.${typeof sig === 'string' ? sig : b64u(sig)}`;

/** An engine that returns a fixed verification and key facts. */
export function stubEngine(
  verification: Verification = { status: 'no-key' },
  facts: RuleKeyFacts[] = [],
  plaintext?: string,
): VerifyEngine {
  return {
    verify: async () => (plaintext === undefined ? verification : { ...verification, plaintext }),
    describeKeys: async () => facts,
  };
}

export async function run(
  token: string,
  options: InspectOptions & InspectExtraOptions = {},
  engine: VerifyEngine = stubEngine(),
): Promise<Inspection> {
  return inspectWith(engine, token, { now: NOW, ...options });
}

export const rulesOf = (i: Inspection): RuleId[] => i.findings.map((f) => f.rule);
export const findingOf = (i: Inspection, rule: RuleId) => i.findings.find((f) => f.rule === rule);
