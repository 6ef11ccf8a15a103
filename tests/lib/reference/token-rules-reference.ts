// The access-token-typ and invisible-characters checks as they were before their fast paths
// (lib/rules/): the oracles of tests/lib/inspect-fast-paths.test.ts. Do not optimise these copies.
import type { RuleContext, RuleReport } from '../../../lib/rules/index.ts';
import { claimsOf, kindOf, own, quote } from '../../../lib/rules/context.ts';
import { invisibleCodes, showInvisible } from '../../../lib/text/visible-text.ts';

const RFC9068_CLAIMS = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

/** access-token-typ's check before the fast path. */
export function referenceAccessTokenTyp(ctx: RuleContext): RuleReport[] {
  if (kindOf(ctx) !== 'access' || ctx.kind !== 'jws') return [];
  const typ = own(ctx.header, 'typ');
  if (typeof typ === 'string' && /^(?:application\/)?at\+jwt$/i.test(typ)) return [];
  const claims = claimsOf(ctx);
  if (!claims) return [];
  const has = RFC9068_CLAIMS.filter((c) => own(claims, c) !== undefined);
  // The value quoted as every rule quotes one (cut to 80 characters: a typ nested 50,000 deep or a
  // megabyte long is not written whole into the message).
  const what = typ === undefined ? 'There is no typ' : `typ is ${quote(typ)}`;
  if (has.length === RFC9068_CLAIMS.length)
    return [{ message: `${what}, yet the token has every RFC 9068 access-token claim; RFC 9068 says typ "at+jwt".` }];
  if (own(claims, 'client_id') !== undefined || own(claims, 'scope') !== undefined)
    return [
      {
        severity: 'info',
        message: `${what} on a JWT access token (it has ${has.join(', ') || 'none'} of the RFC 9068 claims); RFC 9068 tokens say typ "at+jwt".`,
      },
    ];
  return [];
}

const HEADER_FIELDS = ['kid', 'jku', 'x5u'] as const;
const CLAIM_FIELDS = ['iss', 'aud', 'sub'] as const;
const MAX_VALUES = 16;

function report(where: string, value: string): RuleReport {
  const shown = showInvisible(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  const codes = invisibleCodes(value)
    .slice(0, 8)
    .map((c) => `⟨${c}⟩`)
    .join(' ');
  return {
    message: `${where} holds invisible or bidi characters (${codes}): ${JSON.stringify(shown)}. It looks like a different value than it is.`,
  };
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.slice(0, MAX_VALUES).filter((v): v is string => typeof v === 'string');
  return [];
}

/** invisible-characters' check before the fast path. */
export function referenceInvisibleCharacters(ctx: RuleContext): RuleReport[] {
  const out: RuleReport[] = [];
  for (const name of HEADER_FIELDS)
    for (const v of strings(own(ctx.header, name)))
      if (invisibleCodes(v).length) out.push(report(`The header's "${name}"`, v));
  const claims = claimsOf(ctx);
  for (const name of CLAIM_FIELDS)
    for (const v of strings(own(claims, name)))
      if (invisibleCodes(v).length) out.push(report(`The "${name}" claim`, v));
  return out;
}
