import { make, makeAll } from './make.ts';
import type { VariantModule } from './variant.ts';

/** The signature emptied (`header.payload.`), the alg kept. */
export const emptySignatureVariant: VariantModule = {
  id: 'empty-signature',
  title: 'Empty signature',
  tests: 'Whether the server accepts a signed token whose signature segment is empty.',
  reference: 'RFC 7515 §5.2; RFC 8725 §3.1',
  rule: 'signature-missing',
  params: [],
  appliesTo: (decoded) => decoded.kind === 'jws',
  forge: (source) =>
    makeAll([
      make('empty-signature', `alg: ${source.alg}, empty signature`, {
        headerText: source.headerText,
        payloadText: source.payloadText,
        signing: { mode: 'fixed', signature: '', trailingDot: true },
      }),
    ]),
};
