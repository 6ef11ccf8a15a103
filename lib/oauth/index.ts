// OAuth 2.0 / OpenID Connect knowledge: token kinds, providers, binding hashes, DPoP checks, related tokens (re-exports only).
export * from './kind.ts';
export * from './provider.ts';
export * from './hashes.ts';
export * from './relations.ts';
export * from './authorize-request.ts';
