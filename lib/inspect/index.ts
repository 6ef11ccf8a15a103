// One inspection pipeline: decode once, verify once, run every rule once (re-exports only).
export * from './inspect-token.ts';
export * from './options.ts';
export { mergeFindings, runRule } from './run-rules.ts';
export { travelContexts, MAX_TRAVEL_CONTEXTS, type TravelContext } from './travel-contexts.ts';
export { pickVerification, verificationCode } from './verification-code.ts';
export type { VerifyEngine, VerifyStep } from './verify-step.ts';
export { sightingFindings } from './sighting-findings.ts';
