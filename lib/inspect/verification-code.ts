import type { DecodedToken } from '../decode-token.ts';
import type { Verification, VerificationCode } from '../types.ts';

const BY_STATUS: Readonly<Record<string, VerificationCode>> = {
  verified: 'verified',
  invalid: 'bad-signature',
  'no-key': 'no-key',
  unsupported: 'unsupported-alg',
  'not-applicable': 'not-applicable',
  'key-confusion': 'key-confusion',
};

/**
 * The stable code of a verification of `decoded` with `keyCount` stored keys: the verifier's own
 * code when it set one, else the finest code the decoded token and the status tell.
 */
export function verificationCode(v: Verification, decoded: DecodedToken, keyCount: number): VerificationCode {
  if (v.code !== undefined) return v.code;
  if (decoded.error?.code === 'jwe-json-unsupported') return 'unsupported-serialization';
  if (decoded.kind === 'malformed' && v.status === 'not-applicable') return 'malformed';
  if (v.status === 'not-applicable') {
    if (decoded.kind === 'unsecured') return 'unsecured';
    if (decoded.segments[0]?.duplicates.length) return 'duplicate-header';
  }
  if (v.status === 'no-key' && keyCount > 0) return 'no-matching-key';
  return BY_STATUS[v.status] ?? 'not-applicable';
}

/** The Verification fields alone (with its code): the engine's extras (jose results, key objects) must not reach the UI or a port. */
export function pickVerification(v: Verification, code: VerificationCode): Verification {
  const out: Verification = { status: v.status, code };
  if (typeof v.keyId === 'string') out.keyId = v.keyId;
  if (typeof v.alg === 'string') out.alg = v.alg;
  if (typeof v.reason === 'string') out.reason = v.reason;
  if (typeof v.summary === 'string') out.summary = v.summary;
  return out;
}
