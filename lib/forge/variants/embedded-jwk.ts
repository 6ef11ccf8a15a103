import { setJsonMember } from '../json-edit.ts';
import { freshKey, KIND_PARAM } from './fresh-key.ts';
import { make, makeAll, withAlg } from './make.ts';
import type { VariantModule } from './variant.ts';

/** Signed with a freshly generated key whose public half rides along in the header's `jwk`. */
export const embeddedJwkVariant: VariantModule = {
  id: 'embedded-jwk',
  title: 'Embedded JWK (own key in the header)',
  tests: 'Whether the server verifies with the key the token carries in its "jwk" header instead of a trusted one.',
  reference: 'CVE-2018-0114; RFC 8725 §3.10',
  rule: 'embedded-key',
  params: [KIND_PARAM],
  appliesTo: (decoded) => decoded.kind === 'jws' || decoded.kind === 'unsecured',
  forge: async (source, params) => {
    const { pair, alg } = await freshKey(source, params.kind);
    let headerText = setJsonMember(withAlg(source, alg), 'jwk', JSON.stringify(pair.publicJwk));
    if (source.header.kid !== undefined) headerText = setJsonMember(headerText, 'kid', JSON.stringify(pair.kid));
    return makeAll([
      make(
        'embedded-jwk',
        `${alg} signed with a new ${pair.kind} key embedded as "jwk"`,
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
        { privateKey: JSON.stringify(pair.privateJwk) },
      ),
    ]);
  },
};
