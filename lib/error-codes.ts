// The closed list of error codes the engine emits: tests assert codes, not prose.
const SEGMENTS = ['header', 'payload', 'signature', 'encrypted_key', 'iv', 'ciphertext', 'tag'] as const;

/** Codes of token decoding (compact and JSON serialisations) and base64url/JSON reading. */
export const DECODE_ERROR_CODES = [
  'not-text',
  'internal',
  'empty',
  'too-large',
  'segment-count',
  'header-empty',
  ...SEGMENTS.map((s) => `${s}-base64` as const),
  'header-json',
  'payload-json',
  'header-depth',
  'payload-depth',
  'jws-json-depth',
  'header-width',
  'payload-width',
  'jws-json-width',
  'plaintext-json',
  'jws-json-json',
  'json-invalid',
  'header-not-object',
  'header-alg',
  'header-enc',
  'payload-empty',
  'jws-json-not-object',
  'jwe-json-unsupported',
  'jws-json-payload',
  'jws-json-signatures',
  'header-type',
  'payload-type',
  'signature-type',
  'header-unprotected',
  'bad-base64url-char',
  'bad-base64url-length',
] as const;

/** Codes of key material parsing (PEM, DER, JWK, JWKS, secrets) and key-ring files. */
export const KEY_ERROR_CODES = [
  'format-unknown',
  'secret-empty',
  'hex-invalid',
  'hex-odd-length',
  'base64-invalid',
  'base64url-invalid',
  'pem-invalid',
  'pem-label-mismatch',
  'pem-encrypted',
  'pem-unterminated',
  'pem-structure',
  'jwk-json',
  'jwks-json',
  'key-json',
  'key-ring-json',
  'jwk-not-object',
  'jwks-not-object',
  'jwks-mixed',
  'pem-wrong-type',
  'rsa-bad-exponent',
  'rsa-roca',
  'jwk-empty-key',
  'jwk-member-base64url',
  'jwk-member-type',
  'jwk-missing-member',
  'jwks-empty',
  'jwks-invalid',
  'jwks-no-usable-key',
  'key-import',
  'key-parse',
  'key-unsupported',
  'key-invalid',
  'ssh-armour',
  'ssh-base64',
  'ssh-ec-point',
  'ssh-missing-key',
  'ssh-multiple-keys',
  'ssh-private-key',
  'ssh-structure',
  'ssh-trailing-data',
  'ssh-truncated',
  'ssh-type-mismatch',
  'ssh-unsupported',
] as const;

/** Codes of panel ↔ worker message validation. */
export const PROTOCOL_ERROR_CODES = ['not-object', 'version-mismatch', 'no-kind', 'bad-shape', 'unknown-kind'] as const;

/** Codes of the workbench: signing, and forging variants. */
export const FORGE_ERROR_CODES = [
  'sign-alg-unknown',
  'sign-key-missing',
  'sign-key-type',
  'sign-key-public',
  'sign-rsa-short',
  'sign-failed',
  'variant-unknown',
  'variant-not-applicable',
  'variant-param',
] as const;

/** Codes of "Use this token in the app" (the tab's header override). */
export const OVERRIDE_ERROR_CODES = [
  'override-location',
  'override-token-not-found',
  'override-no-cookie-header',
  'override-header',
  'override-value',
  'override-permission',
  'override-failed',
] as const;

/** Codes of replaying a captured request: putting a token back, building the request, sending it. */
export const REPLAY_ERROR_CODES = [
  'put-back-location',
  'put-back-not-found',
  'put-back-no-body',
  'put-back-basic',
  'replay-not-request',
  'replay-no-record',
  'replay-no-headers',
  'replay-body-truncated',
  'replay-body-file',
  'replay-url',
  'replay-origin',
  'replay-network',
  'replay-permission',
  'replay-aborted',
] as const;

/** Codes of HAR file import (lib/har): the file as a whole, or one entry of it. */
export const HAR_ERROR_CODES = [
  'har-not-har',
  'har-truncated',
  'har-malformed',
  'har-bad-entry',
  'har-too-large',
  'har-cancelled',
] as const;

/** How a verification was answered (`Verification.code`), finer than its status. */
export const VERIFICATION_CODES = [
  'verified',
  'bad-signature',
  'no-key',
  'no-matching-key',
  'unsupported-alg',
  'unsupported-serialization',
  'malformed',
  'duplicate-header',
  'unsecured',
  'not-applicable',
  'key-confusion',
  'embedded-key',
  'psychic-signature',
  'internal',
] as const;

/** A decoding error code. */
export type DecodeErrorCode = (typeof DECODE_ERROR_CODES)[number];
/** A key parsing error code. */
export type KeyErrorCode = (typeof KEY_ERROR_CODES)[number];
/** A protocol validation error code. */
export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];
/** A workbench (signing, forging) error code. */
export type ForgeErrorCode = (typeof FORGE_ERROR_CODES)[number];
/** An override ("Use this token in the app") error code. */
export type OverrideErrorCode = (typeof OVERRIDE_ERROR_CODES)[number];
/** A replay error code. */
export type ReplayErrorCode = (typeof REPLAY_ERROR_CODES)[number];
/** A HAR import error code. */
export type HarImportErrorCode = (typeof HAR_ERROR_CODES)[number];
/** A verification code. */
export type VerificationCode = (typeof VERIFICATION_CODES)[number];
/** Every code the engine emits in an `{ code, message }`. */
export type ErrorCode =
  | DecodeErrorCode
  | KeyErrorCode
  | ProtocolErrorCode
  | ForgeErrorCode
  | ReplayErrorCode
  | HarImportErrorCode
  | VerificationCode
  | OverrideErrorCode;

/** Every code of {@link ErrorCode}, for membership checks at a boundary. */
export const ERROR_CODES: ReadonlySet<string> = new Set<string>([
  ...DECODE_ERROR_CODES,
  ...KEY_ERROR_CODES,
  ...PROTOCOL_ERROR_CODES,
  ...FORGE_ERROR_CODES,
  ...REPLAY_ERROR_CODES,
  ...HAR_ERROR_CODES,
  ...VERIFICATION_CODES,
  ...OVERRIDE_ERROR_CODES,
]);

/** True when a code is one of {@link ErrorCode}. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && ERROR_CODES.has(code);
}
