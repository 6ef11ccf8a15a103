import { invisibleCodes, showInvisible } from '../text/visible-text.ts';
import { defineRule, type RuleReport } from './define-rule.ts';
import { claimsOf, own } from './context.ts';

// Fields that decide who issued a token, for whom, and with which key: a look-alike there misleads.
const HEADER_FIELDS = ['kid', 'jku', 'x5u'] as const;
const CLAIM_FIELDS = ['iss', 'aud', 'sub'] as const;
const MAX_VALUES = 16;

function report(where: string, value: string): RuleReport {
  const shown = showInvisible(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  const codes = invisibleCodes(value)
    .slice(0, 8)
    .map((c) => `⟨${c}⟩`)
    .join(' ');
  return {
    message: `${where} holds invisible or bidi characters (${codes}): ${JSON.stringify(shown)}. It looks like a different value than it is.`,
  };
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.slice(0, MAX_VALUES).filter((v): v is string => typeof v === 'string');
  return [];
}

/** Invisible, zero-width or bidi-control characters in iss, aud, sub, kid, jku or x5u (Trojan Source). */
export const invisibleCharacters = defineRule({
  id: 'invisible-characters',
  severity: 'medium',
  scope: 'token',
  title: 'Invisible or bidi characters in an identity field',
  explanation:
    'Zero-width characters and bidirectional overrides (U+202E, U+2066–U+2069…) are invisible or reorder the text around them, so an issuer, audience, subject or key id can look like a trusted value while comparing differently — and URL parsers silently drop some of them, so a "jku" or discovery URL may point elsewhere than it reads. Reject such values when validating tokens; JWT Lens shows each as ⟨U+…⟩.',
  reference: 'CVE-2021-42574 (Trojan Source); Unicode TR36 §2; RFC 8725 §3.8',
  check(ctx) {
    const out: RuleReport[] = [];
    for (const name of HEADER_FIELDS) {
      const value = own(ctx.header, name);
      // The common case, one string (or nothing): no array of strings built for it.
      if (typeof value === 'string') {
        if (invisibleCodes(value).length) out.push(report(`The header's "${name}"`, value));
      } else if (value !== undefined)
        for (const v of strings(value)) if (invisibleCodes(v).length) out.push(report(`The header's "${name}"`, v));
    }
    const claims = claimsOf(ctx);
    for (const name of CLAIM_FIELDS) {
      const value = own(claims, name);
      if (typeof value === 'string') {
        if (invisibleCodes(value).length) out.push(report(`The "${name}" claim`, value));
      } else if (value !== undefined)
        for (const v of strings(value)) if (invisibleCodes(v).length) out.push(report(`The "${name}" claim`, v));
    }
    return out;
  },
});
