import { decodeToken, type DecodedToken } from '../decode-token.ts';
import type { SightingLike, TokenPeers } from '../types.ts';
import { isObject, own } from '../util/json-value.ts';
import type { BindingCheck } from './binding-check.ts';
import { dpopChecks, type ProofAccessToken } from './dpop.ts';
import { athOf, leftHalfHash } from './hashes.ts';
import { idTokenChecks } from './id-checks.ts';
import type { TokenClassification } from './kind.ts';

/** What the kind-aware rules know about a token: its kind, and its binding checks (passed ones too). */
export interface OAuthFacts {
  classification: TokenClassification;
  checks: BindingCheck[];
}

/** What {@link oauthFacts} reads beyond the token. */
export interface OAuthFactsInput {
  peers?: TokenPeers;
  sightings: readonly SightingLike[];
  /** Epoch seconds. */
  now: number;
  clockSkew: number;
  /** For a DPoP proof: its key's RFC 7638 thumbprint. */
  jkt?: string;
}

const MAX_PEERS = 16;

async function proofAccessToken(token: string): Promise<ProofAccessToken> {
  const out: ProofAccessToken = { token, ath: await athOf(token) };
  const payload = decodeToken(token).payload;
  const cnf = isObject(payload) ? own(payload, 'cnf') : undefined;
  const jkt = isObject(cnf) ? own(cnf, 'jkt') : undefined;
  if (typeof jkt === 'string') out.jkt = jkt;
  return out;
}

/** The binding checks of a DPoP proof or an ID token, with the hashes they need computed through WebCrypto. */
export async function oauthFacts(
  decoded: DecodedToken,
  classification: TokenClassification,
  input: OAuthFactsInput,
): Promise<OAuthFacts> {
  const header = decoded.header;
  const claims = isObject(decoded.payload) ? decoded.payload : undefined;
  const peers = input.peers ?? {};
  let checks: BindingCheck[] = [];
  if (classification.kind === 'dpop') {
    const accessTokens = await Promise.all((peers.accessTokens ?? []).slice(0, MAX_PEERS).map(proofAccessToken));
    checks = dpopChecks({
      header,
      claims,
      sightings: input.sightings,
      now: input.now,
      clockSkew: input.clockSkew,
      accessTokens,
      ...(input.jkt !== undefined ? { jkt: input.jkt } : {}),
    });
  } else if (classification.kind === 'id') {
    const alg = own(header, 'alg');
    const hashes = async (values: readonly string[] | undefined) =>
      (await Promise.all((values ?? []).slice(0, MAX_PEERS).map((v) => leftHalfHash(alg, v)))).filter(
        (h): h is string => h !== undefined,
      );
    checks = idTokenChecks({
      claims,
      atHashes: own(claims, 'at_hash') !== undefined ? await hashes(peers.issuedAccessTokens) : [],
      cHashes: own(claims, 'c_hash') !== undefined ? await hashes(peers.codes) : [],
      ...(peers.nonces ? { nonces: peers.nonces } : {}),
      ...(peers.clientIds ? { clientIds: peers.clientIds } : {}),
    });
  }
  return { classification, checks };
}
