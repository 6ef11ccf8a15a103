import { defineRule } from './define-rule.ts';
import { claimsOf } from './context.ts';

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
    const claims = claimsOf(ctx);
    if (!claims || Object.prototype.hasOwnProperty.call(claims, 'exp')) return [];
    return [{ message: 'The token has no "exp" claim: it never expires.' }];
  },
});
