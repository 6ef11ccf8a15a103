import { fail } from '../result.ts';
import { make, makeAll } from './make.ts';
import type { VariantModule } from './variant.ts';

const MAX_DONORS = 5;

/** This header and payload with the signature of another token (same key, other claims). */
export const foreignSignatureVariant: VariantModule = {
  id: 'foreign-signature',
  title: 'Signature from another token',
  tests:
    'Whether the server checks that the signature belongs to this header and payload, not just that it is one of its own.',
  reference: 'RFC 7515 §5.2; RFC 8725 §3.1',
  params: [{ name: 'token', label: 'Token to take the signature from (default: other captured tokens)', kind: 'text' }],
  appliesTo: (decoded, ctx) => decoded.kind === 'jws' && (ctx.otherTokens?.length ?? 0) > 0,
  forge: (source, params, ctx) => {
    const donors = (params.token ? [params.token.trim()] : (ctx.otherTokens ?? []))
      .map((t) => t.split('.'))
      .filter((parts) => parts.length === 3 && parts[2] !== '' && parts[2] !== source.signature)
      .slice(0, MAX_DONORS);
    if (donors.length === 0)
      return Promise.resolve(
        fail(
          params.token ? 'variant-param' : 'variant-not-applicable',
          'no other signed compact token to take a signature from',
        ),
      );
    return makeAll(
      donors.map((parts, i) =>
        make('foreign-signature', `signature of token ${i + 1} (${parts[2]!.slice(0, 12)}…)`, {
          headerText: source.headerText,
          payloadText: source.payloadText,
          signing: { mode: 'fixed', signature: parts[2]!, trailingDot: true },
        }),
      ),
    );
  },
};
