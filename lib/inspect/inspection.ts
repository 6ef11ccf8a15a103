import type { DecodedToken } from '../decode-token.ts';
import type { BindingCheck } from '../oauth/binding-check.ts';
import type { TokenClassification } from '../oauth/kind.ts';
import type { Finding } from '../rules/finding.ts';
import type { ErrorInfo, Verification } from '../types.ts';

/** Everything the engine says about one token. */
export interface Inspection {
  kind: DecodedToken['kind'];
  header?: object;
  payload?: unknown;
  rawHeader?: string;
  rawPayload?: string;
  error?: ErrorInfo;
  verification: Verification;
  /** Token and travel findings together: one per rule and message (with its count), most severe first. */
  findings: Finding[];
  /** JWE only: the decrypted plaintext, when a stored key decrypted it. */
  plaintext?: string;
  /** Its OAuth / OpenID Connect kind, why, its typ and provider. */
  tokenKind?: TokenClassification;
  /** Binding checks of a DPoP proof or an ID token, passed and unchecked ones too (failed ones are findings). */
  checks?: BindingCheck[];
}
