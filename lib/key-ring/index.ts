// The user's key ring: model, storage read-back, secrecy and import/export (re-exports only).
export * from './key-ring.ts';
export * from './key-secrecy.ts';
export * from './ring-file.ts';
