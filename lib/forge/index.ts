// The workbench engine: encoder, signing, key generation, secret formats and forged variants (re-exports only).
export type { Result } from './result.ts';
export * from './algs.ts';
export * from './secret-format.ts';
export * from './json-edit.ts';
export { keyNeededFor, type SigningKey } from './sign.ts';
export * from './encode.ts';
export * from './generate-key.ts';
export type { ForgeContext, ForgedVariant, VariantDefinition, VariantId, VariantParam } from './variants/variant.ts';
export { VARIANTS, forgeVariant, variantsFor } from './variants/index.ts';
