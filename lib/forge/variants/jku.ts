import { setJsonMember } from '../json-edit.ts';
import { freshKey, KIND_PARAM } from './fresh-key.ts';
import { make, makeAll, withAlg } from './make.ts';
import { checkUrl, URL_PARAM } from './url-param.ts';
import type { VariantModule } from './variant.ts';

/** Signed with a fresh key whose JWKS the tester hosts at the `jku` URL. */
export const jkuVariant: VariantModule = {
  id: 'jku',
  title: 'jku pointing at your JWKS',
  tests: 'Whether the server fetches the verification key from a URL the token names ("jku") without an allow-list.',
  reference: 'RFC 8725 §3.10; RFC 7515 §4.1.2',
  rule: 'remote-key-url',
  params: [URL_PARAM, KIND_PARAM],
  appliesTo: (decoded) => decoded.kind === 'jws' || decoded.kind === 'unsecured',
  forge: async (source, params) => {
    const url = checkUrl(params.url);
    if (!url.ok) return url;
    const { pair, alg } = await freshKey(source, params.kind);
    const headerText = setJsonMember(
      setJsonMember(withAlg(source, alg), 'jku', JSON.stringify(url.value)),
      'kid',
      JSON.stringify(pair.kid),
    );
    return makeAll([
      make(
        'jku',
        `${alg}, jku → ${url.value}, kid ${pair.kid}`,
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
          hostJwks: pair.jwks,
          privateKey: JSON.stringify(pair.privateJwk),
          note: `Serve the JWKS (hostJwks) at ${url.value} as application/json; the token names its key by kid ${pair.kid}.`,
        },
      ),
    ]);
  },
};
