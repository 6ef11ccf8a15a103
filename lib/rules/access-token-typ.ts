import { defineRule } from './define-rule.ts';
import { claimsOf, kindOf, own, quote } from './context.ts';

const RFC9068_CLAIMS = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

/** A JWT access token with the RFC 9068 claims but without typ at+jwt. */
export const accessTokenTyp = defineRule({
  id: 'access-token-typ',
  severity: 'low',
  scope: 'token',
  title: 'JWT access token without typ at+jwt',
  explanation:
    'RFC 9068 JWT access tokens carry typ "at+jwt" so that a resource server can refuse other JWTs from the same issuer (an ID token, a logout token) presented as access tokens, and a client cannot mistake an access token for an ID token. Without it, the only difference between the two is in claims that validators often skip. Have the authorization server set typ "at+jwt" and the API require it.',
  reference: 'RFC 9068 §2.1, §4; RFC 8725 §3.11',
  check(ctx) {
    if (kindOf(ctx) !== 'access' || ctx.kind !== 'jws') return [];
    const typ = own(ctx.header, 'typ');
    if (typeof typ === 'string' && /^(?:application\/)?at\+jwt$/i.test(typ)) return [];
    const claims = claimsOf(ctx);
    if (!claims) return [];
    let mask = 0;
    for (let i = 0; i < RFC9068_CLAIMS.length; i++) if (own(claims, RFC9068_CLAIMS[i]!) !== undefined) mask |= 1 << i;
    if (mask === ALL) return [{ message: messageOf(typ, mask) }];
    if (own(claims, 'client_id') !== undefined || own(claims, 'scope') !== undefined)
      return [{ severity: 'info', message: messageOf(typ, mask) }];
    return [];
  },
});

const ALL = (1 << RFC9068_CLAIMS.length) - 1;
// Most access tokens of a capture share their typ and claim set: each message is built once.
const messages = new Map<unknown, string[]>();

function messageOf(typ: unknown, mask: number): string {
  const cacheable = typ === undefined || (typeof typ === 'string' && typ.length <= 64);
  let byMask = cacheable ? messages.get(typ) : undefined;
  const hit = byMask?.[mask];
  if (hit !== undefined) return hit;
  const what = typ === undefined ? 'There is no typ' : `typ is ${quote(typ)}`;
  const has = RFC9068_CLAIMS.filter((_, i) => mask & (1 << i));
  const message =
    mask === ALL
      ? `${what}, yet the token has every RFC 9068 access-token claim; RFC 9068 says typ "at+jwt".`
      : `${what} on a JWT access token (it has ${has.join(', ') || 'none'} of the RFC 9068 claims); RFC 9068 tokens say typ "at+jwt".`;
  if (cacheable) {
    if (!byMask) {
      // typ is token text: bound what is remembered.
      if (messages.size >= 64) messages.clear();
      messages.set(typ, (byMask = []));
    }
    byMask[mask] = message;
  }
  return message;
}
