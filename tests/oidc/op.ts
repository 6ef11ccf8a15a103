import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** The SPA's client id at the test OpenID Provider. */
export const CLIENT_ID = 'jwt-lens-spa';
/** The scope the SPA asks for (the API's scope included, so its access token is a JWT for it). */
export const SCOPE = 'openid profile email offline_access api:read';

/** A running OpenID Provider (panva/oidc-provider) on 127.0.0.1. */
export interface TestProvider {
  issuer: string;
  close(): Promise<void>;
}

/** Where the provider's client lives and which API its access tokens are for. */
export interface ProviderOptions {
  /** The SPA's origin (`http://127.0.0.1:<port>`): its redirect URIs are registered under it. */
  spaOrigin: string;
  /** The resource indicator (RFC 8707) of the API: JWT access tokens carry it as `aud`. */
  api: string;
}

const html = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test OP</title></head><body>${body}</body></html>`,
  );
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return new URLSearchParams(text);
}

/**
 * Starts a real OpenID Provider: authorization code + PKCE for a public SPA client, rotating
 * refresh tokens, JWT access tokens for one resource indicator, DPoP, JARM (`response_mode=jwt`)
 * and RP-initiated logout. Its login page is our own (`login` + `password`, any values: the login
 * is the subject); consent is granted automatically. No page it serves loads anything from outside.
 */
export async function startProvider(options: ProviderOptions): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signing = { ...(await exportJWK(privateKey)), kid: 'op-rs256', alg: 'RS256', use: 'sig' };
  const { api, spaOrigin } = options;

  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${spaOrigin}/callback`, `${spaOrigin}/jarm`],
        post_logout_redirect_uris: [`${spaOrigin}/`],
      },
    ],
    jwks: { keys: [signing] },
    cookies: { keys: ['jwt-lens-test-cookie-key'] },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'api:read'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    // offline_access is dropped from an authorize request without prompt=consent (OIDC Core §11):
    // a SPA refreshes anyway, with the rotating refresh tokens a public client gets.
    issueRefreshToken: async () => true,
    clientBasedCORS: (_ctx, origin) => origin === spaOrigin,
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        claims: async () => ({ sub, email: `${sub}@example.test`, email_verified: true, name: `${sub} Example` }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => api,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'api:read',
          audience: api,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 3600,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
      dPoP: { enabled: true },
      jwtResponseModes: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head><body>${form}<button id="logout-yes" type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button></body></html>`;
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.body =
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head><body>signed out</body></html>';
        },
      },
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OP error</title></head><body><pre id="op-error">${escape(JSON.stringify(out))}</pre></body></html>`;
    },
    ttl: { AccessToken: 3600, IdToken: 3600, RefreshToken: 86400, Interaction: 600, Session: 3600, Grant: 86400 },
  };
  const provider = new Provider(issuer, configuration);
  // Quiet: a test run prints what it measures, not the provider's own notices.
  provider.on('server_error', (_ctx, e) => console.error('oidc-provider:', e));
  const callback = provider.callback();
  const newGrant = (details: Awaited<ReturnType<typeof provider.interactionDetails>>) =>
    new provider.Grant({ clientId: String(details.params.client_id), accountId: details.session!.accountId });

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (!m) return void callback(req, res);
    void (async () => {
      try {
        if (m[2] && req.method === 'POST') {
          const body = await formBody(req);
          const accountId = body.get('login') || 'alice';
          await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
          return;
        }
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'consent') {
          // Consent is given at once: the test drives a login, not a consent screen.
          const d = details.prompt.details;
          const grant = details.grantId
            ? ((await provider.Grant.find(details.grantId)) ?? newGrant(details))
            : newGrant(details);
          if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
          if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
          for (const [resource, scopes] of Object.entries(d.missingResourceScopes ?? {}))
            grant.addResourceScope(resource, scopes.join(' '));
          const grantId = await grant.save();
          await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
          return;
        }
        html(
          res,
          200,
          `<h1>Sign in (${escape(details.prompt.name)})</h1>
<form id="login" method="post" action="/interaction/${escape(m[1]!)}/login">
<label>Login <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button id="sign-in" type="submit">Sign in</button>
</form>`,
        );
      } catch (e) {
        html(res, 400, `<pre id="op-error">${escape(String(e))}</pre>`);
      }
    })();
  });

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
