// Catalogue cases of the OAuth / OIDC rules (lib/oauth's binding checks and the kind-aware rules).
import type { InspectOptions } from '../../../lib/types.ts';
import type { RuleId } from '../../../lib/rules/index.ts';
import type { Severity } from '../../../lib/types.ts';
import { ath, dpopProof, halfHash, privateProofJwk, rs256, sentIn } from '../oauth/mint.ts';
import { NOW, goodClaims } from './helpers.ts';

interface OAuthCase {
  rule: RuleId;
  bad: string;
  badOptions?: InspectOptions;
  message: string;
  severity: Severity;
  good: string;
  goodOptions?: InspectOptions;
}

const API = 'https://api.example.com/orders';
const proofClaims = (over: Record<string, unknown> = {}) => ({ jti: 'j-1', htm: 'GET', htu: API, iat: NOW, ...over });
const sent = { sightings: [sentIn('DPoP', `${API}?page=2`, NOW * 1000, { requestId: 'r1' })] };
const goodProof = dpopProof(proofClaims());
const accessToken = rs256({ ...goodClaims(), client_id: 'spa', jti: 'a1' }, { typ: 'at+jwt' });
const proofFor = (token: string) => dpopProof(proofClaims({ ath: ath(token) }));
const boundElsewhere = rs256({ ...goodClaims(), cnf: { jkt: 'some-other-key' } });
const idClaims = (over: Record<string, unknown> = {}) => ({ ...goodClaims({ aud: 'spa' }), nonce: 'n-1', ...over });

export const OAUTH_CASES: OAuthCase[] = [
  {
    rule: 'dpop-bad-key',
    bad: dpopProof(proofClaims(), { jwk: privateProofJwk }),
    badOptions: sent,
    message: 'holds private key material ("d")',
    severity: 'high',
    good: goodProof,
    goodOptions: sent,
  },
  {
    rule: 'dpop-typ-invalid',
    bad: dpopProof(proofClaims(), { typ: 'JWT' }),
    badOptions: sent,
    message: 'typ is "JWT"; a DPoP proof must say "dpop+jwt"',
    severity: 'medium',
    good: goodProof,
    goodOptions: sent,
  },
  {
    rule: 'dpop-jti-missing',
    bad: dpopProof(proofClaims({ jti: undefined })),
    badOptions: sent,
    message: 'The proof has no "jti"',
    severity: 'medium',
    good: goodProof,
    goodOptions: sent,
  },
  {
    rule: 'dpop-iat-stale',
    bad: dpopProof(proofClaims({ iat: NOW - 3600 })),
    badOptions: sent,
    message: 'iat is 60 min before the request that carried it, outside the 5 min window',
    severity: 'medium',
    good: goodProof,
    goodOptions: sent,
  },
  {
    rule: 'dpop-htm-mismatch',
    bad: dpopProof(proofClaims({ htm: 'POST' })),
    badOptions: sent,
    message: 'htm is "POST" but the proof was sent with a GET request',
    severity: 'medium',
    good: goodProof,
    goodOptions: sent,
  },
  {
    rule: 'dpop-htu-mismatch',
    bad: dpopProof(proofClaims({ htu: 'https://api.example.com/other' })),
    badOptions: sent,
    message: 'is not the request URL https://api.example.com/orders',
    severity: 'medium',
    good: goodProof,
    goodOptions: sent,
  },
  {
    rule: 'dpop-ath-mismatch',
    bad: proofFor('another-token'),
    badOptions: { ...sent, peers: { accessTokens: [accessToken] } },
    message: 'is not the SHA-256 hash of the access token sent with it',
    severity: 'high',
    good: proofFor(accessToken),
    goodOptions: { ...sent, peers: { accessTokens: [accessToken] } },
  },
  {
    rule: 'dpop-jkt-mismatch',
    bad: proofFor(boundElsewhere),
    badOptions: { ...sent, peers: { accessTokens: [boundElsewhere] } },
    message: 'The access token is bound to key "some-other-key" (cnf.jkt)',
    severity: 'high',
    good: goodProof,
    goodOptions: sent,
  },
  {
    rule: 'id-at-hash-mismatch',
    bad: rs256(idClaims({ at_hash: halfHash('RS256', 'another-token') })),
    badOptions: { peers: { issuedAccessTokens: [accessToken] } },
    message: `does not match the access token issued with it (expected ${halfHash('RS256', accessToken)})`,
    severity: 'medium',
    good: rs256(idClaims({ at_hash: halfHash('RS256', accessToken) })),
    goodOptions: { peers: { issuedAccessTokens: [accessToken] } },
  },
  {
    rule: 'id-c-hash-mismatch',
    bad: rs256(idClaims({ c_hash: halfHash('RS256', 'other-code') })),
    badOptions: { peers: { codes: ['code-1'] } },
    message: 'does not match the authorization code issued with it',
    severity: 'medium',
    good: rs256(idClaims({ c_hash: halfHash('RS256', 'code-1') })),
    goodOptions: { peers: { codes: ['code-1'] } },
  },
  {
    rule: 'id-nonce-mismatch',
    bad: rs256(idClaims()),
    badOptions: { peers: { nonces: { seen: 2, matched: false } } },
    message: 'nonce "n-1" is not the nonce of any of the 2 authorize requests seen for this client',
    severity: 'medium',
    good: rs256(idClaims()),
    goodOptions: { peers: { nonces: { seen: 2, matched: true } } },
  },
  {
    rule: 'id-azp-invalid',
    bad: rs256(idClaims({ aud: ['spa', 'https://api.example.com'] })),
    message: 'aud has 2 values but there is no "azp"',
    severity: 'low',
    good: rs256(idClaims({ aud: ['spa', 'https://api.example.com'], azp: 'spa' })),
  },
  {
    rule: 'id-token-as-bearer',
    bad: rs256(idClaims()),
    badOptions: { context: sentIn('Authorization', API, NOW * 1000, { scheme: 'Bearer' }) },
    message: 'The ID token was sent as Authorization: Bearer to "https://api.example.com/orders", an API',
    severity: 'medium',
    good: accessToken,
    goodOptions: { context: sentIn('Authorization', API, NOW * 1000, { scheme: 'Bearer' }) },
  },
  {
    rule: 'access-aud-mismatch',
    bad: accessToken,
    badOptions: { context: sentIn('Authorization', 'https://billing.example.com/x', NOW * 1000, { scheme: 'Bearer' }) },
    message: 'aud ["https://api.example.com"] names none of the origin "https://billing.example.com"',
    severity: 'medium',
    good: accessToken,
    goodOptions: { context: sentIn('Authorization', API, NOW * 1000, { scheme: 'Bearer' }) },
  },
  {
    rule: 'access-token-typ',
    bad: rs256({ ...goodClaims(), client_id: 'spa', jti: 'a1' }),
    message: 'typ is "JWT", yet the token has every RFC 9068 access-token claim',
    severity: 'low',
    good: accessToken,
  },
];
