import { defineRule } from './define-rule.ts';
import { quote } from './context.ts';

/** An HS* token signed with the empty key or a secret from the public list of leaked JWT secrets. */
export const weakHmacSecret = defineRule({
  id: 'weak-hmac-secret',
  severity: 'critical',
  scope: 'token',
  title: 'Guessable HMAC secret',
  explanation:
    'The token is signed with an HMAC secret that appears in public lists of leaked JWT secrets (or with an empty key), so anyone can sign their own tokens with it. Replace it with at least 32 random bytes from a secure generator, keep it out of source code, and revoke tokens signed with the old secret.',
  reference: 'RFC 8725 §3.5; RFC 7518 §3.2',
  check(ctx) {
    const hit = ctx.weakSecret;
    if (!hit) return [];
    const where =
      hit.secret === ''
        ? 'an empty secret'
        : hit.source === 'common-list'
          ? `the secret ${quote(hit.secret)}, found in the list of 104k leaked secrets`
          : `the secret ${quote(hit.secret)}, found by the wordlist search`;
    return [{ message: `Signed with ${hit.alg} using ${where}.` }];
  },
});
