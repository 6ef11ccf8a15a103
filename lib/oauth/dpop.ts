import { calculateJwkThumbprint, compactVerify, EmbeddedJWK, type JWK } from 'jose';
import { travelOf } from '../capture/legacy.ts';
import type { DecodedToken } from '../decode-token.ts';
import type { SightingLike, Verification } from '../types.ts';
import { isObject, own } from '../util/json-value.ts';
import type { BindingCheck } from './binding-check.ts';
import { normaliseHtu } from './htu.ts';
import { jsonPreview } from '../json-text.ts';

/** Seconds a DPoP proof's `iat` may lie before or after the request that carried it (RFC 9449 §11.1). */
export const DPOP_IAT_WINDOW = 300;

// Asymmetric JWS algorithms a proof may use (RFC 9449 §4.2: never none, never a MAC).
const PROOF_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];

/** What is wrong with a proof's `jwk` and `alg` (RFC 9449 §4.2–4.3), or undefined when they are sound. */
export function proofKeyProblem(header: Record<string, unknown> | undefined): string | undefined {
  const jwk = own(header, 'jwk');
  const alg = own(header, 'alg');
  if (!isObject(jwk)) return 'the header has no "jwk" object: a DPoP proof carries its public key there';
  const kty = own(jwk, 'kty');
  if (kty === 'oct') return 'the "jwk" is a symmetric (oct) key: a DPoP proof must use an asymmetric key';
  const priv = PRIVATE_MEMBERS.find((m) => own(jwk, m) !== undefined);
  if (priv !== undefined)
    return `the "jwk" holds private key material ("${priv}"): the private key has leaked with every proof`;
  if (typeof alg !== 'string' || !PROOF_ALGS.includes(alg))
    return `alg ${JSON.stringify(alg)} is not an asymmetric signature algorithm (RFC 9449 §4.2 forbids none and MACs)`;
  return undefined;
}

/**
 * Verifies a DPoP proof with the key it carries (jose's EmbeddedJWK: the one case where the token's
 * own key is the right one, RFC 9449 §4.3), and computes that key's RFC 7638 thumbprint. Never throws.
 */
export async function verifyDpopProof(decoded: DecodedToken): Promise<{ verification: Verification; jkt?: string }> {
  const header = decoded.header;
  const alg = typeof own(header, 'alg') === 'string' ? (own(header, 'alg') as string) : undefined;
  const base: Verification = { status: 'invalid', code: 'bad-signature' };
  if (alg !== undefined) base.alg = alg;
  const problem = proofKeyProblem(header);
  let jkt: string | undefined;
  const jwk = own(header, 'jwk');
  if (isObject(jwk) && own(jwk, 'kty') !== 'oct') {
    try {
      jkt = await calculateJwkThumbprint(jwk as JWK, 'sha256');
    } catch {
      jkt = undefined;
    }
  }
  const out = (v: Verification) => (jkt !== undefined ? { verification: v, jkt } : { verification: v });
  if (problem)
    return out({ ...base, status: 'unsupported', code: 'unsupported-alg', reason: `DPoP proof: ${problem}` });
  try {
    await compactVerify(decoded.token, EmbeddedJWK, { algorithms: PROOF_ALGS });
    return out({
      ...base,
      status: 'verified',
      code: 'verified',
      reason: 'signed with its embedded key — correct for a DPoP proof (RFC 9449 §4.3)',
      summary: 'verified with its embedded key (DPoP proof)',
    });
  } catch (e) {
    return out({
      ...base,
      reason: `DPoP proof: the signature does not verify with its embedded key (${e instanceof Error ? e.message : String(e)})`,
    });
  }
}

/** An access token a proof travelled with, as the proof's checks need it. */
export interface ProofAccessToken {
  token: string;
  /** base64url(SHA-256(token)), computed through WebCrypto. */
  ath: string;
  /** The access token's `cnf.jkt`, when it has one. */
  jkt?: string;
}

/** What the DPoP checks read. */
export interface DpopCheckInput {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  sightings: readonly SightingLike[];
  /** Epoch seconds, for a proof never seen travelling (pasted). */
  now: number;
  clockSkew: number;
  /** RFC 7638 thumbprint of the proof's `jwk`. */
  jkt?: string;
  accessTokens: readonly ProofAccessToken[];
}

