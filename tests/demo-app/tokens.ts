import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';

/** The tokens the demo app hands out, minted fresh at start-up so none is stale. */
export interface DemoTokens {
  /** RS256 access token for the API (Authorization: Bearer). */
  accessToken: string;
  /** RS256 OpenID Connect ID token (readable cookie and localStorage). */
  idToken: string;
  /** HS256 session cookie signed with a secret from the leaked-secrets list ("secret"). */
  sessionCookie: string;
  /** HS256 access token that expired two hours ago, still sent by the app. */
  expiredToken: string;
  /** Unsecured token (alg none) that the careless API accepts. */
  noneToken: string;
  /** RS256 token passed in a URL query parameter. */
  urlToken: string;
  /** HS256 refresh token sent in a JSON request body. */
  refreshToken: string;
  /** RS256 ID token handed back in a redirect's fragment (implicit flow). */
  implicitIdToken: string;
  /** The public JWKS of the RS256 key. */
  jwks: { keys: JWK[] };
  /** The HMAC secret of the HS256 tokens. */
  hmacSecret: string;
}

/** Mints the demo tokens for an issuer URL at `now` (epoch seconds). */
export async function mintDemoTokens(issuer: string, now = Math.floor(Date.now() / 1000)): Promise<DemoTokens> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'demo-rsa-2026';
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const hmacSecret = 'secret';
  const hmacKey = new TextEncoder().encode(hmacSecret);
  const rs = (claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(privateKey);
  const hs = (claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(hmacKey);

  const accessToken = await rs({
    iss: issuer,
    sub: 'alice',
    aud: 'https://api.demo.test',
    azp: 'demo-spa',
    scope: 'openid profile orders:read',
    iat: now,
    exp: now + 15 * 60,
    jti: 'at-7f3c9a',
  });
  const idToken = await rs({
    iss: issuer,
    sub: 'alice',
    aud: 'demo-spa',
    email: 'alice@example.com',
    email_verified: true,
    name: 'Alice Example',
    nonce: 'n-0S6_WzA2Mj',
    auth_time: now - 5,
    iat: now,
    exp: now + 60 * 60,
  });
  const sessionCookie = await hs({ sub: 'alice', sid: 'b7d1f0e2', role: 'user', iat: now, exp: now + 8 * 3600 });
  const expiredToken = await hs({
    iss: issuer,
    sub: 'bob',
    aud: 'https://api.demo.test',
    iat: now - 3 * 3600,
    exp: now - 2 * 3600,
  });
  const noneToken = new UnsecuredJWT({ sub: 'admin', role: 'admin', iat: now }).encode();
  const urlToken = await rs({
    iss: issuer,
    sub: 'report-bot',
    aud: 'https://api.demo.test',
    iat: now,
    exp: now + 10 * 60,
  });
  const refreshToken = await hs({ sub: 'alice', typ: 'refresh', sid: 'b7d1f0e2', iat: now, exp: now + 30 * 86400 });
  const implicitIdToken = await rs({
    iss: issuer,
    sub: 'alice',
    aud: 'legacy-spa',
    nonce: 'n-implicit',
    iat: now,
    exp: now + 300,
  });
  return {
    accessToken,
    refreshToken,
    implicitIdToken,
    idToken,
    sessionCookie,
    expiredToken,
    noneToken,
    urlToken,
    jwks: { keys: [publicJwk] },
    hmacSecret,
  };
}
