import type { ErrorCode, VerificationCode } from './error-codes.ts';
export type { ErrorCode, VerificationCode } from './error-codes.ts';

/** Severity of a finding, most severe first. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Severities ordered from most to least severe. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Where a token was seen. */
export type TokenSource =
  'header' | 'cookie' | 'set-cookie' | 'url' | 'body' | 'local-storage' | 'session-storage' | 'pasted';

/** Cookie attributes known for a sighting (from Set-Cookie or the cookie jar). */
export interface CookieAttributes {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
}

/** Where and how a token travelled, when known. */
export interface TokenContext {
  source?: TokenSource;
  /** Header, cookie, parameter or storage key. */
  name?: string;
  /** Request URL (or page URL for storage). */
  url?: string;
  cookieAttributes?: CookieAttributes;
}

/** Encoding of a stored key's material. */
export type KeyFormat = 'text' | 'base64' | 'base64url' | 'hex' | 'pem' | 'jwk' | 'jwks';

/** One key of the user's key ring. */
export interface KeyEntry {
  id: string;
  label?: string;
  material: string;
  /** Inferred from the material when absent. */
  format?: KeyFormat;
  /** Optional issuer the key belongs to. */
  issuer?: string;
}

/** Options of {@link inspect}. */
export interface InspectOptions {
  keys?: KeyEntry[];
  /** Epoch seconds; default: the current time. */
  now?: number;
  /** Seconds of tolerance for exp/nbf/iat; default 60. */
  clockSkew?: number;
  /** Seconds above which a lifetime is flagged; default 86,400 (24 h). */
  maxLifetime?: number;
  /** How the caller saw the token, when it was one way (e.g. a test or a single request). */
  context?: TokenContext;
  /** Every sighting of the token (from the capture): judged one by one and all together. Pasted ones are not travel. */
  sightings?: readonly SightingLike[];
  /** URL of the inspected page, when known. */
  pageUrl?: string;
  /** A secret found by the on-demand wordlist search (`crackSecret`); re-checked, then reported. */
  crackedSecret?: string;
  /** Try the built-in list of common HMAC secrets on HS* tokens (default true). */
  quickSecretCheck?: boolean;
  /** Upper bound on a JWE's PBES2 iteration count that verification will honour (default 10,000). */
  maxPbes2Count?: number;
}

/** The parts of a capture sighting the rules read (see lib/capture/model.ts). */
export interface SightingLike {
  source: TokenSource;
  name: string;
  url?: string;
  method?: string;
  type?: string;
  initiator?: string;
  /** Epoch milliseconds. */
  time: number;
  status?: number;
  cookieAttributes?: CookieAttributes;
}

/** A decoding or input error with a stable code (one of {@link ErrorCode}). */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** Outcome of signature verification (or JWE authenticated decryption). */
export interface Verification {
  status: 'verified' | 'invalid' | 'no-key' | 'unsupported' | 'not-applicable';
  /** Why, as a stable code; always set on what `inspect` and `verifyToken` return. */
  code?: VerificationCode;
  /** The stored key that verified, or that was tried and failed. */
  keyId?: string;
  alg?: string;
  reason?: string;
}

/** Validity of a token's time claims at a given instant. */
export type ValidityState = 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry';
