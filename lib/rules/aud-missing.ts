import { defineRule } from './define-rule.ts';
import { claimsOf, kindOf } from './context.ts';

/** A JWT whose claims have no `aud`. */
export const audMissing = defineRule({
  id: 'aud-missing',
  severity: 'low',
  scope: 'token',
  title: 'No audience (aud)',
  explanation:
    'Without an aud claim a token issued for one service is accepted by every other service that trusts the same issuer (token substitution). Set aud to the intended recipient and have each service check it.',
  reference: 'RFC 8725 §3.9; RFC 7519 §4.1.3',
  check(ctx) {
    // A DPoP proof carries its own key and has no exp, iss or aud by design (RFC 9449 §4.2); its own rules judge it.
    if (kindOf(ctx) === 'dpop') return [];
    const claims = claimsOf(ctx);
    if (!claims || Object.prototype.hasOwnProperty.call(claims, 'aud')) return [];
    return [{ message: 'The token has no "aud" claim naming its audience.' }];
  },
});
