import { travelOf } from '../capture/legacy.ts';
import { isThirdPartyRecipient, hostOf } from '../capture/recipient.ts';
import { defineRule } from './define-rule.ts';
import { claimsOf, own, quote } from './context.ts';

/** A bearer token sent to a site other than the page's, and not named in `aud`. */
export const thirdPartyRecipient = defineRule({
  id: 'third-party-recipient',
  severity: 'medium',
  scope: 'sightings',
  title: 'Sent to a third party',
  explanation:
    'The page sent this bearer token to a host outside its own site that the token does not name in aud. Whoever runs that host can replay the token against every API that accepts it. Send tokens only to their audience: restrict the HTTP client (or fetch interceptor) that adds Authorization to your own API origins, and give each API its own audience.',
  reference: 'RFC 8725 §3.9; RFC 6750 §5.2; RFC 9700 §4.10',
  check(ctx) {
    const { sightings, pageUrl } = ctx;
    if (!sightings) return [];
    const aud = own(claimsOf(ctx), 'aud');
    const hosts = new Map<string, string>();
    for (const s of sightings) {
      // Headers the page sent (Authorization and the like), not a token a server handed out.
      const travel = travelOf(s);
      if (travel.direction !== 'request' || travel.location?.kind !== 'header' || !s.url) continue;
      const page = s.initiator ?? pageUrl;
      if (page && isThirdPartyRecipient(s.url, page, aud)) {
        const host = hostOf(s.url);
        const from = hostOf(page);
        if (host && !hosts.has(host)) hosts.set(host, from ?? page);
      }
    }
    return [...hosts].slice(0, 5).map(([host, from]) => ({
      message: `The page on ${quote(from)} sent this token to ${quote(host)}, which is not its site and not in aud: that host can replay it.`,
    }));
  },
});
