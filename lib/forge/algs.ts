/** A JWS algorithm the workbench signs with, or `none` (an unsecured JWT). */
export type SigningAlg =
  | 'none'
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA';

/** Every {@link SigningAlg}, in the order a chooser lists them. */
export const SIGNING_ALGS: readonly SigningAlg[] = [
  'HS256',
  'HS384',
  'HS512',
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
  'none',
];

/** True when a string is one of {@link SIGNING_ALGS}. */
export function isSigningAlg(alg: unknown): alg is SigningAlg {
  return typeof alg === 'string' && (SIGNING_ALGS as readonly string[]).includes(alg);
}
