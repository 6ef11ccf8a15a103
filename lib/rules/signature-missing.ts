import { defineRule } from './define-rule.ts';
import { algOf, quote } from './context.ts';

/** A JWS whose header names a signing algorithm but whose signature segment is empty. */
export const signatureMissing = defineRule({
  id: 'signature-missing',
  severity: 'high',
  scope: 'token',
  title: 'Signature stripped',
  explanation:
    'The header names a signing algorithm but the signature segment is empty. Such a token only works against a server that skips verification when the signature is absent. Verify every token and reject an empty signature.',
  reference: 'RFC 7515 §5.2; RFC 8725 §3.1',
  check(ctx) {
    const alg = algOf(ctx);
    if (alg === undefined) return [];
    if (ctx.decoded.kind === 'malformed' && ctx.decoded.segments.length === 2 && alg.toLowerCase() !== 'none')
      return [
        {
          message: `The header says "alg": ${quote(alg)} but the token has no signature segment at all (header.payload, without the second dot): the signature was stripped.`,
        },
      ];
    if (ctx.decoded.kind !== 'jws') return [];
    if (!ctx.signature || ctx.signature.length > 0) return [];
    return [
      {
        message: `The header says "alg": ${quote(alg)} but the signature segment is empty: the signature was stripped or never made.`,
      },
    ];
  },
});
