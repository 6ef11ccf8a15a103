/** Severity of a finding, most severe first. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Severities ordered from most to least severe. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Every rule id of the findings catalogue. */
export type RuleId =
  | 'alg-none'
  | 'signature-missing'
  | 'weak-hmac-secret'
  | 'short-hmac-key'
  | 'weak-rsa-key'
  | 'alg-confusion'
  | 'embedded-key'
  | 'remote-key-url'
  | 'kid-injection'
  | 'psychic-signature'
  | 'crit-unsupported'
  | 'exp-missing'
  | 'long-lifetime'
  | 'expired'
  | 'not-yet-valid'
  | 'iat-future'
  | 'numericdate-invalid'
  | 'iss-missing'
  | 'aud-missing'
  | 'sensitive-data'
  | 'sent-over-http'
  | 'token-in-url'
  | 'cookie-not-httponly'
  | 'cookie-not-secure'
  | 'cookie-samesite-weak'
  | 'web-storage'
  | 'third-party-recipient'
  | 'expired-token-sent'
  | 'jwe-rsa1_5'
  | 'jwe-pbes2-count'
  | 'jwe-zip'
  | 'duplicate-member'
  | 'base64-noncanonical'
  | 'not-utf8';

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
export type KeyFormat = 'text' | 'base64' | 'base64url' | 'hex' | 'pem' | 'jwk' | 'jwks' | 'ssh';

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
  context?: TokenContext;
  /** Every sighting of the token (from the capture), for rules about how it travelled over time. */
  sightings?: readonly SightingLike[];
  /** URL of the inspected page, when known. */
  pageUrl?: string;
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

/** A decoding or input error with a stable code. */
export interface ErrorInfo {
  code: string;
  message: string;
}

/** Outcome of signature verification (or JWE authenticated decryption). */
export interface Verification {
  /** `key-confusion`: an HS* token MACed with a stored public key's text (keyId names that key). */
  status: 'verified' | 'invalid' | 'no-key' | 'unsupported' | 'not-applicable' | 'key-confusion';
  /** The stored key that verified, or that was tried and failed. */
  keyId?: string;
  alg?: string;
  reason?: string;
}

/** One weakness found in a token. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
}

/** Validity of a token's time claims at a given instant. */
export type ValidityState = 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry';

/** Everything the engine says about one token. */
export interface Inspection {
  kind: 'jws' | 'jwe' | 'unsecured' | 'malformed';
  header?: object;
  payload?: unknown;
  rawHeader?: string;
  rawPayload?: string;
  error?: ErrorInfo;
  verification: Verification;
  findings: Finding[];
}
