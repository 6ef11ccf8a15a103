import { make, makeAll } from './make.ts';
import type { VariantModule } from './variant.ts';

/** The signature segment removed altogether (`header.payload`), the alg kept. */
export const stripSignatureVariant: VariantModule = {
  id: 'strip-signature',
  title: 'Signature stripped',
  tests: 'Whether the server skips verification when a signed token arrives without its signature segment.',
  reference: 'RFC 7515 §5.2; RFC 8725 §3.1',
  rule: 'signature-missing',
  params: [],
  appliesTo: (decoded) => decoded.kind === 'jws',
  forge: (source) =>
    makeAll([
      make('strip-signature', `alg: ${source.alg}, signature segment removed`, {
        headerText: source.headerText,
        payloadText: source.payloadText,
        signing: { mode: 'fixed', signature: '', trailingDot: false },
      }),
    ]),
};
