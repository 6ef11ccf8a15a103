// One inspection pipeline: decode once, verify once, run every rule once (re-exports only).
export * from './inspect-token.ts';
export type { Inspection } from './inspection.ts';
export * from './options.ts';
export { mergeFindings } from './run-rules.ts';
export { pickVerification, verificationCode } from './verification-code.ts';
export type { VerifyEngine } from './verify-step.ts';
export { sightingFindings } from './sighting-findings.ts';
export { quickSecretOf } from './secret-hits.ts';
