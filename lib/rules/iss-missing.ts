import { defineRule } from './define-rule.ts';
import { claimsOf, kindOf } from './context.ts';

/** A JWT whose claims have no `iss`. */
export const issMissing = defineRule({
  id: 'iss-missing',
  severity: 'low',
  scope: 'token',
  title: 'No issuer (iss)',
  explanation:
    'Without an iss claim a server cannot tell which issuer (and so which key and rules) a token belongs to, which invites tokens from one system being replayed against another. Set iss and check it against the expected issuer.',
  reference: 'RFC 8725 §3.8; RFC 7519 §4.1.1',
  check(ctx) {
    // A DPoP proof carries its own key and has no exp, iss or aud by design (RFC 9449 §4.2); its own rules judge it.
    if (kindOf(ctx) === 'dpop') return [];
    const claims = claimsOf(ctx);
    if (!claims || Object.prototype.hasOwnProperty.call(claims, 'iss')) return [];
    return [{ message: 'The token has no "iss" claim naming its issuer.' }];
  },
});
