import { fail } from '../result.ts';
import type { VariantDefinition, VariantModule } from './variant.ts';

/** A variant whose forging is not written yet: listed, but answers an error. */
export function pending(def: VariantDefinition): VariantModule {
  return {
    ...def,
    appliesTo: (decoded) => decoded.kind === 'jws',
    forge: () => Promise.resolve(fail('variant-not-applicable', `${def.title}: not available yet`)),
  };
}
