import type { Result } from '../result.ts';
import { make, makeAll, withAlg } from './make.ts';
import type { ForgedVariant, SourceToken, VariantId } from './variant.ts';

/** Unsecured copies of the source with `alg` in each spelling, with and without the trailing dot. */
export function noneSpellings(
  variant: VariantId,
  source: SourceToken,
  spellings: readonly string[],
): Promise<Result<ForgedVariant[]>> {
  return makeAll(
    spellings.flatMap((alg) =>
      [true, false].map((trailingDot) =>
        make(variant, `alg: ${alg}, ${trailingDot ? 'trailing dot' : 'no trailing dot'}`, {
          headerText: withAlg(source, alg),
          payloadText: source.payloadText,
          signing: { mode: 'fixed', signature: '', trailingDot },
        }),
      ),
    ),
  );
}
