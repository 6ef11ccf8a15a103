import { defineRule } from './define-rule.ts';
import { algOf, own, quote } from './context.ts';

const MAX_COUNT = 10_000;
const MIN_COUNT = 1000;

/** A PBES2 JWE with an iteration count (p2c) high enough to exhaust a server, or too low to resist guessing. */
export const jwePbes2Count = defineRule({
  id: 'jwe-pbes2-count',
  severity: 'high',
  scope: 'token',
  title: 'PBES2 iteration count (p2c)',
  explanation:
    "PBES2 makes the recipient run PBKDF2 p2c times before it can even check the token. A huge p2c lets anyone tie up the server's CPU with one request; a tiny one makes the password easy to guess. Verifiers should cap p2c (e.g. 10,000) and senders use at least 1,000 with a strong password, or a non-password algorithm.",
  reference: 'RFC 7518 §4.8.1.2; CVE-2022-36083',
  check(ctx) {
    const alg = algOf(ctx);
    if (ctx.decoded.kind !== 'jwe' || alg === undefined || !alg.startsWith('PBES2')) return [];
    const p2c = own(ctx.header, 'p2c');
    if (typeof p2c !== 'number' || !Number.isInteger(p2c) || p2c < 1)
      return [
        {
          message: `"p2c" is ${quote(p2c)}, not a positive integer iteration count.`,
        },
      ];
    if (p2c > MAX_COUNT)
      return [
        {
          message: `"p2c" asks for ${p2c.toLocaleString('en-US')} PBKDF2 iterations (over ${MAX_COUNT.toLocaleString('en-US')}): a server that honours it can be tied up by one request.`,
        },
      ];
    if (p2c < MIN_COUNT)
      return [
        {
          severity: 'medium',
          message: `"p2c" is only ${p2c} PBKDF2 iterations (RFC 7518 recommends at least ${MIN_COUNT}): the password is cheap to guess.`,
        },
      ];
    return [];
  },
});
