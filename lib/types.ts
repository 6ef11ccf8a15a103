import type { ErrorCode, VerificationCode } from './error-codes.ts';
export type { ErrorCode, VerificationCode } from './error-codes.ts';

/** Severity of a finding, most severe first. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Severities ordered from most to least severe. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

// ---- Sightings: where and how a token was seen (the capture model, lib/capture/model.ts, re-exports these). ----

/** Cookie attributes known for a sighting (from Set-Cookie or the cookie jar). */
export interface CookieAttributes {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
}

/**
 * Which way the token was moving when it was seen: sent by the page (`request`), sent by a server
 * (`response`), at rest in the browser (`stored`: Web Storage, the cookie jar), or typed in by the
 * user (`input`: a paste), which travelled nowhere.
 */
export type SightingDirection = 'request' | 'response' | 'stored' | 'input';

/** How JWT Lens saw it. */
export type SightingVia =
  | 'webrequest'
  | 'cookie-jar'
  | 'devtools-network'
  | 'page-storage'
  | 'paste'
  /** Reserved for imported files (HAR). */
  | 'file-import';

/** Which part of a URL carried a token. */
export type UrlPart = 'query' | 'fragment' | 'path';

/**
 * A place inside a URL: a query or fragment parameter (`name` is the parameter; the part's own name
 * when the value has no parameter name, e.g. `?eyJ…`), or a path segment (`name` is `path`).
 */
export interface UrlLocation {
  kind: UrlPart;
  name: string;
}

/** In a header (request or response). */
export interface HeaderLocation {
  kind: 'header';
  /** The header name, as sent. */
  name: string;
  /** The authentication scheme in front of the token (`Bearer`, `DPoP`, `Basic`), as sent. */
  scheme?: string;
  /** For `Basic` credentials: which half of `user:password` held the token. */
  credential?: 'user' | 'password';
  /** For a header holding a URL (a redirect's `Location`): where in that URL the token sat. */
  url?: UrlLocation;
}

/** In a `Cookie` request header, or the cookie jar. */
export interface CookieLocation {
  kind: 'cookie';
  /** The cookie name. */
  name: string;
}

/** In a `Set-Cookie` response header. */
export interface SetCookieLocation {
  kind: 'set-cookie';
  /** The cookie name. */
  name: string;
}

/** In a form body: a urlencoded field or a multipart part (`jsonPath` when the part is JSON). */
export interface FormBodyLocation {
  kind: 'form-body';
  /** The field name. */
  name: string;
  jsonPath?: string;
}

/** In a JSON body. */
export interface JsonBodyLocation {
  kind: 'json-body';
  /** The member (or array) name holding the token: the last name on `jsonPath`; `$` for the root. */
  name: string;
  /** Path from the root (`data.tokens[0]`; ` › ` steps into a JSON string); `$` for the root itself. */
  jsonPath: string;
}

/** In a body that is neither parsed JSON nor a form (plain text, or JSON cut short). */
export interface TextBodyLocation {
  kind: 'text-body';
  /** The JSON key or form field right before the token, else `body`. */
  name: string;
}

/** In the page's Web Storage. */
export interface StorageLocation {
  kind: 'storage';
  area: 'local' | 'session';
  /** The storage key. */
  name: string;
  /** Path inside the value when the value is JSON ('' or absent when the value itself holds the token). */
  jsonPath?: string;
}

/** Typed or pasted into the panel. */
export interface PasteLocation {
  kind: 'paste';
  name: 'paste';
}

/**
 * Exactly where a token sat, structured so that it can be put back there (replay): a `query`,
 * `fragment` or `path` location is in the sighting's `url`; a header's `url` is in that header's URL.
 */
export type SightingLocation =
  | HeaderLocation
  | CookieLocation
  | SetCookieLocation
  | (UrlLocation & { kind: UrlPart })
  | FormBodyLocation
  | JsonBodyLocation
  | TextBodyLocation
  | StorageLocation
  | PasteLocation;

