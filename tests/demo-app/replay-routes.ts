import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request the replay routes received, as the server saw it (for tests to assert at the server). */
export interface ReceivedRequest {
  method: string;
  path: string;
  cookie?: string;
  authorization?: string;
  origin?: string;
  userAgent?: string;
  body: string;
}

const received: ReceivedRequest[] = [];
const SECRET = 'replay-demo-secret';

function mint(sub: string): string {
  const now = Math.floor(Date.now() / 1000);
  const b64u = (v: string) => Buffer.from(v).toString('base64url');
  const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(JSON.stringify({ sub, iat: now, exp: now + 3600 }))}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

function subOf(token: string | undefined): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sub?: unknown;
    };
    return typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Routes for the Replay e2e: `/replay/login` sets a session cookie holding an HS256 token (and an
 * unrelated cookie); `/replay/profile` answers 200 with the token's subject, from the cookie or a
 * Bearer header (401 without a readable one) and remembers what it received; `/replay/received`
 * lists that (the test asserts at the server). The routes decode tokens without verifying them:
 * they exist to see what arrives, not to check it. Returns false for any other path.
 */
export function handleReplayRoutes(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if (!url.pathname.startsWith('/replay/')) return false;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    switch (url.pathname) {
      case '/replay/login': {
        const token = mint(url.searchParams.get('sub') ?? 'replay-cookie-user');
        return json(
          res,
          200,
          { token_type: 'Bearer', access_token: token },
          url.searchParams.has('no-cookie')
            ? {}
            : {
                'Set-Cookie': [
                  `replay_session=${token}; Path=/replay; SameSite=Lax`,
                  'replay_theme=dark; Path=/replay; SameSite=Lax',
                ],
              },
        );
      }
      case '/replay/profile': {
        const h = req.headers;
        received.push({
          method: req.method ?? 'GET',
          path: url.pathname + url.search,
          body: Buffer.concat(chunks).toString('utf8'),
          ...(h.cookie !== undefined ? { cookie: h.cookie } : {}),
          ...(h.authorization !== undefined ? { authorization: h.authorization } : {}),
          ...(h.origin !== undefined ? { origin: h.origin } : {}),
          ...(h['user-agent'] !== undefined ? { userAgent: h['user-agent'] } : {}),
        });
        const auth = h.authorization?.startsWith('Bearer ') ? h.authorization.slice(7) : undefined;
        const sub = subOf(auth ?? cookieValue(h.cookie, 'replay_session'));
        if (!sub)
          return json(res, 401, { error: 'invalid_token' }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
        return json(res, 200, { user: sub, plan: 'demo', items: ['a', 'b', 'c'] });
      }
      // A redirect (for "redirects are not followed"): both ends are recorded.
      case '/replay/redirect':
      case '/replay/landed': {
        received.push({
          method: req.method ?? 'GET',
          path: url.pathname + url.search,
          body: '',
          ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
        });
        if (url.pathname === '/replay/landed') return json(res, 200, { landed: true });
        res.writeHead(302, { Location: '/replay/landed', 'Content-Length': '0' });
        return res.end();
      }
      case '/replay/received':
        return json(res, 200, received);
      default:
        return json(res, 404, { error: 'not found' });
    }
  });
  return true;
}
