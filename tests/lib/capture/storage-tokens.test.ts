import { describe, expect, it } from 'vitest';
import { tokensInStorage, type StorageToken } from '../../../lib/capture/storage-tokens.ts';
import { b64, jwe, jws } from './mint.ts';

// [area, key › path, token]: the area and key with the path inside the value, as the panel once named them.
const brief = (found: StorageToken[]) =>
  found.map((f) => [
    f.location.area === 'session' ? 'session-storage' : 'local-storage',
    f.location.jsonPath ? `${f.location.name} › ${f.location.jsonPath}` : f.location.name,
    f.token,
  ]);

describe('tokensInStorage: library cache shapes', () => {
  it('MSAL.js (sessionStorage): credential entries keep the JWT in "secret"', () => {
    const homeAccountId = '00000000-0000-0000-66f3-3332eca7ea81.9188040d-6c67-4c5b-b112-36a304b66dad';
    const env = 'login.windows.net';
    const clientId = '6226576d-37e9-49eb-b201-ec1eeb0029b6';
    const realm = '9188040d-6c67-4c5b-b112-36a304b66dad';
    const idToken = jws({ aud: clientId, iss: `https://login.microsoftonline.com/${realm}/v2.0`, tid: realm });
    const accessToken = jws({ aud: '00000003-0000-0000-c000-000000000000', scp: 'openid profile User.Read' });
    const idKey = `${homeAccountId}-${env}-idtoken-${clientId}-${realm}-`;
    const atKey = `${homeAccountId}-${env}-accesstoken-${clientId}-${realm}-openid profile user.read email--`;
    const entries = [
      {
        key: idKey,
        value: JSON.stringify({
          credentialType: 'IdToken',
          homeAccountId,
          environment: env,
          clientId,
          secret: idToken,
          realm,
        }),
      },
      {
        key: atKey,
        value: JSON.stringify({
          homeAccountId,
          environment: env,
          credentialType: 'AccessToken',
          clientId,
          secret: accessToken,
          realm,
          target: 'openid profile User.Read email',
          cachedAt: '1700000000',
          expiresOn: '1700003600',
          extendedExpiresOn: '1700007200',
          tokenType: 'Bearer',
        }),
      },
      {
        key: `${homeAccountId}-${env}-refreshtoken-${clientId}----`,
        value: JSON.stringify({
          credentialType: 'RefreshToken',
          secret: '0.AX0AmpMxFvB-opaque-refresh-token',
          clientId,
        }),
      },
      {
        key: `${homeAccountId}-${env}-${realm}`,
        value: JSON.stringify({ authorityType: 'MSSTS', username: 'ada@contoso.com', localAccountId: 'x' }),
      },
      { key: `msal.account.keys`, value: JSON.stringify([`${homeAccountId}-${env}-${realm}`]) },
      {
        key: `msal.token.keys.${clientId}`,
        value: JSON.stringify({ idToken: [idKey], accessToken: [atKey], refreshToken: [] }),
      },
    ];
    expect(brief(tokensInStorage(entries, 'session'))).toEqual([
      ['session-storage', `${idKey} › secret`, idToken],
      ['session-storage', `${atKey} › secret`, accessToken],
    ]);
  });

  it('Auth0 SPA SDK (localStorage cache): body.access_token, body.id_token, and no false hit on decodedToken parts', () => {
    const clientId = 'Xj2mUqlWSGJ1aM4W7zUXQVtzG8EJ9nd0';
    const access = jws({ aud: ['https://api.example.com', 'https://tenant.eu.auth0.com/userinfo'], azp: clientId });
    const idParts = [b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' }), b64({ sub: 'auth0|1', aud: clientId }), b64('sig')];
    const id = idParts.join('.');
    const cacheKey = `@@auth0spajs@@::${clientId}::https://api.example.com::openid profile email offline_access`;
    const userKey = `@@auth0spajs@@::${clientId}::@@user@@`;
    const entries = [
      {
        key: cacheKey,
        value: JSON.stringify({
          body: {
            access_token: access,
            id_token: id,
            scope: 'openid profile email offline_access',
            expires_in: 86400,
            token_type: 'Bearer',
            audience: 'https://api.example.com',
            oauthTokenScope: 'openid profile email offline_access',
            client_id: clientId,
          },
          expiresAt: 1_700_086_400,
        }),
      },
      {
        key: userKey,
        value: JSON.stringify({
          id_token: id,
          decodedToken: {
            encoded: { header: idParts[0], payload: idParts[1], signature: idParts[2] },
            header: { alg: 'RS256', typ: 'JWT', kid: 'k1' },
            claims: { __raw: id, sub: 'auth0|1' },
            user: { sub: 'auth0|1', name: 'Ada' },
          },
        }),
      },
      { key: `auth0.${clientId}.is.authenticated`, value: 'true' },
    ];
    expect(brief(tokensInStorage(entries, 'local'))).toEqual([
      ['local-storage', `${cacheKey} › body.access_token`, access],
      ['local-storage', `${cacheKey} › body.id_token`, id],
      ['local-storage', `${userKey} › id_token`, id],
      ['local-storage', `${userKey} › decodedToken.claims.__raw`, id],
    ]);
  });

  it('Firebase Auth (localStorage persistence): stsTokenManager.accessToken', () => {
    const apiKey = 'AIzaSyDOCAbC123dEf456GhI789jKl01-MnO';
    const idToken = jws({ iss: 'https://securetoken.google.com/demo-project', aud: 'demo-project', user_id: 'u1' });
    const key = `firebase:authUser:${apiKey}:[DEFAULT]`;
    const entries = [
      {
        key,
        value: JSON.stringify({
          uid: 'u1',
          email: 'ada@example.com',
          emailVerified: true,
          isAnonymous: false,
          providerData: [{ providerId: 'password', uid: 'ada@example.com', email: 'ada@example.com' }],
          stsTokenManager: {
            refreshToken: 'AMf-vBx_opaque_refresh',
            accessToken: idToken,
            expirationTime: 1_700_003_600_000,
          },
          createdAt: '1699990000000',
          lastLoginAt: '1700000000000',
          apiKey,
          appName: '[DEFAULT]',
        }),
      },
      { key: 'firebase:host:demo-project.firebaseapp.com', value: 'demo-project.firebaseapp.com' },
    ];
    expect(brief(tokensInStorage(entries, 'local'))).toEqual([
      ['local-storage', `${key} › stsTokenManager.accessToken`, idToken],
    ]);
  });

  it('Amplify / Cognito: raw JWT values under CognitoIdentityServiceProvider keys (refresh token is a JWE)', () => {
    const prefix = 'CognitoIdentityServiceProvider.4o6nq8rjc3iapu4ah0fuej7mbk';
    const user = '3f1c2a9e-7c2d-4d8e-9a1b-0e5f6a7b8c9d';
    const id = jws({ 'cognito:username': user, token_use: 'id' });
    const access = jws({ token_use: 'access', scope: 'aws.cognito.signin.user.admin' });
    const refresh = jwe();
    const entries = [
      { key: `${prefix}.LastAuthUser`, value: user },
      { key: `${prefix}.${user}.idToken`, value: id },
      { key: `${prefix}.${user}.accessToken`, value: access },
      { key: `${prefix}.${user}.refreshToken`, value: refresh },
      { key: `${prefix}.${user}.clockDrift`, value: '0' },
      {
        key: `${prefix}.${user}.signInDetails`,
        value: JSON.stringify({ loginId: 'ada', authFlowType: 'USER_SRP_AUTH' }),
      },
    ];
    expect(brief(tokensInStorage(entries, 'local'))).toEqual([
      ['local-storage', `${prefix}.${user}.idToken`, id],
      ['local-storage', `${prefix}.${user}.accessToken`, access],
      ['local-storage', `${prefix}.${user}.refreshToken`, refresh],
    ]);
  });
});

describe('tokensInStorage: encodings', () => {
  it('reads a JSON-stringified token and JSON stringified twice', () => {
    const a = jws();
    const b = jws();
    const entries = [
      { key: 'token', value: JSON.stringify(a) },
      { key: 'persist:root', value: JSON.stringify(JSON.stringify({ auth: { jwt: b } })) },
    ];
    expect(brief(tokensInStorage(entries, 'local'))).toEqual([
      ['local-storage', 'token', a],
      ['local-storage', 'persist:root › auth.jwt', b],
    ]);
  });

  it('reads redux-persist style values whose members are JSON strings', () => {
    const t = jws();
    const value = JSON.stringify({
      auth: JSON.stringify({ accessToken: t }),
      _persist: JSON.stringify({ version: -1 }),
    });
    expect(brief(tokensInStorage([{ key: 'persist:root', value }], 'local'))).toEqual([
      ['local-storage', 'persist:root › auth › accessToken', t],
    ]);
  });

  it('finds tokens in text values and in broken JSON under the key', () => {
    const a = jws();
    const b = jws();
    const entries = [
      { key: 'auth', value: `Bearer ${a}` },
      { key: 'broken', value: `{"token":"${b}"` },
    ];
    expect(brief(tokensInStorage(entries, 'session'))).toEqual([
      ['session-storage', 'auth', a],
      ['session-storage', 'broken', b],
    ]);
  });

  it('reports tokens nested beyond the walk depth under the key', () => {
    const t = jws();
    const deep = `${'['.repeat(200)}"${t}"${']'.repeat(200)}`;
    expect(brief(tokensInStorage([{ key: 'deep', value: deep }], 'local'))).toEqual([['local-storage', 'deep', t]]);
  });

  it('reports a token once per path', () => {
    const t = jws();
    const value = JSON.stringify({ a: `${t} ${t}`, b: t });
    expect(tokensInStorage([{ key: 'k', value }], 'local').map((f) => f.location.jsonPath)).toEqual(['a', 'b']);
  });

  it('ignores values without tokens and hostile entries', () => {
    expect(
      tokensInStorage(
        [
          { key: 'theme', value: 'dark' },
          { key: 'n', value: '12345678901234' },
          { key: 'obj', value: '{"a":1,"b":[true,null]}' },
          null as never,
          { key: 1 as never, value: jws() },
          { key: 'v', value: undefined as never },
        ],
        'local',
      ),
    ).toEqual([]);
    expect(tokensInStorage(undefined as never, 'local')).toEqual([]);
  });
});
