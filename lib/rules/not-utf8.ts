import type { Finding } from '../types.ts';
import type { Rule } from './context.ts';

/** A header or payload whose bytes are not valid UTF-8. */
export const notUtf8: Rule = {
  id: 'not-utf8',
  severity: 'medium',
  title: 'Not UTF-8',
  explanation:
    'JSON in a JWT must be UTF-8. Invalid byte sequences are replaced, rejected or passed through differently by each decoder, so two services may read different claims. Encode JSON as UTF-8 and reject anything else.',
  reference: 'RFC 8725 §3.7',
  check(ctx) {
    const out: Finding[] = [];
    for (const seg of ctx.decoded.segments) {
      if (!seg.notUtf8) continue;
      // A payload that is not JSON may legitimately be binary; only JSON text must be UTF-8.
      if (seg.name !== 'header' && !(seg.name === 'payload' && ctx.decoded.payloadIsJson)) continue;
      out.push({
        rule: 'not-utf8',
        severity: 'medium',
        message: `The ${seg.name} is not valid UTF-8: decoders disagree on what it says.`,
      });
    }
    return out;
  },
};
