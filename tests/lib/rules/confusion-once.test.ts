// The key-confusion scan runs once, in the verifier: inspect takes the hit from its outcome.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RuleKeyFacts } from '../../../lib/rules/context.ts';
import { goodClaims, hs, run, stubEngine } from './helpers.ts';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' });
const facts: RuleKeyFacts[] = [
  {
    id: 'rsa-1',
    label: 'IdP signing key',
    kind: 'public',
    kty: 'RSA',
    bits: 2048,
    confusionSecrets: [new TextEncoder().encode(String(pem))],
  },
];

describe('alg-confusion from the verification outcome', () => {
  const token = hs(String(pem), goodClaims({ iss: 'https://other.example.com' }));
  const keys = [{ id: 'rsa-1', material: String(pem) }];

  it('reports the key the verifier named, with its label and type', async () => {
    const i = await run(token, { keys }, stubEngine({ status: 'key-confusion', keyId: 'rsa-1', alg: 'HS256' }, facts));
    const f = i.findings.find((x) => x.rule === 'alg-confusion');
    expect(f?.severity).toBe('critical');
    expect(f?.message).toContain('the stored RSA public key "IdP signing key" as the HMAC secret');
  });

  it('does not scan the confusion secrets again when the verifier found no confusion', async () => {
    const i = await run(token, { keys }, stubEngine({ status: 'invalid' }, facts));
    expect(i.findings.find((x) => x.rule === 'alg-confusion' && x.severity === 'critical')).toBeUndefined();
  });
});
