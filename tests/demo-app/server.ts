import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { handleCareless } from './careless-api.ts';
import { DEMO_PAGE, DEMO_SCRIPT } from './page.ts';
import { handleReplayRoutes } from './replay-routes.ts';
import { handleSessionFlow } from './session-flow.ts';
import { mintDemoTokens, type DemoTokens } from './tokens.ts';

/** A running demo app. */
export interface DemoServer {
  url: string;
  tokens: DemoTokens;
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string | string[]> = {},
) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

function jsonPayload(token: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Starts the demo app on 127.0.0.1 (port 0 = any free port). Its API is deliberately careless:
 * it rejects expired tokens with 401 but accepts `alg: none`, so the panel has both to show.
 */
export async function startDemoServer(port = 0): Promise<DemoServer> {
  const state: { tokens?: DemoTokens } = {};
  const issuerUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const server = createServer((req, res) => {
    const t = state.tokens!;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (handleReplayRoutes(req, res, url)) return;
    // Drain any body so keep-alive connections stay usable.
    if (handleSessionFlow(req, res, url, issuerUrl())) return;
    req.resume();
    if (handleCareless(req, res, url, t, issuerUrl())) return;
    switch (url.pathname) {
      case '/':
        return send(res, 200, 'text/html; charset=utf-8', DEMO_PAGE);
      case '/app.js':
        return send(res, 200, 'text/javascript; charset=utf-8', DEMO_SCRIPT);
      case '/favicon.ico':
        return send(res, 204, 'text/plain', '');
      case '/login':
        return send(
          res,
          200,
          'application/json',
          JSON.stringify({
            token_type: 'Bearer',
            access_token: t.accessToken,
            id_token: t.idToken,
            expires_in: 900,
            // Tokens the demo page uses to show bad practice.
            expired_token: t.expiredToken,
            none_token: t.noneToken,
            url_token: t.urlToken,
            refresh_token: t.refreshToken,
          }),
          {
            'Set-Cookie': [
              `session=${t.sessionCookie}; Path=/; HttpOnly; SameSite=Lax`,
              `id_token=${t.idToken}; Path=/; SameSite=Lax`,
            ],
          },
        );
      case '/token':
        return send(
          res,
          200,
          'application/json',
          JSON.stringify({ token_type: 'Bearer', access_token: t.accessToken, expires_in: 900 }),
        );
      case '/logout':
        // A logout as servers do it: the session cookie deleted (empty value, Max-Age=0).
        return send(res, 200, 'application/json', '{"ok":true}', { 'Set-Cookie': 'session=; Max-Age=0; Path=/' });
      case '/authorize':
        return send(res, 302, 'text/plain', '', { Location: `/callback#id_token=${t.implicitIdToken}&state=xyz` });
      case '/callback':
        return send(res, 200, 'text/html; charset=utf-8', '<!doctype html><title>callback</title><p>Signed in.</p>');
      case '/.well-known/openid-configuration':
        return send(
          res,
          200,
          'application/json',
          JSON.stringify({
            issuer: issuerUrl(),
            jwks_uri: `${issuerUrl()}.well-known/jwks.json`,
          }),
        );
      case '/.well-known/jwks.json':
        return send(res, 200, 'application/json', JSON.stringify(t.jwks));
      default: {
        if (!url.pathname.startsWith('/api/')) return send(res, 404, 'text/plain', 'not found');
        const token = bearer(req) ?? url.searchParams.get('access_token') ?? undefined;
        if (!token) return send(res, 401, 'application/json', '{"error":"missing_token"}');
        const claims = jsonPayload(token);
        if (!claims) return send(res, 401, 'application/json', '{"error":"invalid_token"}');
        if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now())
          return send(res, 401, 'application/json', '{"error":"invalid_token","error_description":"expired"}', {
            'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token expired"',
          });
        return send(res, 200, 'application/json', JSON.stringify({ ok: true, sub: claims.sub ?? null }));
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const tokens = await mintDemoTokens(url);
  state.tokens = tokens;
  return {
    url,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const demo = await startDemoServer(Number(process.env.PORT ?? 5177));
  console.log(`Demo app on ${demo.url}`);
}
