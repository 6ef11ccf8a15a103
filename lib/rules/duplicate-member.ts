import { defineRule, type RuleReport } from './define-rule.ts';
import { quote } from './context.ts';

const MAX_REPORTED = 5;

/** A JSON member name repeated within one object of the header or payload. */
export const duplicateMember = defineRule({
  id: 'duplicate-member',
  severity: 'high',
  scope: 'token',
  title: 'Duplicate JSON member',
  explanation:
    'The same member name appears twice in one JSON object. Most parsers keep the last value, some the first, and some reject the token, so a gateway and a backend may read different alg, kid or claims from the same token. Verifiers should reject duplicate names.',
  reference: 'RFC 7515 §5.2; RFC 8259 §4',
  check(ctx) {
    const out: RuleReport[] = [];
    for (const seg of ctx.decoded.segments) {
      if (seg.name !== 'header' && seg.name !== 'payload') continue;
      const dups = seg.duplicates;
      for (const d of dups.slice(0, MAX_REPORTED)) {
        const where = d.path ? ` in ${quote(d.path, 60)}` : '';
        out.push({
          message: `The ${seg.name} has ${quote(d.name, 60)} more than once${where}: parsers disagree on which value counts.`,
        });
      }
      if (dups.length > MAX_REPORTED)
        out.push({
          message: `The ${seg.name} has ${dups.length - MAX_REPORTED} more duplicate member names.`,
        });
    }
    return out;
  },
});
