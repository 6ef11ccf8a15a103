import { travelOf } from '../capture/legacy.ts';
import { defineRule } from './define-rule.ts';
import { claimsOf, kindOf, quote } from './context.ts';

/** An ID token sent as a bearer credential (Authorization: Bearer / DPoP) to an API. */
export const idTokenAsBearer = defineRule({
  id: 'id-token-as-bearer',
  severity: 'medium',
  scope: 'sighting',
  title: 'ID token used as an access token',
  explanation:
    'An ID token tells the client who signed in; it is not a credential for APIs. Its audience is the client, not the API, it carries no scopes, and an API that accepts it accepts any ID token issued to that client (including one from another login, or one another app obtained). Even the provider\u2019s userinfo endpoint expects an access token. Request an access token for the API (with a resource indicator or audience) and send that instead.',
  reference: 'OIDC Core 1.0 §2, §5.3; RFC 9068 §1; RFC 9700 §2.3',
  check(ctx) {
    if (kindOf(ctx) !== 'id') return [];
    const { location, direction } = travelOf(ctx.context);
    if (location?.kind !== 'header' || location.url || location.name.toLowerCase() !== 'authorization') return [];
    const scheme = location.scheme?.toLowerCase();
    if ((scheme !== 'bearer' && scheme !== 'dpop') || (direction !== undefined && direction !== 'request')) return [];
    const raw = ctx.context.url;
    let target = 'an API';
    let toIssuer = false;
    if (raw !== undefined) {
      try {
        const u = new URL(raw);
        target = quote(`${u.origin}${u.pathname}`, 120);
        const iss = claimsOf(ctx)?.iss;
        toIssuer = typeof iss === 'string' && new URL(iss).origin === u.origin;
      } catch {
        target = quote(raw.split(/[?#]/)[0], 120);
      }
    }
    const where = toIssuer
      ? `to its own issuer at ${target} (if that is the userinfo endpoint, it expects the access token, not the ID token)`
      : `to ${target}, an API: APIs should receive an access token, not the ID token`;
    return [
      {
        message: `The ID token was sent as Authorization: ${location.scheme} ${where}.`,
        ...(toIssuer ? { severity: 'low' as const } : {}),
      },
    ];
  },
});
