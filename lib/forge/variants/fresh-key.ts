import type { SigningAlg } from '../algs.ts';
import {
  generateKeyPair,
  KEY_PAIR_KINDS,
  keyPairKindFor,
  type GeneratedKeyPair,
  type KeyPairKind,
} from '../generate-key.ts';
import type { SourceToken, VariantParam } from './variant.ts';

/** The `kind` parameter of variants that sign with a key they generate. */
export const KIND_PARAM: VariantParam = {
  name: 'kind',
  label: 'Key to generate',
  kind: 'choice',
  choices: [{ value: '', label: 'matching the token’s alg' }, ...KEY_PAIR_KINDS.map((k) => ({ value: k, label: k }))],
  default: '',
};

/** A fresh key pair for a forgery and the alg it signs with: the source's own alg when the key fits it. */
export async function freshKey(
  source: SourceToken,
  kindParam: string | undefined,
): Promise<{ pair: GeneratedKeyPair; alg: SigningAlg }> {
  const kind = (KEY_PAIR_KINDS as readonly string[]).includes(kindParam ?? '')
    ? (kindParam as KeyPairKind)
    : keyPairKindFor(source.alg);
  const pair = await generateKeyPair(kind);
  const rsaAlgs = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
  const alg: SigningAlg =
    kind.startsWith('RSA') && rsaAlgs.includes(source.alg) ? (source.alg as SigningAlg) : pair.alg;
  return { pair, alg };
}
