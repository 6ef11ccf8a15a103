import { defineRule } from './define-rule.ts';
import { claimsOf, kindOf, own } from './context.ts';

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
    const has = RFC9068_CLAIMS.filter((c) => own(claims, c) !== undefined);
    const what = typ === undefined ? 'There is no typ' : `typ is ${JSON.stringify(typ)}`;
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
  },
});
