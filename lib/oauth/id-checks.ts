import { own } from '../util/json-value.ts';
import type { BindingCheck } from './binding-check.ts';
import { jsonPreview } from '../json-text.ts';

/** What an ID token's binding checks read (the hashes computed with the ID token's alg, through WebCrypto). */
export interface IdCheckInput {
  claims?: Record<string, unknown>;
  /** at_hash of each access token issued with it. */
  atHashes: readonly string[];
  /** c_hash of each authorization code seen with it. */
  cHashes: readonly string[];
  nonces?: { seen: number; matched: boolean; otherClient?: string };
  clientIds?: readonly string[];
}

function short(v: unknown): string {
  // Iterative and cut: a claim nested 50,000 deep or a megabyte long costs its first characters.
  return jsonPreview(v ?? null, 66);
}

/**
 * The ID token checks of OIDC Core §3.1.3.7 / §3.1.3.6 / §3.3.2.11 that the capture can answer:
 * `at_hash` and `c_hash` against the access token and code seen with it, `nonce` against the
 * authorize requests seen for its client, `azp` when `aud` has several values.
 */
export function idTokenChecks(input: IdCheckInput): BindingCheck[] {
  const { claims } = input;
  const out: BindingCheck[] = [];
  const add = (rule: BindingCheck['rule'], status: BindingCheck['status'], message: string) =>
    out.push({ rule, status, message });
  for (const [claim, rule, hashes, what] of [
    ['at_hash', 'id-at-hash-mismatch', input.atHashes, 'access token'],
    ['c_hash', 'id-c-hash-mismatch', input.cHashes, 'authorization code'],
  ] as const) {
    const value = own(claims, claim);
    if (value === undefined) continue;
    if (!hashes.length) add(rule, 'unchecked', `${claim} not checked: no ${what} issued with it was captured.`);
    else if (typeof value === 'string' && hashes.includes(value))
      add(rule, 'pass', `${claim} matches the ${what} issued with it.`);
    else
      add(
        rule,
        'fail',
        `${claim} ${short(value)} does not match the ${what} issued with it (expected ${hashes[0]}): the ${what} may have been swapped.`,
      );
  }
  const nonce = own(claims, 'nonce');
  if (nonce !== undefined) {
    if (!input.nonces)
      add('id-nonce-mismatch', 'unchecked', 'nonce not checked: no authorize request with a nonce was seen.');
    else if (input.nonces.otherClient !== undefined)
      add(
        'id-nonce-mismatch',
        'fail',
        `nonce is that of an authorize request by client ${short(input.nonces.otherClient)}, but aud ${short(own(claims, 'aud'))} does not name that client: an ID token issued to another client?`,
      );
    else if (input.nonces.matched)
      add(
        'id-nonce-mismatch',
        'pass',
        'nonce matches an authorize request seen for this client (its client_id is in aud).',
      );
    else
      add(
        'id-nonce-mismatch',
        'fail',
        `nonce ${short(nonce)} is not the nonce of any of the ${input.nonces.seen} authorize request${input.nonces.seen === 1 ? '' : 's'} seen for this client: a replayed or injected ID token?`,
      );
  }
  const aud = own(claims, 'aud');
  const azp = own(claims, 'azp');
  const clients = input.clientIds ?? [];
  if (Array.isArray(aud) && aud.length > 1 && azp === undefined)
    add(
      'id-azp-invalid',
      'fail',
      `aud has ${aud.length} values but there is no "azp" naming the client it was issued to.`,
    );
  else if (azp !== undefined) {
    if (typeof azp !== 'string') add('id-azp-invalid', 'fail', `azp is ${short(azp)}, not a client id.`);
    else if (clients.length && !clients.includes(azp))
      add(
        'id-azp-invalid',
        'fail',
        `azp ${short(azp)} is none of the client ids seen (${clients.slice(0, 3).map(short).join(', ')}).`,
      );
    else
      add(
        'id-azp-invalid',
        'pass',
        clients.length ? `azp ${short(azp)} is a client id seen.` : `azp is ${short(azp)}.`,
      );
  }
  return out;
}
