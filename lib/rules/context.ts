import type { DecodedToken } from '../decode-token.ts';
import type { EndpointTrial, KeyFormat, SightingLike, TokenContext, Verification } from '../types.ts';
import type { OAuthFacts } from '../oauth/facts.ts';
import { jsonPreview } from '../json-text.ts';
import { isObject, own } from '../util/json-value.ts';

export { own };

/** What the rules need to know about a stored key (a structural subset of the verify engine's KeyFacts). */
export interface RuleKeyFacts {
  id: string;
  label?: string;
  issuer?: string;
  format?: KeyFormat;
  kind: 'secret' | 'public' | 'private' | 'certificate' | 'set' | 'invalid';
  kty?: string;
  bits?: number;
  alg?: string;
  kid?: string;
  /** RSA modulus has the ROCA fingerprint (CVE-2017-15361). */
  roca?: boolean;
  /** For a JWKS: one entry per member. */
  members?: { kid?: string; kty: string; bits?: number; roca?: boolean }[];
  confusionSecrets?: Uint8Array[];
}

/** A leaked or guessable HMAC secret that reproduces the token's signature. */
export interface WeakSecretHit {
  secret: string;
  alg: string;
  /** Where the secret came from: the built-in list of common secrets, or a search the user ran. */
  source: 'common-list' | 'search';
}

/** A stored asymmetric key whose bytes, used as an HMAC secret, reproduce an HS* token's signature. */
export interface AlgConfusionHit {
  keyId: string;
  keyLabel?: string;
  alg: string;
  /** Type of the asymmetric key (RSA, EC, OKP). */
  kty?: string;
}

/** Everything a rule may look at when it checks one token. */
export interface RuleContext {
  /** The decoded token (for JWS JSON serialisation: its first signature, laid out like a compact token). */
  decoded: DecodedToken;
  kind: DecodedToken['kind'];
  header?: Record<string, unknown>;
  /** Payload as shown: parsed JSON, text, or (JWE) the decrypted plaintext. */
  payload?: unknown;
  /** The payload's text as sent (JWS) or decrypted (JWE): for values JSON reading loses, e.g. `1e400`. */
  payloadText?: string;
  /** Signature bytes of a JWS. */
  signature?: Uint8Array;
  /** Epoch seconds. */
  now: number;
  clockSkew: number;
  maxLifetime: number;
  context: TokenContext;
  verification: Verification;
  keys: RuleKeyFacts[];
  weakSecret?: WeakSecretHit;
  algConfusion?: AlgConfusionHit;
  /** Every kept sighting of the token, for rules about how it travelled over time. */
  sightings?: readonly SightingLike[];
  /** URL of the inspected page, when known. */
  pageUrl?: string;
  /** The token's OAuth / OpenID Connect kind and its binding checks (DPoP proof, ID token). */
  oauth?: OAuthFacts;
  /** What servers answered to forged variants of this token ("Test this endpoint"). */
  endpointTrials?: readonly EndpointTrial[];
}

/** The token's OAuth kind, when the pipeline classified it. */
export function kindOf(ctx: RuleContext): OAuthFacts['classification']['kind'] | undefined {
  return ctx.oauth?.classification.kind;
}

/** The payload as a JSON object, or undefined when it is not one. */
export function claimsOf(ctx: RuleContext): Record<string, unknown> | undefined {
  return isObject(ctx.payload) ? ctx.payload : undefined;
}

/** The header's `alg` when it is a string. */
export function algOf(ctx: RuleContext): string | undefined {
  const alg = own(ctx.header, 'alg');
  return typeof alg === 'string' ? alg : undefined;
}

/** A value quoted for a message, cut to `max` characters. */
export function quote(value: unknown, max = 80): string {
  // Iterative and cut as it goes: a megabyte claim or one nested 50,000 deep costs its prefix.
  return jsonPreview(value, max);
}

/** How a stored key is named in messages: its label, or its id. */
export function keyName(key: { id: string; label?: string }): string {
  return key.label ? `"${key.label}"` : `"${key.id}"`;
}

/** The failed binding checks of one rule, as its reports (see lib/oauth: DPoP proof and ID token checks). */
export function failedChecks(ctx: RuleContext, rule: string): string[] {
  return (ctx.oauth?.checks ?? []).filter((c) => c.rule === rule && c.status === 'fail').map((c) => c.message);
}
