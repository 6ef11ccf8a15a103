import type { DecodedToken } from '../../decode-token.ts';
import type { RuleId } from '../../rules/index.ts';
import type { KeyEntry } from '../../types.ts';
import type { EncodeInput } from '../encode.ts';
import type { Result } from '../result.ts';

/** Every forged variant the workbench offers. */
export type VariantId =
  | 'alg-none'
  | 'alg-none-case'
  | 'strip-signature'
  | 'empty-signature'
  | 'foreign-signature'
  | 'key-confusion'
  | 'embedded-jwk'
  | 'jku'
  | 'x5u'
  | 'kid-injection'
  | 'psychic-signature'
  | 'empty-key'
  | 'claim-tamper'
  | 'resign-known-secret';

/** One parameter a variant takes (a form field in the workbench). */
export interface VariantParam {
  name: string;
  label: string;
  /** `url`: an absolute URL; `choice`: one of `choices`; `key`: a key-ring entry id; `text`: free text. */
  kind: 'text' | 'url' | 'choice' | 'key';
  choices?: readonly { value: string; label: string }[];
  default?: string;
  required?: boolean;
}

/** What a variant is: its id, what it tests, where it comes from and the finding it demonstrates. */
export interface VariantDefinition {
  id: VariantId;
  title: string;
  /** What a server accepting it is doing wrong. */
  tests: string;
  /** RFC 8725 section / CVE. */
  reference: string;
  /** The finding `inspect()` raises on the forged token, when one does (else its verification says it). */
  rule?: RuleId;
  params: readonly VariantParam[];
}

/** What a variant reads besides the token: the key ring, a secret found by the search, other tokens, the clock. */
export interface ForgeContext {
  keys: KeyEntry[];
  /** A secret the weak-secret search found for this token. */
  crackedSecret?: string;
  /** Other tokens (e.g. captured ones), whose signatures the foreign-signature variant borrows. */
  otherTokens?: string[];
  /** Epoch seconds, for time-claim presets; default: the variant says it needs it. */
  now?: number;
}

/** One forged token, with the encoder input that makes it (so the editor can keep editing it). */
export interface ForgedVariant {
  variant: VariantId;
  /** E.g. "alg: nOnE, no trailing dot". */
  label: string;
  input: EncodeInput;
  token: string;
  note?: string;
  /** For jku / x5u: what to host at the URL (a JWKS, or a PEM certificate). */
  hostJwks?: string;
  /** A private key made for this forgery (embedded-jwk, jku, x5u), as a private JWK JSON, to save to the ring. */
  privateKey?: string;
}

/** A variant module: its definition, when it applies, and how it forges. */
export interface VariantModule extends VariantDefinition {
  appliesTo(decoded: DecodedToken, ctx: Partial<ForgeContext>): boolean;
  forge(
    source: SourceToken,
    params: Readonly<Record<string, string>>,
    ctx: ForgeContext,
  ): Promise<Result<ForgedVariant[]>>;
}

/** The token a variant starts from, decoded, with its header and payload text exactly as sent. */
export interface SourceToken {
  decoded: DecodedToken;
  headerText: string;
  payloadText: string;
  header: Record<string, unknown>;
  alg: string;
  signature: string;
}
