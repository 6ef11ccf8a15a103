import { defineRule } from './define-rule.ts';
import { algOf, quote } from './context.ts';

/** `alg: none` in any spelling: an unsecured token that anyone can forge. */
export const algNone = defineRule({
  id: 'alg-none',
  severity: 'critical',
  scope: 'token',
  title: 'Unsigned token (alg "none")',
  explanation:
    'The header declares "alg": "none", so the token carries no signature and anyone can forge or alter it. A server that accepts it trusts whatever the client sends. Reject "none" in every letter case and pin the algorithms the server expects.',
  reference: 'RFC 8725 §3.1; CVE-2015-9235',
  check(ctx) {
    const alg = algOf(ctx);
    if (alg === undefined || alg.toLowerCase() !== 'none') return [];
    const variant = alg === 'none' ? '' : ' (a letter-case variant that slips past verifiers which only reject "none")';
    const sig =
      ctx.signature && ctx.signature.length > 0 ? `, yet it carries a ${ctx.signature.length}-byte signature` : '';
    return [
      {
        message: `The header says "alg": ${quote(alg)}${variant}${sig}: the token is unsigned and anyone can forge it.`,
      },
    ];
  },
});
