import { decodeToken, type DecodedToken } from '../../decode-token.ts';
import { fail, type Result } from '../result.ts';
import { algNoneCaseVariant } from './alg-none-case.ts';
import { algNoneVariant } from './alg-none.ts';
import { emptyKeyVariant } from './empty-key.ts';
import { emptySignatureVariant } from './empty-signature.ts';
import { pending } from './pending.ts';
import { psychicSignatureVariant } from './psychic-signature.ts';
import { stripSignatureVariant } from './strip-signature.ts';
import type {
  ForgeContext,
  ForgedVariant,
  SourceToken,
  VariantDefinition,
  VariantId,
  VariantModule,
} from './variant.ts';

const MODULES: readonly VariantModule[] = [
  algNoneVariant,
  algNoneCaseVariant,
  stripSignatureVariant,
  emptySignatureVariant,
  pending({
    id: 'foreign-signature',
    title: 'Signature from another token',
    tests: 'Whether the server checks that the signature belongs to this header and payload.',
    reference: 'RFC 7515 §5.2',
    params: [],
  }),
  pending({
    id: 'key-confusion',
    title: 'HMAC key confusion',
    tests: 'Whether the server verifies an HS* token with its RSA/EC public key as the HMAC secret.',
    reference: 'CVE-2016-10555; CVE-2022-29217; RFC 8725 §2.1, §3.1',
    rule: 'alg-confusion',
    params: [],
  }),
  pending({
    id: 'embedded-jwk',
    title: 'Embedded JWK',
    tests: 'Whether the server verifies with a key the token carries in its own "jwk" header.',
    reference: 'CVE-2018-0114; RFC 8725 §3.10',
    rule: 'embedded-key',
    params: [],
  }),
  pending({
    id: 'jku',
    title: 'jku pointing at your JWKS',
    tests: 'Whether the server fetches the verification key from a URL the token names.',
    reference: 'RFC 8725 §3.10; RFC 7515 §4.1.2',
    rule: 'remote-key-url',
    params: [],
  }),
  pending({
    id: 'x5u',
    title: 'x5u pointing at your certificate',
    tests: 'Whether the server fetches the verification certificate from a URL the token names.',
    reference: 'RFC 8725 §3.10; RFC 7515 §4.1.5',
    rule: 'remote-key-url',
    params: [],
  }),
  pending({
    id: 'kid-injection',
    title: 'kid injection',
    tests: 'Whether the server uses "kid" in a file path, SQL query or shell command.',
    reference: 'RFC 8725 §3.10',
    rule: 'kid-injection',
    params: [],
  }),
  psychicSignatureVariant,
  emptyKeyVariant,
  pending({
    id: 'claim-tamper',
    title: 'Claim tampering',
    tests: 'Whether the server trusts changed claims (role, sub, aud, exp, iss) without a valid signature.',
    reference: 'RFC 8725 §3.8, §3.9',
    params: [],
  }),
  pending({
    id: 'resign-known-secret',
    title: 'Re-sign with a known secret',
    tests: 'What an attacker holding the HMAC secret (from the ring or the weak-secret search) can sign.',
    reference: 'RFC 8725 §3.5',
    rule: 'weak-hmac-secret',
    params: [],
  }),
];

function definition(m: VariantModule): VariantDefinition {
  return {
    id: m.id,
    title: m.title,
    tests: m.tests,
    reference: m.reference,
    ...(m.rule ? { rule: m.rule } : {}),
    params: m.params,
  };
}

/** Every forged variant, in the order the workbench lists them. */
export const VARIANTS: readonly VariantDefinition[] = MODULES.map(definition);

/** The variants that apply to a decoded token (psychic signatures only to ES*, key confusion only with a public key, …). */
export function variantsFor(decoded: DecodedToken, ctx: Partial<ForgeContext> = {}): VariantDefinition[] {
  return MODULES.filter((m) => m.appliesTo(decoded, ctx)).map(definition);
}

function sourceOf(token: string): Result<SourceToken> {
  const decoded = decodeToken(token);
  if (decoded.kind !== 'jws' && decoded.kind !== 'unsecured')
    return fail(
      decoded.error?.code ?? 'variant-not-applicable',
      decoded.kind === 'jwe'
        ? 'forged variants are made from a signed (JWS) token, not an encrypted one'
        : `the token cannot be read: ${decoded.error?.message ?? 'malformed'}`,
    );
  const [h, p, s] = decoded.segments;
  if (h?.raw === undefined || p?.raw === undefined || !decoded.header)
    return fail('variant-not-applicable', 'the token has no readable header and payload text');
  return {
    ok: true,
    value: {
      decoded,
      headerText: h.raw,
      payloadText: p.raw,
      header: decoded.header,
      alg: typeof decoded.header.alg === 'string' ? decoded.header.alg : '',
      signature: s?.text ?? '',
    },
  };
}

/**
 * Forges one variant of a token: one or more tokens, each with the encoder input that makes it
 * (the editor opens that input). Never throws; an inapplicable variant or bad parameter is an error.
 */
export async function forgeVariant(
  id: VariantId,
  token: string,
  params: Readonly<Record<string, string>>,
  ctx: ForgeContext,
): Promise<Result<ForgedVariant[]>> {
  const module = MODULES.find((m) => m.id === id);
  if (!module) return fail('variant-unknown', `unknown variant ${JSON.stringify(id)}`);
  const source = sourceOf(token);
  if (!source.ok) return source;
  try {
    return await module.forge(source.value, params, ctx);
  } catch (e) {
    return fail('internal', `${module.title} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
