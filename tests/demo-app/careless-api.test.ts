import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { forgeVariant, VARIANTS, type ForgeContext, type VariantId } from '../../lib/forge/index.ts';
import type { KeyEntry } from '../../lib/types.ts';
import {
  API_AUDIENCE,
  API_ROUTES,
  answerApi,
  apiEnv,
  CARELESS_COOKIE,
  mintCarelessTokens,
  QA_SECRET,
  WEAK_SECRET,
  type ApiEnv,
  type ApiRequest,
  type Hole,
} from './careless-api.ts';

// Each careless route has exactly its one hole: every lib/forge variant is sent to every route's handler
// (the same function the demo server calls), and what each route accepts is compared with its hole.

const ISSUER = 'http://127.0.0.1:5177/';
const NOW = 1_800_000_000;
const WORDLIST = new URL('../../public/wordlists/jwt-secrets.txt', import.meta.url);

let env: ApiEnv;
let access: string;
let expiredAccess: string;
let futureAccess: string;
let qa: string;
let cookie: string;
const hs = (secret: string, claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
const valid = { iss: ISSUER, aud: API_AUDIENCE, sub: 'alice', iat: NOW, exp: NOW + 900 };
const expired = { ...valid, iat: NOW - 7200, exp: NOW - 3600 };
const notYet = { ...valid, nbf: NOW + 3600 };

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  env = { ...(await apiEnv(ISSUER, { keys: [await exportJWK(publicKey)] })), now: () => NOW };
  const rs = (claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'demo' }).sign(privateKey);
  access = await rs(valid);
  expiredAccess = await rs(expired);
  futureAccess = await rs(notYet);
  const t = await mintCarelessTokens(ISSUER, NOW);
  qa = t.qaToken;
  cookie = t.cookieToken;
});

const routeOf = (hole: Hole) => API_ROUTES.find((r) => r.hole === hole)!;

function requestFor(hole: Hole, token: string): ApiRequest {
  return routeOf(hole).from === 'cookie'
    ? { cookie: `theme=dark; ${CARELESS_COOKIE}=${token}; lang=en` }
    : { authorization: `Bearer ${token}` };
}

async function status(hole: Hole, token: string): Promise<number> {
  const a = await answerApi(routeOf(hole).path, requestFor(hole, token), env);
  if (!a) throw new Error(`no route for ${hole}`);
  return a.status;
}

// The token each route is called with by the demo page, and what a tester knows about it.
function sourceOf(hole: Hole): { token: string; ctx: ForgeContext } {
  const keys: KeyEntry[] = [{ id: 'pub', label: 'demo RSA public key', material: env.rsaPublicPem, format: 'pem' }];
  switch (hole) {
    case 'ignores-exp':
      return {
        token: qa,
        ctx: { keys: [{ id: 'qa', label: 'QA key', material: QA_SECRET, format: 'text' }], now: NOW },
      };
    case 'weak-secret':
      return { token: cookie, ctx: { keys: [], crackedSecret: WEAK_SECRET, now: NOW } };
    default:
      return { token: access, ctx: { keys, otherTokens: [qa], now: NOW } };
  }
}

/** Every variant of the route's source token the engine forges, with the ids of those the route accepts. */
async function acceptedVariants(hole: Hole): Promise<{ tried: Set<VariantId>; accepted: Set<VariantId> }> {
  const { token, ctx } = sourceOf(hole);
  const tried = new Set<VariantId>();
  const accepted = new Set<VariantId>();
  const params: Partial<Record<VariantId, Record<string, string>>> = {
    jku: { url: 'https://attacker.example/jwks.json' },
    x5u: { url: 'https://attacker.example/cert.pem' },
  };
  for (const v of VARIANTS) {
    const forged = await forgeVariant(v.id, token, params[v.id] ?? {}, ctx);
    if (!forged.ok) continue;
    for (const f of forged.value) {
      tried.add(v.id);
      if ((await status(hole, f.token)) === 200) accepted.add(v.id);
    }
  }
  return { tried, accepted };
}

