import { noneSpellings } from './none-spellings.ts';
import type { VariantModule } from './variant.ts';

/** `alg: none` in the letter cases that slipped past verifiers which only rejected `none`. */
export const algNoneCaseVariant: VariantModule = {
  id: 'alg-none-case',
  title: 'alg none, other letter cases',
  tests: 'Whether the server rejects "none" only in lower case: None, NONE and nOnE, unsigned.',
  reference: 'CVE-2015-2951; RFC 8725 §2.1, §3.1',
  rule: 'alg-none',
  params: [],
  appliesTo: (decoded) => decoded.kind === 'jws' || decoded.kind === 'unsecured',
  forge: (source) => noneSpellings('alg-none-case', source, ['None', 'NONE', 'nOnE']),
};
