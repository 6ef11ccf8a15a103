import { Buffer } from 'node:buffer';

/** base64url of a JSON value (or of a string's UTF-8 bytes). */
export const b64 = (v: unknown): string =>
  Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

let serial = 0;

/** A compact JWS with a fake signature; each call gives a distinct token. */
export function jws(
  payload: Record<string, unknown> = {},
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' },
): string {
  serial++;
  return `${b64(header)}.${b64({ sub: `user-${serial}`, iat: 1_700_000_000, ...payload })}.${b64(`signature-${serial}`)}`;
}

/** An unsecured JWT (`alg: none`, empty signature). */
export function unsecured(payload: Record<string, unknown> = {}): string {
  return jws(payload, { alg: 'none' }).replace(/\.[^.]*$/, '.');
}

/** A compact JWE shaped like Cognito's refresh tokens (RSA-OAEP / A256GCM). */
export function jwe(): string {
  serial++;
  return [
    b64({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' }),
    b64(`key-${serial}`),
    b64('iv-bytes-12'),
    b64(`ciphertext-${serial}`),
    b64('tag-16-bytes----'),
  ].join('.');
}
