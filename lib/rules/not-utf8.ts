import { defineRule, type RuleReport } from './define-rule.ts';

/** A header or payload whose bytes are not valid UTF-8. */
export const notUtf8 = defineRule({
  id: 'not-utf8',
  severity: 'medium',
  scope: 'token',
  title: 'Not UTF-8',
  explanation:
    'JSON in a JWT must be UTF-8. Invalid byte sequences are replaced, rejected or passed through differently by each decoder, so two services may read different claims. Encode JSON as UTF-8 and reject anything else.',
  reference: 'RFC 8725 §3.7',
  check(ctx) {
    const out: RuleReport[] = [];
    for (const seg of ctx.decoded.segments) {
      if (!seg.notUtf8) continue;
      // A payload that is not JSON may legitimately be binary; only JSON text must be UTF-8.
      if (seg.name !== 'header' && !(seg.name === 'payload' && ctx.decoded.payloadIsJson)) continue;
      out.push({
        message: `The ${seg.name} is not valid UTF-8: decoders disagree on what it says.`,
      });
    }
    return out;
  },
});
