import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compactVerify, exportSPKI, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import type { DemoTokens } from './tokens.ts';

// The demo's careless and strict APIs, for "Test this endpoint" and "Use this token in the app" (issue 13).
// Each careless route has exactly one kind of hole, on purpose, and checks everything else properly;
// the strict route is jose's jwtVerify with the right key, the algorithm pinned and every claim checked.
// Nothing here is a pattern to copy: the careless checks are deliberate bugs, each commented as such.

/** The audience every API token here is meant for (the demo's access token carries it). */
export const API_AUDIENCE = 'https://api.demo.test';
/**
 * The HS256 key of the "ignores exp" route: strong and not in the shipped wordlist, so only someone
 * who holds it (a QA tester with the app's configuration) can re-sign; the demo page shows it.
 */
export const QA_SECRET = 'qa-9f2c7b1e5a-demo-shop-staging-key-4d83';
/** The HS256 secret of the cookie route: jwt.io's example secret, line 30 of public/wordlists/jwt-secrets.txt. */
export const WEAK_SECRET = 'your-256-bit-secret';
/** The cookie the weak-secret route reads its token from. */
export const CARELESS_COOKIE = 'careless_session';

/** A hole a careless route has (`none` for the strict route). */
export type Hole = 'alg-none-spelling' | 'ignores-exp' | 'weak-secret' | 'key-confusion' | 'ignores-signature' | 'none';

/** One API route: where it is, where it reads the token from, and its one hole. */
export interface ApiRoute {
  path: string;
  from: 'authorization' | 'cookie';
  hole: Hole;
  /** What the page says about it. */
  title: string;
}

/** The routes, in the order the demo page calls them. */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    path: '/careless/none-spelling',
    from: 'authorization',
    hole: 'alg-none-spelling',
    title: 'accepts alg "None" (capital N) unsigned',
  },
  { path: '/careless/ignores-exp', from: 'authorization', hole: 'ignores-exp', title: 'never checks exp' },
  {
    path: '/careless/weak-secret',
    from: 'cookie',
    hole: 'weak-secret',
    title: `HS256 with a wordlist secret, token in the ${CARELESS_COOKIE} cookie`,
  },
  {
    path: '/careless/key-confusion',
    from: 'authorization',
    hole: 'key-confusion',
    title: 'takes HS256 keyed with its RSA public key PEM',
  },
  {
    path: '/careless/no-signature',
    from: 'authorization',
    hole: 'ignores-signature',
    title: 'never checks the signature',
  },
  {
    path: '/strict/me',
    from: 'authorization',
    hole: 'none',
    title: 'strict: jose jwtVerify, RS256 pinned, claims checked',
  },
];

/** What an API route receives (the headers it reads). */
export interface ApiRequest {
  authorization?: string;
  cookie?: string;
}

/** What an API route answers. */
export interface ApiAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** The keys and names the routes check against. */
export interface ApiEnv {
  issuer: string;
  /** The demo's RSA public key (the one that signs its access tokens). */
  rsaPublicKey: CryptoKey;
  /** Its SPKI PEM as a server would read it from a file (with the final newline). */
  rsaPublicPem: string;
  /** Epoch seconds (default: now). */
  now?: () => number;
}

/** The tokens the page uses for the routes that do not take the demo's access token. */
export interface CarelessTokens {
  /** HS256 with {@link QA_SECRET}, for the "ignores exp" route. */
  qaToken: string;
  /** HS256 with {@link WEAK_SECRET}, set as the {@link CARELESS_COOKIE} cookie. */
  cookieToken: string;
}

/** Builds the routes' environment from the demo's public JWKS. */
export async function apiEnv(issuer: string, jwks: { keys: JWK[] }): Promise<ApiEnv> {
  const jwk = jwks.keys[0];
  if (!jwk) throw new Error('the demo JWKS has no key');
  const rsaPublicKey = (await importJWK(jwk, 'RS256')) as CryptoKey;
  return { issuer, rsaPublicKey, rsaPublicPem: `${await exportSPKI(rsaPublicKey)}\n` };
}

