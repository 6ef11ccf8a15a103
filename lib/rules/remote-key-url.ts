import { defineRule, type RuleReport } from './define-rule.ts';
import { own, quote } from './context.ts';

/** A header that points to a key by URL (`jku` or `x5u`). */
export const remoteKeyUrl = defineRule({
  id: 'remote-key-url',
  severity: 'high',
  scope: 'token',
  title: 'Key fetched from a URL in the header',
  explanation:
    "The header tells the server where to download the verification key. A server that follows it fetches an attacker-chosen URL (server-side request forgery) and may verify with the attacker's key. Ignore jku/x5u, or only follow URLs on an exact allow-list over HTTPS.",
  reference: 'RFC 8725 §3.10',
  check(ctx) {
    const out: RuleReport[] = [];
    for (const name of ['jku', 'x5u'] as const) {
      const url = own(ctx.header, name);
      if (url === undefined) continue;
      const plain = typeof url === 'string' && /^http:/i.test(url) ? ' over plain HTTP' : '';
      out.push({
        message: `The header's "${name}" points to ${quote(url)}${plain}: a server that follows it lets the token choose its own key and makes requests on the attacker's behalf.`,
      });
    }
    return out;
  },
});
