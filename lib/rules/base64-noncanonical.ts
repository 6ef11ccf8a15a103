import { defineRule, type RuleReport } from './define-rule.ts';

/** A segment that is not the canonical base64url spelling of its bytes (padding, non-zero spare bits). */
export const base64Noncanonical = defineRule({
  id: 'base64-noncanonical',
  severity: 'low',
  scope: 'token',
  title: 'Non-canonical base64url',
  explanation:
    'A segment carries "=" padding or non-zero spare bits, so several different strings decode to the same token. Caches, revocation lists and replay checks keyed on the token text can be bypassed with such a twin. Accept only canonical base64url, and key lists on decoded values.',
  reference: 'RFC 7515 §2; RFC 4648 §3.5',
  check(ctx) {
    const out: RuleReport[] = [];
    for (const seg of ctx.decoded.segments) {
      if (!seg.noncanonical) continue;
      const why = seg.text.endsWith('=') ? 'has "=" padding' : 'has non-zero spare bits in its last character';
      out.push({
        message: `The ${seg.name.replace('_', ' ')} segment ${why}: other spellings of this token decode the same.`,
      });
    }
    return out;
  },
});
