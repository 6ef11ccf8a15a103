import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT, jwtVerify } from 'jose';
import { SESSION_PAGE, SESSION_SCRIPT } from './page.ts';

/** Default lifetime of the session flow's access tokens, in seconds (`?ttl=3` shortens it for the e2e test). */
const DEFAULT_TTL = 10;
const REFRESH_TTL = 3600;
const SECRET = new TextEncoder().encode('session-flow-demo-secret-not-a-leaked-one');
const CLIENT = 'session-demo';

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (text.length < 16_384) text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', () => resolve(text));
  });
}

function ttlOf(url: URL): number {
  const n = Number(url.searchParams.get('ttl'));
  return Number.isInteger(n) && n >= 1 && n <= 3600 ? n : DEFAULT_TTL;
}

/**
 * The demo's session flow (issue 15): a careful-looking app with short-lived access tokens that
 * refreshes **only after a 401** — one request goes out with the expired token and is answered 401
 * with `WWW-Authenticate: Bearer error="invalid_token"` — then logs out (`Set-Cookie: session=;
 * Max-Age=0` and `localStorage.removeItem`). Routes under `/session`; returns false for any other path.
 */
export function handleSessionFlow(req: IncomingMessage, res: ServerResponse, url: URL, issuer: string): boolean {
  if (url.pathname !== '/session' && !url.pathname.startsWith('/session/')) return false;
  void route(req, res, url, issuer).catch(() => {
    if (!res.headersSent) reply(res, 500, { error: 'server_error' });
  });
  return true;
}

// Refresh tokens already exchanged: the server rotates them and refuses a second use.
const used = new Set<string>();

async function route(req: IncomingMessage, res: ServerResponse, url: URL, issuer: string): Promise<void> {
  const ttl = ttlOf(url);
  const now = () => Math.floor(Date.now() / 1000);
  const access = (sid: string) =>
    new SignJWT({ iss: issuer, sub: 'carol', aud: 'https://api.demo.test', azp: CLIENT, scope: 'data:read', sid })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuedAt(now())
      .setExpirationTime(now() + ttl)
      .setJti(`at-${Math.random().toString(36).slice(2, 10)}`)
      .sign(SECRET);
  const refresh = (sid: string) =>
    new SignJWT({ iss: issuer, sub: 'carol', aud: issuer, azp: CLIENT, typ: 'Refresh', sid })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now())
      .setExpirationTime(now() + REFRESH_TTL)
      .setJti(`rt-${Math.random().toString(36).slice(2, 10)}`)
      .sign(SECRET);
  const tokenResponse = async (sid: string) => ({
    token_type: 'Bearer',
    access_token: await access(sid),
    refresh_token: await refresh(sid),
    expires_in: ttl,
  });
  const verified = async (token: string | undefined) => {
    if (!token) return undefined;
    try {
      return (await jwtVerify(token, SECRET, { issuer })).payload;
    } catch (e) {
      return (e as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : undefined;
    }
  };
  const bearer = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined;

  switch (url.pathname) {
    case '/session':
      req.resume();
      return reply(res, 200, SESSION_PAGE);
    case '/session/app.js':
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(SESSION_SCRIPT);
      return;
    case '/session/login': {
      await readBody(req);
      const sid = Math.random().toString(36).slice(2, 10);
      const session = await new SignJWT({ iss: issuer, sub: 'carol', sid })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(now())
        .setExpirationTime(now() + REFRESH_TTL)
        .sign(SECRET);
      return reply(res, 200, await tokenResponse(sid), {
        'Set-Cookie': `session=${session}; Path=/; HttpOnly; SameSite=Lax`,
      });
    }
    case '/session/refresh': {
      const form = new URLSearchParams(await readBody(req));
      const token = form.get('refresh_token') ?? undefined;
      const claims = await verified(token);
      if (form.get('grant_type') !== 'refresh_token' || !claims || claims === 'expired' || used.has(token!))
        return reply(res, 400, { error: 'invalid_grant' });
      used.add(token!);
      return reply(res, 200, await tokenResponse(String(claims.sid ?? '')));
    }
    case '/session/api/data': {
      req.resume();
      const claims = await verified(bearer);
      if (claims === 'expired')
        return reply(
          res,
          401,
          { error: 'invalid_token', error_description: 'The access token expired' },
          { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' },
        );
      if (!claims) return reply(res, 401, { error: 'invalid_token' }, { 'WWW-Authenticate': 'Bearer' });
      return reply(res, 200, { ok: true, items: [1, 2, 3] });
    }
    case '/session/logout':
      req.resume();
      return reply(res, 200, { ok: true }, { 'Set-Cookie': 'session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax' });
    default:
      req.resume();
      return reply(res, 404, { error: 'not_found' });
  }
}
