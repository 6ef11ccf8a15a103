// Minting OAuth / OIDC tokens for the tests with node:crypto: DPoP proofs, ID and access tokens, sightings.
import { createHash, generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Sighting } from '../../../lib/capture/model.ts';

export const b64u = (data: string | Uint8Array): string => Buffer.from(data).toString('base64url');
const seg = (value: unknown): string => b64u(JSON.stringify(value));

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** The proof key's public JWK (kty, crv, x, y). */
export const proofJwk = ec.publicKey.export({ format: 'jwk' }) as JsonWebKey;
/** The proof key's private JWK (with d): what must never be in a proof's header. */
export const privateProofJwk = ec.privateKey.export({ format: 'jwk' }) as JsonWebKey;

/** An ES256 JWS over exactly these header and claims. */
export function es256(header: Record<string, unknown>, claims: unknown, key: KeyObject = ec.privateKey): string {
  const input = `${seg(header)}.${seg(claims)}`;
  return `${input}.${b64u(sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }))}`;
}

/** A DPoP proof signed with the test key, carrying its public JWK. */
export function dpopProof(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  return es256({ typ: 'dpop+jwt', alg: 'ES256', jwk: proofJwk, ...header }, claims);
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** An RS256 token of the issuer (the key is the test issuer's). */
export function rs256(claims: unknown, header: Record<string, unknown> = {}): string {
  const input = `${seg({ alg: 'RS256', typ: 'JWT', kid: 'idp-1', ...header })}.${seg(claims)}`;
  return `${input}.${b64u(sign('sha256', Buffer.from(input), rsa.privateKey))}`;
}

/** OIDC's at_hash / c_hash of a value for an alg, computed with node:crypto. */
export function halfHash(alg: string, value: string): string {
  const bits = alg === 'EdDSA' ? '512' : alg.slice(2);
  const digest = createHash(`sha${bits}`).update(value, 'ascii').digest();
  return b64u(digest.subarray(0, digest.length / 2));
}

/** A DPoP ath of an access token, with node:crypto. */
export const ath = (token: string): string => b64u(createHash('sha256').update(token, 'ascii').digest());

/** A webRequest request-header sighting. */
export function sentIn(
  name: string,
  url: string,
  time: number,
  patch: Partial<Sighting> & { scheme?: string } = {},
): Sighting {
  const { scheme, ...rest } = patch;
  return {
    direction: 'request',
    via: 'webrequest',
    location: { kind: 'header', name, ...(scheme ? { scheme } : {}) },
    method: 'GET',
    url,
    time,
    ...rest,
  };
}

/** A token response body sighting (read through DevTools at one instant). */
export function inTokenResponse(member: string, url: string, time: number): Sighting {
  return {
    direction: 'response',
    via: 'devtools-network',
    location: { kind: 'json-body', name: member, jsonPath: member },
    method: 'POST',
    url,
    time,
    status: 200,
  };
}
