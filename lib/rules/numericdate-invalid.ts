import { claimText, readTimeClaim, type TimeClaim } from '../time-claims.ts';
import { defineRule, type RuleReport } from './define-rule.ts';
import { claimsOf, quote } from './context.ts';

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function describe(c: TimeClaim): string {
  switch (c.problem) {
    case 'not-a-number':
      return `"${c.name}" is ${typeof c.value === 'string' ? 'the string' : `a ${c.value === null ? 'null' : Array.isArray(c.value) ? 'array' : typeof c.value}`} ${quote(c.value, 40)}, not a number of seconds: libraries disagree on how to read it, and some skip the check.`;
    case 'milliseconds':
      return `"${c.name}" is ${claimText(c)}, which looks like milliseconds: read as seconds it falls in the year ${new Date(c.seconds! * 1000).getUTCFullYear()}${c.name === 'exp' ? ', so the token effectively never expires' : ''}.`;
    case 'negative':
      return `"${c.name}" is ${claimText(c)}, before 1970.`;
    default:
      return `"${c.name}" is ${cut(claimText(c), 40)}, beyond the range of any date.`;
  }
}

/** An exp/nbf/iat that is not a sound NumericDate: not a number, negative, in milliseconds or out of range. */
export const numericdateInvalid = defineRule({
  id: 'numericdate-invalid',
  severity: 'medium',
  scope: 'token',
  title: 'Invalid date claim',
  explanation:
    'exp, nbf and iat must be NumericDates: numbers of seconds since 1970. Strings, milliseconds and negative values are read differently by different libraries, so one service may think the token expired and another that it never does. Emit whole seconds.',
  reference: 'RFC 7519 §2, §4.1.4',
  check(ctx) {
    const claims = claimsOf(ctx);
    const out: RuleReport[] = [];
    for (const name of ['exp', 'nbf', 'iat'] as const) {
      const c = readTimeClaim(claims, name, ctx.payloadText);
      if (c?.problem) out.push({ message: describe(c) });
    }
    return out;
  },
});
