import { encodeToken, type EncodeInput } from '../encode.ts';
import { fail, ok, type Result } from '../result.ts';
import type { ForgedVariant, SourceToken, VariantId } from './variant.ts';
import { setJsonMember } from '../json-edit.ts';

/** Encodes one forgery's input into a {@link ForgedVariant}. */
export async function make(
  variant: VariantId,
  label: string,
  input: EncodeInput,
  extra: Partial<Pick<ForgedVariant, 'note' | 'hostJwks' | 'privateKey'>> = {},
): Promise<Result<ForgedVariant>> {
  const r = await encodeToken(input);
  if (!r.ok) return r;
  return ok({ variant, label, input, token: r.value.token, ...extra });
}

/** Encodes several forgeries; the first failure fails them all (a variant's inputs are built to encode). */
export async function makeAll(items: Promise<Result<ForgedVariant>>[]): Promise<Result<ForgedVariant[]>> {
  const out: ForgedVariant[] = [];
  for (const r of await Promise.all(items)) {
    if (!r.ok) return r;
    out.push(r.value);
  }
  return out.length > 0 ? ok(out) : fail('variant-not-applicable', 'the variant made no token');
}

/** The source header with `alg` set (textually), for a re-signed forgery. */
export function withAlg(source: SourceToken, alg: string): string {
  return setJsonMember(source.headerText, 'alg', JSON.stringify(alg));
}
