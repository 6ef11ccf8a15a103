import { defineRule } from './define-rule.ts';
import { algOf } from './context.ts';

/** A JWE whose content key is wrapped with RSAES-PKCS1-v1_5. */
export const jweRsa15 = defineRule({
  id: 'jwe-rsa1_5',
  severity: 'high',
  scope: 'token',
  title: 'JWE key wrapped with RSA1_5',
  explanation:
    'RSAES-PKCS1-v1_5 key encryption is open to Bleichenbacher padding-oracle attacks: a server whose errors or timing differ on bad padding lets an attacker decrypt tokens and forge new ones. Use RSA-OAEP-256 or ECDH-ES instead.',
  reference: 'RFC 8725 §3.2; RFC 7518 §4.2',
  check(ctx) {
    if (ctx.decoded.kind !== 'jwe' || algOf(ctx) !== 'RSA1_5') return [];
    return [
      {
        message: 'The content key is wrapped with RSA1_5 (RSAES-PKCS1-v1_5), which is open to padding-oracle attacks.',
      },
    ];
  },
});
