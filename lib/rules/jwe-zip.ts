import { defineRule } from './define-rule.ts';
import { own, quote } from './context.ts';

/** A JWE that compresses its plaintext before encryption (`zip`). */
export const jweZip = defineRule({
  id: 'jwe-zip',
  severity: 'medium',
  scope: 'token',
  title: 'Compressed before encryption (zip)',
  explanation:
    'Compressing plaintext before encrypting it makes the ciphertext length depend on the content; when attacker-chosen data sits next to secrets (as in CRIME/BREACH) that leaks the secrets. A decompression bomb can also exhaust the recipient. Do not use zip; if you must, cap the decompressed size.',
  reference: 'RFC 8725 §3.6',
  check(ctx) {
    const zip = own(ctx.header, 'zip');
    if (ctx.decoded.kind !== 'jwe' || zip === undefined) return [];
    return [
      {
        message: `The plaintext is compressed before encryption ("zip": ${quote(zip)}): its length can leak secrets, and a decompression bomb can exhaust the recipient.`,
      },
    ];
  },
});
