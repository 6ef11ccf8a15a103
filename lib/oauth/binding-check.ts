/** The rule ids of the binding checks (each a rule of lib/rules/ that reports the failed check). */
export type BindingRuleId =
  | 'dpop-bad-key'
  | 'dpop-typ-invalid'
  | 'dpop-jti-missing'
  | 'dpop-iat-stale'
  | 'dpop-htm-mismatch'
  | 'dpop-htu-mismatch'
  | 'dpop-ath-mismatch'
  | 'dpop-jkt-mismatch'
  | 'id-at-hash-mismatch'
  | 'id-c-hash-mismatch'
  | 'id-nonce-mismatch'
  | 'id-azp-invalid';

/** One binding check of a token (DPoP proof, ID token): passed, failed (a finding) or not checkable. */
export interface BindingCheck {
  /** The rule that reports it when it fails. */
  rule: BindingRuleId;
  status: 'pass' | 'fail' | 'unchecked';
  message: string;
}
