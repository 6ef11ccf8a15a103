import { defineRule, type RuleReport } from './define-rule.ts';
import { own, quote } from './context.ts';

// Extensions that common JOSE libraries (jose among them) understand when listed in crit.
const UNDERSTOOD = new Set(['b64']);
// Header parameters registered by RFC 7515/7516/7518: RFC 7515 §4.1.11 forbids listing them in crit.
const REGISTERED = new Set([
  'alg',
  'jku',
  'jwk',
  'kid',
  'x5u',
  'x5c',
  'x5t',
  'x5t#S256',
  'typ',
  'cty',
  'crit',
  'enc',
  'zip',
  'epk',
  'apu',
  'apv',
  'iv',
  'tag',
  'p2s',
  'p2c',
]);

/** A `crit` header that is malformed or lists extensions that verifiers are unlikely to understand. */
export const critUnsupported = defineRule({
  id: 'crit-unsupported',
  severity: 'medium',
  scope: 'token',
  title: 'Critical header extension',
  explanation:
    'The crit header lists extensions that every recipient must understand, or else reject the token. Many libraries ignore crit, so two services may disagree on whether the token is valid and on what it means. Only use registered extensions your verifiers support, and make verifiers reject unknown crit entries.',
  reference: 'RFC 7515 §4.1.11',
  check(ctx) {
    const crit = own(ctx.header, 'crit');
    if (crit === undefined) return [];
    const f = (message: string): RuleReport[] => [{ message }];
    if (!Array.isArray(crit) || crit.some((c) => typeof c !== 'string'))
      return f(`"crit" must be an array of header names, but it is ${quote(crit)}: verifiers must reject this token.`);
    if (crit.length === 0)
      return f('"crit" is an empty array, which RFC 7515 §4.1.11 forbids: verifiers must reject this token.');
    const names = crit as string[];
    const registered = names.filter((n) => REGISTERED.has(n));
    if (registered.length > 0)
      return f(
        `"crit" lists the registered header ${registered.map((n) => quote(n)).join(', ')}, which RFC 7515 §4.1.11 forbids.`,
      );
    const absent = names.filter((n) => own(ctx.header, n) === undefined);
    if (absent.length > 0)
      return f(
        `"crit" lists ${absent.map((n) => quote(n)).join(', ')}, which the header does not contain: verifiers must reject this token.`,
      );
    const unknown = names.filter((n) => !UNDERSTOOD.has(n));
    if (unknown.length > 0)
      return f(
        `"crit" requires the extension ${unknown.map((n) => quote(n)).join(', ')}: verifiers that do not understand it must reject the token, and libraries that ignore crit will not.`,
      );
    return [];
  },
});