/** Every `kind` a {@link SightingLocation} can have. */
export type LocationKind = SightingLocation['kind'];

/** One time a token was seen. */
export interface Sighting {
  direction: SightingDirection;
  via: SightingVia;
  location: SightingLocation;
  method?: string;
  /**
   * The request's URL; for a redirect's `Location`, the resolved Location (where the token goes
   * next); for Web Storage and the cookie jar, the page's URL.
   */
  url?: string;
  /** webRequest resource type (`xmlhttprequest`, `main_frame`, …), for webRequest sightings. */
  resourceType?: string;
  requestId?: string;
  frameId?: number;
  initiator?: string;
  /** Epoch milliseconds. */
  time: number;
  /** HTTP status of the response (0: failed without one), once known; never for stored or pasted tokens. */
  status?: number;
  cookieAttributes?: CookieAttributes;
  /**
   * The body the token was found in was `size` bytes (UTF-8), of which only the first `scanned`
   * (and the last `tail`) were read.
   */
  body?: { size: number; scanned: number; tail?: number };
  /**
   * For a stored token: at `time` it was no longer at this location (the page removed or replaced it).
   * For a `set-cookie` response sighting: the response deleted the cookie that held the token
   * (`Max-Age` ≤ 0 or `Expires` in the past) — a logout.
   */
  removed?: boolean;
}

/** Where a token was seen, as one word (derived from a sighting's location by `sightingSource`). */
export type TokenSource =
  'header' | 'cookie' | 'set-cookie' | 'url' | 'body' | 'local-storage' | 'session-storage' | 'pasted';

/** Where and how a token travelled, when known (one sighting's worth). */
export interface TokenContext {
  direction?: SightingDirection;
  via?: SightingVia;
  location?: SightingLocation;
  /** Request URL (or page URL for storage). */
  url?: string;
  cookieAttributes?: CookieAttributes;
  /** Protocol v3's way to say where (`source` + `name`), still accepted when `location` is absent. */
  source?: TokenSource;
  /** With `source`: header, cookie, parameter or storage key. */
  name?: string;
}

/**
 * The parts of a capture sighting the rules read (a {@link Sighting} of lib/capture/model.ts is one;
 * a v3-style `{source, name}` one is still read, see {@link TokenContext}).
 */
