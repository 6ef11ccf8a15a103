import type { DecodedToken } from '../decode-token.ts';
import type { RuleKeyFacts } from '../rules/context.ts';
import type { KeyEntry, Verification } from '../types.ts';
import { hasOwn } from '../util/json-value.ts';
import { psychicVerdict } from '../verify/forgery-verdicts.ts';
import type { ResolvedOptions } from './options.ts';
import { pickVerification, verificationCode } from './verification-code.ts';

/** What the verification engine gives `inspect`; replaceable in tests. */
export interface VerifyEngine {
  /** Verifies (or, for a JWE, decrypts) the token as decoded by the pipeline; never decodes again. */
  verify(
    decoded: DecodedToken,
    keys: KeyEntry[],
    options: { maxPbes2Count?: number; trustCarriedKey?: boolean },
  ): Promise<Verification & { plaintext?: string }>;
  describeKeys(keys: KeyEntry[]): Promise<RuleKeyFacts[]>;
  /** Algorithms the engine verifies; with an empty key ring such tokens are answered 'no-key' at once. */
  jwsAlgorithms?: Readonly<Record<string, unknown>>;
}

/** The verification step's answer: the verdict, the stored keys' facts and a JWE's plaintext. */
export interface VerifyStep {
  verification: Verification;
  keyFacts: RuleKeyFacts[];
  plaintext?: string;
}

/**
 * The verification step's answer when it needs no engine work (a malformed token; nothing to verify
 * with), else undefined: `inspect` then skips a promise hop on most captured tokens.
 */
export function settledStep(
  engine: VerifyEngine,
  decoded: DecodedToken,
  header: Record<string, unknown> | undefined,
  keys: readonly KeyEntry[],
): VerifyStep | undefined {
  if (decoded.kind === 'malformed') {
    const v: Verification = {
      status: 'not-applicable',
      reason: decoded.error?.message ?? 'The token could not be decoded.',
    };
    return { verification: pickVerification(v, verificationCode(v, decoded, keys.length)), keyFacts: [] };
  }
  if (
    keys.length === 0 &&
    !('serialization' in decoded) &&
    decoded.kind === 'jws' &&
    typeof header?.alg === 'string' &&
    engine.jwsAlgorithms !== undefined &&
    hasOwn(engine.jwsAlgorithms, header.alg) &&
    header.b64 === undefined &&
    header.crit === undefined &&
    // A carried key or a zero ECDSA signature is a forgery the engine names even with no stored key.
    header.jwk === undefined &&
    header.x5c === undefined &&
    !psychicVerdict(decoded)
  ) {
    // The common case on every captured token: nothing to verify with. The engine would only say so
    // (tests/lib/inspect.test.ts checks both answers agree).
    return {
      verification: { status: 'no-key', code: 'no-key', alg: header.alg, reason: 'the key ring is empty' },
      keyFacts: [],
    };
  }
  return undefined;
}

/** Verifies a decoded token once, with the stored keys described for the rules. Never throws. */
export async function verifyStep(
  engine: VerifyEngine,
  decoded: DecodedToken,
  header: Record<string, unknown> | undefined,
  options: Pick<ResolvedOptions, 'keys' | 'maxPbes2Count'> & { trustCarriedKey?: boolean },
): Promise<VerifyStep> {
  const { keys } = options;
  const settled = settledStep(engine, decoded, header, keys);
  if (settled) return settled;
  try {
    const [outcome, keyFacts] = await Promise.all([
      engine.verify(decoded, keys, {
        maxPbes2Count: options.maxPbes2Count,
        ...(options.trustCarriedKey ? { trustCarriedKey: true } : {}),
      }),
      keys.length > 0 ? engine.describeKeys(keys) : Promise.resolve([]),
    ]);
    const step: VerifyStep = {
      verification: pickVerification(outcome, verificationCode(outcome, decoded, keys.length)),
      keyFacts,
    };
    if (decoded.kind === 'jwe' && typeof outcome.plaintext === 'string') step.plaintext = outcome.plaintext;
    return step;
  } catch (e) {
    return {
      verification: {
        status: 'unsupported',
        code: 'internal',
        reason: `Verification failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
      },
      keyFacts: [],
    };
  }
}
