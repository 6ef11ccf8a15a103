import { defineRule } from './define-rule.ts';
import { own, quote } from './context.ts';

const MAX_KID_LENGTH = 256;

// Each test names one way a kid that reaches a file path, SQL query, shell or URL fetch can be abused.
// Base64 kids (AWS Cognito uses "+", "/" and "=") must not trip them.
const TESTS: [RegExp, string][] = [
  [/(?:^|[\\/])\.\.(?:[\\/]|$)/, 'a path traversal'],
  [
    /^(?:\/(?:dev|etc|proc|sys|tmp|var|usr|bin|home|root|opt|windows)(?:\/|$)|[A-Za-z]:[\\/]|\\\\)/i,
    'an absolute file path',
  ],
  [/\0/, 'a NUL character'],
  // eslint-disable-next-line no-control-regex -- control characters are what this test looks for.
  [/[\u0001-\u001f\u007f]/, 'control characters'],
  [
    /['"]|;|\s--|--\s|--$|\/\*|\b(?:union\s+(?:all\s+)?select|select\s+\S.*\s+from|or\s+\d+\s*=\s*\d+|sleep\s*\()/i,
    'SQL metacharacters',
  ],
  [/[`|&<>]|\$\(|\$\{/, 'shell metacharacters'],
  [/^(?:https?|file|ftp|gopher|data|javascript|jar|ldaps?|dict|php|expect|zip|smb|s3):/i, 'a URL scheme'],
];

/** A `kid` that looks built to attack how the server looks its key up. */
export const kidInjection = defineRule({
  id: 'kid-injection',
  severity: 'high',
  scope: 'token',
  title: 'Suspicious key id (kid)',
  explanation:
    'The kid header is attacker-controlled. Servers that use it in a file path, a SQL query, a shell command or a URL can be made to read /dev/null (an empty key), inject SQL that returns a chosen key, or run commands. Treat kid as an opaque name: look it up in a fixed map of trusted keys and reject anything else.',
  reference: 'RFC 8725 §3.10',
  check(ctx) {
    const kid = own(ctx.header, 'kid');
    if (typeof kid !== 'string') return [];
    const reasons: string[] = [];
    const sample = kid.length > 4096 ? kid.slice(0, 4096) : kid;
    for (const [re, reason] of TESTS) if (re.test(sample)) reasons.push(reason);
    if (kid.length > MAX_KID_LENGTH) reasons.push(`an overlong value (${kid.length} characters)`);
    if (reasons.length === 0) return [];
    const list =
      reasons.length === 1 ? reasons[0] : `${reasons.slice(0, -1).join(', ')} and ${reasons[reasons.length - 1]}`;
    return [{ message: `kid ${quote(kid)} contains ${list}.` }];
  },
});