/** Mints the careless routes' own tokens (valid for 15 minutes from `now`, epoch seconds). */
export async function mintCarelessTokens(issuer: string, now = Math.floor(Date.now() / 1000)): Promise<CarelessTokens> {
  const claims = { iss: issuer, aud: API_AUDIENCE, iat: now, exp: now + 15 * 60 };
  const hs = (secret: string, extra: Record<string, unknown>) =>
    new SignJWT({ ...extra, ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(secret));
  return {
    qaToken: await hs(QA_SECRET, { sub: 'qa-tester', scope: 'orders:read' }),
    cookieToken: await hs(WEAK_SECRET, { sub: 'alice', role: 'customer' }),
  };
}

const json = (status: number, value: unknown, headers?: Record<string, string>): ApiAnswer => ({
  status,
  body: JSON.stringify(value),
  ...(headers ? { headers } : {}),
});

const refuse = (why: string): ApiAnswer =>
  json(
    401,
    { error: 'invalid_token', error_description: why },
    { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${why.replace(/["\\]/g, '')}"` },
  );

const welcome = (route: string, claims: Record<string, unknown>): ApiAnswer =>
  json(200, {
    ok: true,
    route,
    sub: typeof claims.sub === 'string' ? claims.sub : null,
    orders: [
      { id: 'o-1001', item: 'Looking glass', total: 42 },
      { id: 'o-1002', item: 'Pocket watch', total: 17 },
    ],
  });

function bearerOf(req: ApiRequest): string | undefined {
  const h = req.authorization;
  return h && /^Bearer /i.test(h) ? h.slice(7).trim() : undefined;
}

function cookieOf(req: ApiRequest, name: string): string | undefined {
  for (const part of (req.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function readJson(segment: string | undefined): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// The careless routes' own claim checks (a careless API hand-rolls them); each route skips only what its hole says.
function claimProblem(
  claims: Record<string, unknown>,
  env: ApiEnv,
  { checkExp = true }: { checkExp?: boolean } = {},
): string | undefined {
  const now = env.now?.() ?? Math.floor(Date.now() / 1000);
  if (claims.iss !== env.issuer) return 'unexpected "iss" claim value';
  const aud = claims.aud;
  if (!(aud === API_AUDIENCE || (Array.isArray(aud) && aud.includes(API_AUDIENCE))))
    return 'unexpected "aud" claim value';
  if (checkExp && (typeof claims.exp !== 'number' || claims.exp <= now)) return '"exp" claim timestamp check failed';
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now))
    return '"nbf" claim timestamp check failed';
  return undefined;
}

const hmac = (alg: string, key: string | Uint8Array, input: string): Buffer | undefined => {
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return hash ? createHmac(hash, key).update(input).digest() : undefined;
};

async function strictVerify(token: string, env: ApiEnv): Promise<ApiAnswer | Record<string, unknown>> {
  try {
    const { payload } = await jwtVerify(token, env.rsaPublicKey, {
      algorithms: ['RS256'],
      issuer: env.issuer,
      audience: API_AUDIENCE,
      requiredClaims: ['exp', 'iss', 'aud'],
      ...(env.now ? { currentDate: new Date(env.now() * 1000) } : {}),
    });
    return payload as Record<string, unknown>;
  } catch (e) {
    return refuse(e instanceof Error ? e.message : 'invalid token');
  }
}

const isAnswer = (v: ApiAnswer | Record<string, unknown>): v is ApiAnswer =>
  typeof v.status === 'number' && typeof v.body === 'string';

/** Answers one API route's request, or undefined when `path` is not one of {@link API_ROUTES}. */
export async function answerApi(path: string, req: ApiRequest, env: ApiEnv): Promise<ApiAnswer | undefined> {
  const route = API_ROUTES.find((r) => r.path === path);
  if (!route) return undefined;
  const token = route.from === 'cookie' ? cookieOf(req, CARELESS_COOKIE) : bearerOf(req);
  if (!token) return json(401, { error: 'missing_token' }, { 'WWW-Authenticate': 'Bearer' });
  const parts = token.split('.');
  switch (route.hole) {
    case 'none': {
      const v = await strictVerify(token, env);
      return isAnswer(v) ? v : welcome(path, v);
    }
    case 'alg-none-spelling': {
      const header = readJson(parts[0]);
      if (!header) return refuse('malformed token');
      // DELIBERATE BUG: a deny-list that only knows the lower-case spelling; "None" skips the signature.
      if (header.alg === 'None') {
        const claims = readJson(parts[1]);
        if (!claims) return refuse('malformed payload');
        const problem = claimProblem(claims, env);
        return problem ? refuse(problem) : welcome(path, claims);
      }
      const v = await strictVerify(token, env);
      return isAnswer(v) ? v : welcome(path, v);
    }
    case 'ignores-exp': {
      try {
        const { payload } = await compactVerify(token, new TextEncoder().encode(QA_SECRET), { algorithms: ['HS256'] });
        const claims = readJson(Buffer.from(payload).toString('base64url'));
        if (!claims) return refuse('malformed payload');
        // DELIBERATE BUG: the expiry is never looked at.
        const problem = claimProblem(claims, env, { checkExp: false });
        return problem ? refuse(problem) : welcome(path, claims);
      } catch (e) {
        return refuse(e instanceof Error ? e.message : 'invalid token');
      }
    }
    case 'weak-secret': {
      try {
        // DELIBERATE BUG: the HMAC secret is a well-known one (in every wordlist); the checks are otherwise right.
        const { payload } = await jwtVerify(token, new TextEncoder().encode(WEAK_SECRET), {
          algorithms: ['HS256'],
          issuer: env.issuer,
          audience: API_AUDIENCE,
          requiredClaims: ['exp'],
          ...(env.now ? { currentDate: new Date(env.now() * 1000) } : {}),
        });
        return welcome(path, payload as Record<string, unknown>);
      } catch (e) {
        return refuse(e instanceof Error ? e.message : 'invalid token');
      }
    }
    case 'key-confusion': {
      const header = readJson(parts[0]);
      if (!header || parts.length !== 3) return refuse('malformed token');
      // DELIBERATE BUG: the algorithm is taken from the token, and for HS* the "key" is the RSA public key's PEM text.
      if (typeof header.alg === 'string' && /^HS(256|384|512)$/.test(header.alg)) {
        const expected = hmac(header.alg, env.rsaPublicPem, `${parts[0]}.${parts[1]}`);
        const got = Buffer.from(parts[2] ?? '', 'base64url');
        if (!expected || got.length !== expected.length || !timingSafeEqual(got, expected))
          return refuse('signature verification failed');
        const claims = readJson(parts[1]);
        if (!claims) return refuse('malformed payload');
        const problem = claimProblem(claims, env);
        return problem ? refuse(problem) : welcome(path, claims);
      }
      const v = await strictVerify(token, env);
      return isAnswer(v) ? v : welcome(path, v);
    }
    case 'ignores-signature': {
      // DELIBERATE BUG: the token is decoded, its claims checked, and its signature never looked at.
      if (parts.length < 2 || parts.length > 3) return refuse('malformed token');
      const claims = readJson(parts[1]);
      if (!readJson(parts[0]) || !claims) return refuse('malformed token');
      const problem = claimProblem(claims, env);
      return problem ? refuse(problem) : welcome(path, claims);
    }
  }
}

/** What a route received, for tests that assert at the server (`GET /careless/seen`). */
export interface SeenRequest {
  path: string;
  authorization: string | null;
  cookie: string | null;
  status: number;
  time: number;
}

interface Instance {
  env: Promise<ApiEnv>;
  tokens: Promise<CarelessTokens>;
  seen: SeenRequest[];
}

const instances = new WeakMap<DemoTokens, Instance>();

function instanceFor(demo: DemoTokens, issuer: string): Instance {
  let i = instances.get(demo);
  if (!i) instances.set(demo, (i = { env: apiEnv(issuer, demo.jwks), tokens: mintCarelessTokens(issuer), seen: [] }));
  return i;
}

function reply(res: ServerResponse, a: ApiAnswer, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(a.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...a.headers, ...extra });
  res.end(a.body);
}

/**
 * The demo server's hook: serves `/careless/*` and `/strict/*` (the routes, `/careless/login` with the
 * tokens and the cookie, `/careless/public-key.pem`, `/careless/seen`) and returns true, or returns
 * false for any other path.
 */
export function handleCareless(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  demo: DemoTokens,
  issuer: string,
): boolean {
  if (!url.pathname.startsWith('/careless/') && !url.pathname.startsWith('/strict/')) return false;
  const i = instanceFor(demo, issuer);
  void (async () => {
    switch (url.pathname) {
      case '/careless/login': {
        const t = await i.tokens;
        return reply(res, json(200, { token_type: 'Bearer', qa_token: t.qaToken, qa_secret: QA_SECRET }), {
          'Set-Cookie': `${CARELESS_COOKIE}=${t.cookieToken}; Path=/careless/; HttpOnly; SameSite=Lax`,
        });
      }
      case '/careless/public-key.pem':
        res.writeHead(200, { 'Content-Type': 'application/x-pem-file', 'Cache-Control': 'no-store' });
        return res.end((await i.env).rsaPublicPem);
      case '/careless/seen':
        return reply(res, json(200, i.seen));
    }
    const request: ApiRequest = {
      ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
      ...(req.headers.cookie !== undefined ? { cookie: req.headers.cookie } : {}),
    };
    const answer = (await answerApi(url.pathname, request, await i.env)) ?? json(404, { error: 'not_found' });
    i.seen.push({
      path: url.pathname,
      authorization: request.authorization ?? null,
      cookie: request.cookie ?? null,
      status: answer.status,
      time: Date.now(),
    });
    if (i.seen.length > 200) i.seen.splice(0, i.seen.length - 200);
    reply(res, answer);
  })().catch(() => reply(res, json(500, { error: 'server_error' })));
  return true;
}