describe('demo careless and strict APIs', () => {
  it('accept the valid token the page sends each of them', async () => {
    for (const r of API_ROUTES) expect([r.path, await status(r.hole, sourceOf(r.hole).token)]).toEqual([r.path, 200]);
  });

  it('refuse a missing token, and a bearer token on the cookie route', async () => {
    for (const r of API_ROUTES) expect((await answerApi(r.path, {}, env))?.status).toBe(401);
    expect((await answerApi(routeOf('weak-secret').path, { authorization: `Bearer ${cookie}` }, env))?.status).toBe(
      401,
    );
  });

  it('the strict API rejects every forged variant, and expired / not-yet-valid tokens', async () => {
    const { tried, accepted } = await acceptedVariants('none');
    expect(tried.size).toBeGreaterThanOrEqual(10);
    expect([...accepted]).toEqual([]);
    expect(await status('none', expiredAccess)).toBe(401);
    expect(await status('none', futureAccess)).toBe(401);
  });

  it('/careless/none-spelling accepts alg "None" and nothing else', async () => {
    const { accepted } = await acceptedVariants('alg-none-spelling');
    expect([...accepted]).toEqual(['alg-none-case']);
    const { token, ctx } = sourceOf('alg-none-spelling');
    const forged = await forgeVariant('alg-none-case', token, {}, ctx);
    if (!forged.ok) throw new Error(forged.error.message);
    const byLabel = Object.fromEntries(
      await Promise.all(forged.value.map(async (f) => [f.label, await status('alg-none-spelling', f.token)])),
    );
    expect(byLabel).toEqual({
      'alg: None, trailing dot': 200,
      'alg: None, no trailing dot': 200,
      'alg: NONE, trailing dot': 401,
      'alg: NONE, no trailing dot': 401,
      'alg: nOnE, trailing dot': 401,
      'alg: nOnE, no trailing dot': 401,
    });
    expect(await status('alg-none-spelling', expiredAccess)).toBe(401);
  });

  it('/careless/ignores-exp accepts an expired token re-signed with its key, and no forgery', async () => {
    const { accepted } = await acceptedVariants('ignores-exp');
    // Re-signing with the QA key is not a forgery: it is what the key's holder may do.
    expect([...accepted].filter((id) => id !== 'resign-known-secret')).toEqual([]);
    expect(await status('ignores-exp', await hs(QA_SECRET, expired))).toBe(200);
    expect(await status('ignores-exp', await hs(QA_SECRET, { ...expired, exp: undefined }))).toBe(200);
    // The other time and audience checks hold.
    expect(await status('ignores-exp', await hs(QA_SECRET, notYet))).toBe(401);
    expect(await status('ignores-exp', await hs(QA_SECRET, { ...valid, aud: 'https://other.example' }))).toBe(401);
    expect(await status('ignores-exp', await hs(QA_SECRET, { ...valid, iss: 'https://attacker.example' }))).toBe(401);
  });

  it('/careless/weak-secret (cookie) is signed with a secret in the shipped wordlist, and checks everything else', async () => {
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(WORDLIST, 'utf8')).split('\n')).toContain(WEAK_SECRET);
    const { accepted } = await acceptedVariants('weak-secret');
    // Only what the found secret signs gets in: re-signed tokens and claims changed and re-signed.
    expect([...accepted].sort()).toEqual(['claim-tamper', 'resign-known-secret']);
    expect(await status('weak-secret', await hs(WEAK_SECRET, valid))).toBe(200);
    expect(await status('weak-secret', await hs(WEAK_SECRET, expired))).toBe(401);
    expect(await status('weak-secret', await hs(WEAK_SECRET, notYet))).toBe(401);
    expect(await status('weak-secret', await hs(WEAK_SECRET, { ...valid, aud: 'https://other.example' }))).toBe(401);
    expect(await status('weak-secret', await hs('not-the-secret', valid))).toBe(401);
  });

  it('/careless/key-confusion accepts HS256 keyed with its public key PEM, and nothing else', async () => {
    const { accepted } = await acceptedVariants('key-confusion');
    expect([...accepted]).toEqual(['key-confusion']);
    expect(await status('key-confusion', await hs(env.rsaPublicPem, valid))).toBe(200);
    expect(await status('key-confusion', await hs(env.rsaPublicPem, expired))).toBe(401);
    expect(await status('key-confusion', expiredAccess)).toBe(401);
  });

  it('/careless/no-signature accepts every signature forgery but checks the claims', async () => {
    const { tried, accepted } = await acceptedVariants('ignores-signature');
    const signatureForgeries = [...tried].filter((id) => id !== 'resign-known-secret');
    expect([...accepted].sort()).toEqual(signatureForgeries.sort());
    expect(accepted).toContain('alg-none');
    expect(accepted).toContain('strip-signature');
    expect(await status('ignores-signature', expiredAccess)).toBe(401);
    expect(await status('ignores-signature', futureAccess)).toBe(401);
    expect(await status('ignores-signature', 'not-a-token')).toBe(401);
  });
});
