import { noneSpellings } from './none-spellings.ts';
import type { VariantModule } from './variant.ts';

/** `alg: none` with the signature removed. */
export const algNoneVariant: VariantModule = {
  id: 'alg-none',
  title: 'alg none',
  tests: 'Whether the server accepts an unsigned token ("alg": "none") in place of a signed one.',
  reference: 'CVE-2015-2951; RFC 8725 §2.1, §3.1',
  rule: 'alg-none',
  params: [],
  appliesTo: (decoded) => decoded.kind === 'jws' || decoded.kind === 'unsecured',
  forge: (source) => noneSpellings('alg-none', source, ['none']),
};
