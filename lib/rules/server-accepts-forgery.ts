import { defineRule } from './define-rule.ts';

/** A server answered a forged variant of this token like the original ("Test this endpoint" results). */
export const serverAcceptsForgery = defineRule({
  id: 'server-accepts-forgery',
  severity: 'critical',
  scope: 'token',
  title: 'Server accepts a forged token',
  explanation:
    'A variant of this token that no honest issuer made (unsigned, re-signed with a guessed or public key, carrying its own key, with changed claims) was sent in place of it, and the server answered as it did to the original: same status class and a body much like it. Anyone can then forge tokens this server trusts. Verify the signature with the issuer’s key on every request, pin the algorithms, and check exp, nbf, aud and iss.',
  reference: 'RFC 8725 §2, §3.1, §3.2, §3.8–3.10; CVE-2015-9235',
  check(ctx) {
    const trials = ctx.endpointTrials;
    if (!trials || trials.length === 0) return [];
    return trials
      .filter((t) => t.verdict === 'accepted' && t.variant !== 'original')
      .map((t) =>
        t.variant === 'no-token'
          ? {
              severity: 'high' as const,
              message: `${t.method} ${t.url} answered without the token like with it (${t.evidence}): the endpoint does not require it.`,
              key: `no-token\u0000${t.method}\u0000${t.url}`,
            }
          : {
              message: `Server accepted ${t.label} (${t.variant}): ${t.evidence} — ${t.method} ${t.url}.`,
              // One finding per variant and endpoint (the count says how many of its forgeries were accepted).
              key: `${t.variant}\u0000${t.method}\u0000${t.url}`,
            },
      );
  },
});
