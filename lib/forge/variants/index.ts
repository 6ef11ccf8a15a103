import { decodeToken, type DecodedToken } from '../../decode-token.ts';
import { fail, type Result } from '../result.ts';
import { algNoneCaseVariant } from './alg-none-case.ts';
import { algNoneVariant } from './alg-none.ts';
import { emptyKeyVariant } from './empty-key.ts';
import { emptySignatureVariant } from './empty-signature.ts';
import { claimTamperVariant } from './claim-tamper.ts';
import { embeddedJwkVariant } from './embedded-jwk.ts';
import { foreignSignatureVariant } from './foreign-signature.ts';
import { jkuVariant } from './jku.ts';
import { keyConfusionVariant } from './key-confusion.ts';
import { kidInjectionVariant } from './kid-injection.ts';
import { resignKnownSecretVariant } from './resign-known-secret.ts';
import { x5uVariant } from './x5u.ts';
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
  foreignSignatureVariant,
  keyConfusionVariant,
  embeddedJwkVariant,
  jkuVariant,
  x5uVariant,
  kidInjectionVariant,
  psychicSignatureVariant,
  emptyKeyVariant,
  claimTamperVariant,
  resignKnownSecretVariant,
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
