// Signature verification and JWE decryption against the stored key ring.
export type { KeyFacts, KeyMemberFacts } from '../keys/key-facts.ts';
export { describeKeys } from '../keys/key-facts.ts';
export * from './outcome.ts';
export * from './verify-token.ts';
export * from './algorithms.ts';
export { carriedKeyParam, carriedKeyVerdict, psychicVerdict } from './forgery-verdicts.ts';
export { inferKeyFormat } from '../keys/parse-key.ts';
