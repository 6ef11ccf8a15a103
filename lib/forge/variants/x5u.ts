import { setJsonMember } from '../json-edit.ts';
import { selfSignedCertificate } from '../self-signed-cert.ts';
import { freshKey, KIND_PARAM } from './fresh-key.ts';
import { make, makeAll, withAlg } from './make.ts';
import { checkUrl, URL_PARAM } from './url-param.ts';
import type { VariantModule } from './variant.ts';

/** Signed with a fresh key whose self-signed certificate the tester hosts at the `x5u` URL. */
export const x5uVariant: VariantModule = {
  id: 'x5u',
  title: 'x5u pointing at your certificate',
  tests:
    'Whether the server fetches the verification certificate from a URL the token names ("x5u") and trusts it without a chain to a trusted root.',
  reference: 'RFC 8725 §3.10; RFC 7515 §4.1.5',
  rule: 'remote-key-url',
  params: [URL_PARAM, KIND_PARAM],
  appliesTo: (decoded) => decoded.kind === 'jws' || decoded.kind === 'unsecured',
  forge: async (source, params) => {
    const url = checkUrl(params.url);
    if (!url.ok) return url;
    const { pair, alg } = await freshKey(source, params.kind);
    const cert = await selfSignedCertificate(pair, 'JWT Lens forged x5u');
    if (!cert.ok) return cert;
    const headerText = setJsonMember(withAlg(source, alg), 'x5u', JSON.stringify(url.value));
    return makeAll([
      make(
        'x5u',
        `${alg}, x5u → ${url.value} (self-signed ${pair.kind} certificate)`,
        {
          headerText,
          payloadText: source.payloadText,
          signing: {
            mode: 'sign',
            alg,
            key: {
              kind: 'private',
              text: JSON.stringify(pair.privateJwk),
              label: `generated ${pair.kind} ${pair.kid}`,
            },
          },
        },
        {
          hostJwks: cert.value,
          privateKey: JSON.stringify(pair.privateJwk),
          note: `Serve the PEM certificate (hostJwks) at ${url.value}; it is self-signed, so only a server that skips chain validation accepts it.`,
        },
      ),
    ]);
  },
};
