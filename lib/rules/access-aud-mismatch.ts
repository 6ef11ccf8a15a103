import { travelOf } from '../capture/legacy.ts';
import { defineRule } from './define-rule.ts';
import { claimsOf, kindOf, quote } from './context.ts';

function originOf(text: string): string | undefined {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** An access token sent to an API that none of its audiences names. */
export const accessAudMismatch = defineRule({
  id: 'access-aud-mismatch',
  severity: 'medium',
  scope: 'sighting',
  title: 'Access token sent outside its audience',
  explanation:
    'An access token\u2019s "aud" names the resource servers it is meant for; each API must reject tokens whose audience is not itself, or a token issued for one API can be replayed against another (and a malicious API can use the tokens it receives elsewhere). A token sent to an origin none of its audiences names is either accepted by an API that does not check aud, or sent where it does not belong. Request tokens per API (resource indicators, RFC 8707) and check aud on the API.',
  reference: 'RFC 9068 §4; RFC 8707 §2; RFC 8725 §3.9',
  check(ctx) {
    if (kindOf(ctx) !== 'access') return [];
    const { location, direction } = travelOf(ctx.context);
    if (location?.kind !== 'header' || location.url || location.name.toLowerCase() !== 'authorization') return [];
    const scheme = location.scheme?.toLowerCase();
    // Only where it was presented as a credential to an API (RFC 6750 Bearer, RFC 9449 DPoP).
    if ((scheme !== 'bearer' && scheme !== 'dpop') || (direction !== undefined && direction !== 'request')) return [];
    const target = ctx.context.url !== undefined ? originOf(ctx.context.url) : undefined;
    if (target === undefined) return [];
    const aud = claimsOf(ctx)?.aud;
    const auds = (typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : []).filter(
      (a): a is string => typeof a === 'string',
    );
    if (!auds.length) return [];
    const host = new URL(target).host;
    const urlAuds = auds.filter((a) => originOf(a) !== undefined);
    if (urlAuds.some((a) => originOf(a) === target) || auds.some((a) => a === host || a === target)) return [];
    const shown = quote(auds.slice(0, 4), 160);
    if (urlAuds.length)
      return [
        {
          message: `aud ${shown} names none of the origin ${quote(target)} the token was sent to (each aud URL's origin compared with the request's).`,
        },
      ];
    return [
      {
        severity: 'info',
        message: `aud ${shown} holds identifiers, not URLs: none equals the host ${quote(host)} the token was sent to; make sure that API checks aud.`,
      },
    ];
  },
});
