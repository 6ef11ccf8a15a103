import { inspectWith, type InspectExtraOptions, type VerifyEngine } from './rules/inspect-with.ts';
import type { ErrorInfo, Inspection, InspectOptions } from './types.ts';
import { describeKeys, JWS_ALGORITHMS, verifyToken } from './verify/index.ts';

export type { InspectExtraOptions } from './rules/inspect-with.ts';

const realEngine: VerifyEngine = { verifyToken, describeKeys, jwsAlgorithms: JWS_ALGORITHMS };

/**
 * Decodes a token (compact JWS/JWE, unsecured JWT, or JWS JSON serialisation), verifies it against
 * the stored keys and runs the findings catalogue. Never throws: undecodable input comes back as
 * `kind: 'malformed'` with a specific error code, and whatever did decode.
 */
export async function inspect(token: string, options: InspectOptions & InspectExtraOptions = {}): Promise<Inspection> {
  try {
    return await inspectWith(realEngine, token, options);
  } catch (e) {
    const error: ErrorInfo = {
      code: 'internal',
      message: `The inspector failed on this input: ${e instanceof Error ? e.message : String(e)}`,
    };
    return {
      kind: 'malformed',
      error,
      verification: { status: 'not-applicable', reason: error.message },
      findings: [],
    };
  }
}