function fmt(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

/**
 * Every RFC 9449 §4.3 check of one DPoP proof, each passed, failed or not checkable (with why):
 * key and alg, `typ`, `jti`, `iat` against the time of the request, `htm`/`htu` against that request,
 * `ath` against the access token sent with it, and that token's `cnf.jkt` against the proof's key.
 */
export function dpopChecks(input: DpopCheckInput): BindingCheck[] {
  const { header, claims } = input;
  const out: BindingCheck[] = [];
  const add = (rule: BindingCheck['rule'], status: BindingCheck['status'], message: string) =>
    out.push({ rule, status, message });

  const problem = proofKeyProblem(header);
  const jwk = own(header, 'jwk');
  const kty = isObject(jwk) ? own(jwk, 'kty') : undefined;
  if (problem) add('dpop-bad-key', 'fail', `The proof's key is unusable: ${problem}.`);
  else
    add(
      'dpop-bad-key',
      'pass',
      `The proof carries a public ${String(kty)} key and signs with ${String(own(header, 'alg'))}.`,
    );

  const typ = own(header, 'typ');
  if (typ === 'dpop+jwt') add('dpop-typ-invalid', 'pass', 'typ is dpop+jwt.');
  else
    add(
      'dpop-typ-invalid',
      'fail',
      `typ is ${jsonPreview(typ ?? null, 80)}; a DPoP proof must say "dpop+jwt" (RFC 9449 §4.2).`,
    );

  const jti = own(claims, 'jti');
  if (typeof jti === 'string' && jti !== '')
    add('dpop-jti-missing', 'pass', 'jti is present (the server can detect replays).');
  else
    add(
      'dpop-jti-missing',
      'fail',
      'The proof has no "jti": the server cannot detect a replayed proof (RFC 9449 §4.2, §11.1).',
    );

  const requests = input.sightings.filter((s) => {
    const loc = travelOf(s).location;
    return s.direction === 'request' && loc?.kind === 'header' && loc.name.toLowerCase() === 'dpop';
  });
  const iat = own(claims, 'iat');
  const sent = requests.length ? Math.min(...requests.map((s) => s.time)) / 1000 : undefined;
  const ref = sent ?? input.now;
  const refName = sent !== undefined ? 'the request that carried it' : 'now';
  if (typeof iat !== 'number' || !Number.isFinite(iat))
    add('dpop-iat-stale', 'fail', 'The proof has no numeric "iat": its freshness cannot be checked (RFC 9449 §4.2).');
  else {
    const delta = ref - iat;
    const window = DPOP_IAT_WINDOW + input.clockSkew;
    if (Math.abs(delta) <= window)
      add(
        'dpop-iat-stale',
        'pass',
        `iat is within ${fmt(window)} of ${refName} (${fmt(delta)} ${delta >= 0 ? 'before' : 'after'}).`,
      );
    else
      add(
        'dpop-iat-stale',
        'fail',
        `iat is ${fmt(delta)} ${delta >= 0 ? 'before' : 'after'} ${refName}, outside the ${fmt(window)} window: a server rejects it as stale or replayed.`,
      );
  }

  const htm = own(claims, 'htm');
  const htu = own(claims, 'htu');
  const pairs = new Map<string, { method?: string; url?: string }>();
  for (const s of requests) pairs.set(`${s.method ?? ''} ${s.url ?? ''}`, { method: s.method, url: s.url });
  if (!pairs.size) {
    add('dpop-htm-mismatch', 'unchecked', 'htm not checked: no request carrying this proof was seen.');
    add('dpop-htu-mismatch', 'unchecked', 'htu not checked: no request carrying this proof was seen.');
  }
  for (const { method, url } of pairs.values()) {
    if (method === undefined) add('dpop-htm-mismatch', 'unchecked', 'htm not checked: the request method is unknown.');
    else if (htm === method) add('dpop-htm-mismatch', 'pass', `htm ${method} is the request's method.`);
    else
      add(
        'dpop-htm-mismatch',
        'fail',
        `htm is ${jsonPreview(htm ?? null, 80)} but the proof was sent with a ${method} request.`,
      );
    const want = normaliseHtu(url);
    if (want === undefined) add('dpop-htu-mismatch', 'unchecked', 'htu not checked: the request URL is unknown.');
    else if (normaliseHtu(htu) === want) add('dpop-htu-mismatch', 'pass', `htu matches the request URL ${want}.`);
    else
      add(
        'dpop-htu-mismatch',
        'fail',
        `htu ${jsonPreview(htu ?? null, 200)} is not the request URL ${want} (compared without query and fragment, RFC 9449 §4.3).`,
      );
  }

  const ath = own(claims, 'ath');
  if (!input.accessTokens.length) {
    add(
      'dpop-ath-mismatch',
      'unchecked',
      typeof ath === 'string'
        ? 'ath not checked: the access token sent with this proof was not captured (opaque tokens are not).'
        : 'No ath and no access token seen with it (a proof for a token request needs none).',
    );
  } else if (typeof ath !== 'string')
    add(
      'dpop-ath-mismatch',
      'fail',
      'The proof was sent with an access token but has no "ath" (RFC 9449 §4.2 requires it).',
    );
  else if (input.accessTokens.some((a) => a.ath === ath))
    add('dpop-ath-mismatch', 'pass', 'ath is the SHA-256 hash of the access token sent with it.');
  else
    add(
      'dpop-ath-mismatch',
      'fail',
      `ath ${JSON.stringify(ath.slice(0, 64))} is not the SHA-256 hash of the access token sent with it (${input.accessTokens[0]!.ath}).`,
    );

  const bound = input.accessTokens.filter((a) => a.jkt !== undefined);
  if (!bound.length)
    add(
      'dpop-jkt-mismatch',
      'unchecked',
      'cnf.jkt not checked: no access token with a cnf.jkt was seen with this proof.',
    );
  else if (input.jkt === undefined)
    add('dpop-jkt-mismatch', 'unchecked', "cnf.jkt not checked: the proof's key has no thumbprint.");
  else
    for (const a of bound) {
      if (a.jkt === input.jkt)
        add(
          'dpop-jkt-mismatch',
          'pass',
          `The access token's cnf.jkt is the thumbprint of the proof's key (${input.jkt}).`,
        );
      else
        add(
          'dpop-jkt-mismatch',
          'fail',
          `The access token is bound to key ${JSON.stringify(a.jkt!.slice(0, 64))} (cnf.jkt) but the proof is signed with key ${input.jkt} (RFC 7638 thumbprint).`,
        );
    }
  return out;
}
