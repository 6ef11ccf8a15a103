import { defineRule } from './define-rule.ts';
import { claimsOf, kindOf } from './context.ts';

/** A JWT whose claims have no `exp`. */
export const expMissing = defineRule({
  id: 'exp-missing',
  severity: 'medium',
  scope: 'token',
  title: 'No expiry (exp)',
  explanation:
    'Without an exp claim the token is valid forever: a copy stolen from a log, a browser or a proxy keeps working until the signing key is rotated. Issue short-lived tokens with exp and refresh them.',
  reference: 'RFC 7519 §4.1.4; RFC 8725 §3.10',
  check(ctx) {
    // A DPoP proof carries its own key and has no exp, iss or aud by design (RFC 9449 §4.2); its own rules judge it.
    if (kindOf(ctx) === 'dpop') return [];
    const claims = claimsOf(ctx);
    if (!claims || Object.prototype.hasOwnProperty.call(claims, 'exp')) return [];
    return [{ message: 'The token has no "exp" claim: it never expires.' }];
  },
});
