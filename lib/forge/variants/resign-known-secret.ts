import { parseKeyEntry } from '../../keys/parse-key.ts';
import { fail } from '../result.ts';
import { make, makeAll, withAlg } from './make.ts';
import type { VariantModule } from './variant.ts';

/** The token re-signed with an HMAC secret the tester holds: a ring secret, or the one the search found. */
export const resignKnownSecretVariant: VariantModule = {
  id: 'resign-known-secret',
  title: 'Re-sign with a known secret',
  tests: 'What anyone holding the HMAC secret can sign: edit the claims and keep a valid signature.',
  reference: 'RFC 8725 §3.5; RFC 7518 §3.2',
  rule: 'weak-hmac-secret',
  params: [{ name: 'secret', label: 'Secret (a ring secret, or "found" for the search result)', kind: 'key' }],
  appliesTo: (decoded, ctx) =>
    (decoded.kind === 'jws' || decoded.kind === 'unsecured') &&
    (ctx.crackedSecret !== undefined || (ctx.keys?.length ?? 0) > 0),
  forge: async (source, params, ctx) => {
    const alg = source.alg === 'HS384' || source.alg === 'HS512' ? source.alg : 'HS256';
    let bytes: Uint8Array | undefined;
    let label = '';
    const wanted = params.secret;
    if ((wanted === undefined || wanted === 'found') && ctx.crackedSecret !== undefined) {
      bytes = new TextEncoder().encode(ctx.crackedSecret);
      label = 'the secret the search found';
    } else {
      for (const entry of ctx.keys) {
        if (wanted !== undefined && wanted !== 'found' && entry.id !== wanted) continue;
        const parsed = await parseKeyEntry(entry);
        const item = parsed.kind === 'secret' && !parsed.publicKey ? parsed.items[0] : undefined;
        if (item?.secret) {
          bytes = item.secret;
          label = `ring secret «${entry.label || entry.id}»`;
          break;
        }
      }
    }
    if (!bytes)
      return fail(
        wanted ? 'variant-param' : 'variant-not-applicable',
        wanted
          ? `no secret ${JSON.stringify(wanted)} in the ring`
          : 'no known secret: add one to the ring or run the secret search',
      );
    return makeAll([
      make('resign-known-secret', `${alg} re-signed with ${label}`, {
        headerText: source.alg === alg ? source.headerText : withAlg(source, alg),
        payloadText: source.payloadText,
        signing: { mode: 'sign', alg, key: { kind: 'secret', bytes, label, allowEmpty: true } },
      }),
    ]);
  },
};
