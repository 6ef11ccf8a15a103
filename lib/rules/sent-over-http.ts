import { travelOf } from '../capture/legacy.ts';
import { isLoopback } from '../capture/recipient.ts';
import { defineRule } from './define-rule.ts';
import { quote } from './context.ts';

/** A token sent to (or read on) a page over plain HTTP or WS, other than to the local machine. */
export const sentOverHttp = defineRule({
  id: 'sent-over-http',
  severity: 'high',
  scope: 'sighting',
  title: 'Sent without TLS',
  explanation:
    'The token travelled over plain HTTP, where anyone on the network path (public Wi-Fi, a proxy, an ISP) can read and replay it. Serve the site and API only over HTTPS, enable HSTS, and mark token cookies Secure.',
  reference: 'RFC 6750 §5.3; RFC 8725 §3.2',
  check(ctx) {
    const raw = ctx.context.url;
    if (raw === undefined) return [];
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return [];
    }
    if (url.protocol !== 'http:' && url.protocol !== 'ws:') return [];
    if (isLoopback(url.href)) return [];
    const verb = travelOf(ctx.context).location?.kind === 'storage' ? 'used on' : 'sent to';
    return [
      {
        message: `The token was ${verb} ${quote(`${url.protocol}//${url.host}${url.pathname}`, 120)} without TLS: anyone on the network can read and replay it.`,
        // Once per origin: every path of one plain-HTTP origin is the same exposure.
        key: `${url.protocol}//${url.host}`,
      },
    ];
  },
});
