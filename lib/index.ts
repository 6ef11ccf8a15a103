// The engine's public surface: re-exports only.
export * from './types.ts';
export * from './base64url.ts';
export * from './json-text.ts';
export * from './decode-token.ts';
export * from './find-tokens.ts';
export * from './time-claims.ts';
export * from './capture/model.ts';
export * from './capture/parse-headers.ts';
export * from './capture/store.ts';
export * from './json-pretty.ts';
export * from './token-label.ts';
export * from './verify/index.ts';
export { inspect, type InspectExtraOptions } from './inspect.ts';
export { crackSecret, parseWordlist, type CrackOptions, type CrackResult } from './crack-secret.ts';
export { RULES, ruleInfo } from './rules/index.ts';
export { COMMON_SECRETS } from './rules/common-secrets.ts';
export { decodeJwsJson, looksLikeJson, type DecodedJwsJson } from './jws-json.ts';
