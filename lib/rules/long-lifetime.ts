import { formatDuration, readTimeClaim } from '../time-claims.ts';
import { defineRule } from './define-rule.ts';
import { claimsOf, kindOf } from './context.ts';

/** A token that lives longer than the configured maximum (exp − iat, or exp − now without iat). */
export const longLifetime = defineRule({
  id: 'long-lifetime',
  severity: 'medium',
  scope: 'token',
  title: 'Long-lived token',
  explanation:
    'The token stays valid for a long time, so a stolen copy is useful for just as long. Keep access tokens to minutes or hours and use refresh tokens (which the server can revoke) for long sessions.',
  reference: 'RFC 7519 §4.1.4; RFC 8725 §3.10',
  check(ctx) {
    // A DPoP proof carries its own key and has no exp, iss or aud by design (RFC 9449 §4.2); its own rules judge it.
    if (kindOf(ctx) === 'dpop') return [];
    const claims = claimsOf(ctx);
    const exp = readTimeClaim(claims, 'exp', ctx.payloadText);
    if (!exp || exp.problem || exp.seconds === undefined) return [];
    const iat = readTimeClaim(claims, 'iat', ctx.payloadText);
    const fromIat = iat !== undefined && !iat.problem && iat.seconds !== undefined;
    const start = fromIat ? iat.seconds! : ctx.now;
    const lifetime = exp.seconds - start;
    if (lifetime <= ctx.maxLifetime) return [];
    const how = fromIat ? 'from issue (iat) to expiry (exp)' : 'from now to its expiry (exp); it has no iat';
    return [
      {
        message: `The token is valid for ${formatDuration(lifetime)} ${how}, more than the ${formatDuration(ctx.maxLifetime)} allowed.`,
      },
    ];
  },
});
