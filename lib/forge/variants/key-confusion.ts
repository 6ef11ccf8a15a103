import { confusionTexts, publicKeySources } from '../public-keys.ts';
import { fail } from '../result.ts';
import { make, makeAll, withAlg } from './make.ts';
import type { VariantModule } from './variant.ts';

const HS = ['HS256', 'HS384', 'HS512'] as const;

function carriesKey(header: Record<string, unknown> | undefined): boolean {
  return header !== undefined && (header.jwk !== undefined || header.x5c !== undefined);
}

/** HS* keyed with a public key's text: what a server that lets the token pick the alg verifies. */
export const keyConfusionVariant: VariantModule = {
  id: 'key-confusion',
  title: 'HMAC key confusion',
  tests:
    'Whether the server verifies an HS* token with its RSA/EC public key as the HMAC secret (the alg taken from the token).',
  reference: 'CVE-2016-10555; CVE-2022-29217; RFC 8725 §2.1, §3.1',
  rule: 'alg-confusion',
  params: [
    { name: 'key', label: 'Public key (ring entry, or jwk / x5c of the token)', kind: 'key' },
    {
      name: 'alg',
      label: 'Algorithm',
      kind: 'choice',
      choices: HS.map((a) => ({ value: a, label: a })),
      default: 'HS256',
    },
  ],
  // Whether the ring holds a public key is async to find out; the workbench lists it whenever there is a ring.
  appliesTo: (decoded, ctx) => decoded.kind === 'jws' && ((ctx.keys?.length ?? 0) > 0 || carriesKey(decoded.header)),
  forge: async (source, params, ctx) => {
    const alg = (HS as readonly string[]).includes(params.alg ?? '') ? params.alg! : 'HS256';
    const sources = await publicKeySources(ctx.keys, source.header);
    if (sources.length === 0)
      return fail(
        'variant-not-applicable',
        'key confusion needs a public key: add the server’s public key to the ring',
      );
    const chosen = params.key ? sources.find((s) => s.id === params.key) : sources[0];
    if (!chosen) return fail('variant-param', `no public key ${JSON.stringify(params.key)} in the ring or the token`);
    const texts = await confusionTexts(chosen);
    const headerText = withAlg(source, alg);
    return makeAll(
      texts.map((t) =>
        make(
          'key-confusion',
          `${alg} keyed with «${chosen.label}»: ${t.label}`,
          {
            headerText,
            payloadText: source.payloadText,
            signing: {
              mode: 'sign',
              alg: alg as (typeof HS)[number],
              key: { kind: 'secret', bytes: t.bytes, label: `${chosen.label} (${t.label})` },
            },
          },
          { note: `The HMAC secret is the ${t.label} of ${chosen.label} (${t.bytes.length} bytes).` },
        ),
      ),
    );
  },
};