export interface SightingLike
  extends TokenContext, Partial<Pick<Sighting, 'method' | 'resourceType' | 'initiator' | 'status'>> {
  /** Epoch milliseconds. */
  time: number;
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

/** What other captured tokens tell the binding checks about one token (computed by lib/oauth's linkTokens over a capture). */
export interface TokenPeers {
  /** For a DPoP proof: access tokens it travelled with (same request) or whose hash its `ath` holds. */
  accessTokens?: string[];
  /** For an ID token: access tokens issued with it (same token response, or matched by `at_hash`). */
  issuedAccessTokens?: string[];
  /** For an ID token: authorization codes seen with it (its redirect URL, a JARM response it binds). */
  codes?: string[];
  /** For an ID token: how many authorize-request nonces were seen for its client, and whether its own is one. */
  nonces?: {
    seen: number;
    matched: boolean;
    /** The client whose authorize request carried this nonce, when the ID token's `aud` does not name it. */
    otherClient?: string;
  };
  /** Client ids seen in the capture (authorize requests, access tokens, client assertions). */
  clientIds?: string[];
}

/** Options of {@link inspect}. */
export interface InspectOptions {
  keys?: KeyEntry[];
  /** Epoch seconds; default: the current time. */
  now?: number;
  /** Seconds of tolerance for exp/nbf/iat; default 0 (expired the second exp passes). */
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
  /** What other captured tokens tell this token's binding checks (lib/oauth linkTokens' `peers`). */
  peers?: TokenPeers;
  /** Upper bound on a JWE's PBES2 iteration count that verification will honour (default 10,000). */
  maxPbes2Count?: number;
  /** Let a key the token carries (`jwk`, `x5c`) verify it, for tokens meant to carry one (DPoP proofs); default false. */
  trustCarriedKey?: boolean;
  /** What a server answered when forged variants of this token were sent to it ("Test this endpoint"). */
  endpointTrials?: readonly EndpointTrial[];
}

/**
 * One request of "Test this endpoint": a variant of a token sent in place of it to the captured
 * request's endpoint, and whether the server answered like it did to the original.
 */
export interface EndpointTrial {
  /** `original`, `no-token`, or the workbench's variant id (`alg-none`, `claim-tamper`, …). */
  variant: string;
  /** Which forgery of that variant ("alg: None, trailing dot"). */
  label: string;
  method: string;
  url: string;
  /** Epoch milliseconds the answer came. */
  time: number;
  /** HTTP status (0: no answer). */
  status: number;
  verdict: 'accepted' | 'refused' | 'inconclusive';
  /** E.g. `200, body 98 % like the original`. */
  evidence: string;
}

/** A decoding or input error with a stable code (one of {@link ErrorCode}). */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** Outcome of signature verification (or JWE authenticated decryption). */
export interface Verification {
  /** `key-confusion`: an HS* token MACed with a stored public key's text (keyId names that key). */
  status: 'verified' | 'invalid' | 'no-key' | 'unsupported' | 'not-applicable' | 'key-confusion';
  /** Why, as a stable code; always set on what `inspect` and `verifyToken` return. */
  code?: VerificationCode;
  /** The stored key that verified, or that was tried and failed. */
  keyId?: string;
  alg?: string;
  reason?: string;
  /**
   * What a forgery is, in a few words, when the engine knows better than the status: "HMAC keyed
   * with public key «label»", "signed with the key it carries (jwk) — untrusted", "r = s = 0".
   */
  summary?: string;
}

/** Validity of a token's time claims at a given instant. */
export type ValidityState = 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry';

/** One HTTP header as sent or received (text values only). */
export interface HttpHeader {
  name: string;
  value: string;
}

/** What a server said in a `WWW-Authenticate` challenge (RFC 6750 §3: error, description). */
export interface AuthChallenge {
  /** The challenge as sent (bounded). */
  raw: string;
  scheme?: string;
  error?: string;
  description?: string;
}

/**
 * One HTTP request kept in the tab's request log: every request that carried or received a token,
 * and every 401/403 answer even without one. Bounded per tab (count and bytes) and dropped with the
 * last token it carried; what Replay needs (all request headers, the body up to a bound) is kept only
 * for requests that carried a token.
 */
export interface RequestRecord {
  /** webRequest's id (unique per browser session). */
  requestId: string;
  /** When the request started, epoch milliseconds. */
  time: number;
  method: string;
  url: string;
  /** webRequest resource type (`xmlhttprequest`, `main_frame`, …). */
  type?: string;
  initiator?: string;
  /** Every request header as the browser sent it (requests that carried a token; bounded). */
  headers?: HttpHeader[];
  /** Request headers not kept because `headers` reached its bound (64 KiB). */
  headersOmitted?: number;
  /** The request body as sent: text, or form fields; `size` bytes of which `kept` were kept. */
  body?: { text?: string; form?: Record<string, string[]>; size: number; kept: number };
  /** HTTP status (0: failed without a response), once known. */
  status?: number;
  /** When the response headers arrived, epoch milliseconds. */
  responseTime?: number;
  /** The response's `Date` header as epoch milliseconds (the server's clock). */
  serverDate?: number;
  /** The response's `WWW-Authenticate` challenge, if any. */
  challenge?: AuthChallenge;
  /** The response headers (bounded), for comparing a replay with the original. */
  responseHeaders?: HttpHeader[];
  /** Response headers not kept because `responseHeaders` reached its bound (16 KiB). */
  responseHeadersOmitted?: number;
  /** The tokens this request carried or its response delivered (values as captured). */
  tokens: string[];
}
