// Key ring import: parsing stored key material and describing it.
export * from './key-facts.ts';
export * from './parse-key.ts';
export * from './import-key.ts';
export * from './pem.ts';
export * from './secret-bytes.ts';
export * from './roca.ts';
