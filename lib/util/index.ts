// Small helpers shared across the engine, each defined once (re-exports only).
export * from './json-value.ts';
export * from './lru-cache.ts';
export * from './severity.ts';
export * from './hmac.ts';
export * from './url.ts';
export * from './time-slice.ts';
