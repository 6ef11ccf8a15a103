import { make, makeAll, withAlg } from './make.ts';
import type { VariantModule } from './variant.ts';

const HS = ['HS256', 'HS384', 'HS512'] as const;

/** HMAC with an empty key, as servers with an unset shared secret compute it. */
export const emptyKeyVariant: VariantModule = {
  id: 'empty-key',
  title: 'Empty HMAC key',
  tests: 'Whether the server verifies HMACs with an empty secret (an unset configuration value).',
  reference: 'CVE-2019-20933; RFC 8725 §3.5',
  rule: 'weak-hmac-secret',
  params: [
    {
      name: 'alg',
      label: 'Algorithm',
      kind: 'choice',
      choices: HS.map((a) => ({ value: a, label: a })),
      default: 'HS256',
    },
  ],
  appliesTo: (decoded) => decoded.kind === 'jws' || decoded.kind === 'unsecured',
  forge: (source, params) => {
    const alg = (HS as readonly string[]).includes(params.alg ?? '')
      ? (params.alg as (typeof HS)[number])
      : (HS as readonly string[]).includes(source.alg)
        ? (source.alg as (typeof HS)[number])
        : 'HS256';
    return makeAll([
      make('empty-key', `${alg} with an empty key`, {
        headerText: withAlg(source, alg),
        payloadText: source.payloadText,
        signing: {
          mode: 'sign',
          alg,
          key: { kind: 'secret', bytes: new Uint8Array(0), label: 'empty key', allowEmpty: true },
        },
      }),
    ]);
  },
};
