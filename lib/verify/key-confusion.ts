import { confusionSecrets } from '../keys/confusion-secrets.ts';
import type { ParsedKey } from '../keys/parse-key.ts';
import { hmacEquals } from './hmac.ts';
import type { VerifyOutcome } from './outcome.ts';

function keyName(parsed: ParsedKey): string {
  return `"${parsed.entry.id}"${parsed.entry.label ? ` (${parsed.entry.label})` : ''}`;
}

// The byte strings to try for one stored key, and how to name what they are.
async function suspects(parsed: ParsedKey): Promise<{ secrets: Uint8Array[]; what: string } | undefined> {
  const secret = parsed.items[0]?.secret;
  if (parsed.kind === 'secret' && parsed.publicKey && secret) {
    const { secrets } = await confusionSecrets(parsed.publicKey);
    return {
      secrets: [secret, ...secrets],
      what: `the stored secret ${keyName(parsed)}, which is the text of ${parsed.items[0]!.publicKeyText ?? 'a public key'},`,
    };
  }
  const asymmetric = parsed.items.find((i) => i.kty !== 'oct');
  if (!asymmetric) return undefined;
  const { secrets } = await confusionSecrets(parsed);
  const kind = parsed.kind === 'certificate' ? 'certificate' : parsed.kind === 'private' ? 'key pair' : 'public key';
  return { secrets, what: `the text of the stored ${asymmetric.kty} ${kind} ${keyName(parsed)}` };
}

/**
 * Looks for key confusion on an HS* JWS: the MAC reproduced with a stored public key's bytes
 * (PEM, certificate, OpenSSH, JWK/JWKS text), whether the key is stored as a public key or as a
 * secret. Such a token is never "verified": anyone holding the public key could have made it
 * (CVE-2016-10555, CVE-2022-29217, GHSA-ffqj-6fqr-9h24).
 */
export async function findKeyConfusion(
  ring: readonly ParsedKey[],
  alg: string,
  signingInput: Uint8Array,
  signature: Uint8Array,
): Promise<VerifyOutcome | undefined> {
  for (const parsed of ring) {
    const s = await suspects(parsed);
    if (!s) continue;
    if (s.secrets.some((secret) => hmacEquals(alg, secret, signingInput, signature)))
      return {
        status: 'key-confusion',
        alg,
        keyId: parsed.entry.id,
        reason: `the ${alg} MAC was made with ${s.what} as the HMAC secret: anyone holding the public key can forge such a token (key confusion, CVE-2016-10555), so it is not verified`,
      };
  }
  return undefined;
}
