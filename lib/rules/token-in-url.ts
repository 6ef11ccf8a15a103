import { travelOf } from '../capture/legacy.ts';
import { defineRule } from './define-rule.ts';
import { quote } from './context.ts';

/** The name of the query or fragment parameter of `url` whose value is `token`. */
function paramHolding(url: string | undefined, token: string): string | undefined {
  if (url === undefined || !url.includes(token)) return undefined;
  try {
    const u = new URL(url);
    let found: string | undefined;
    for (const params of [u.searchParams, new URLSearchParams(u.hash.slice(1))])
      params.forEach((v, k) => {
        if (found === undefined && v === token) found = k;
      });
    return found;
  } catch {
    return undefined;
  }
  return undefined;
}

/** A token carried in a URL's query string or fragment. */
export const tokenInUrl = defineRule({
  id: 'token-in-url',
  severity: 'medium',
  scope: 'sighting',
  title: 'Token in a URL',
  explanation:
    'URLs end up in browser history, server and proxy logs, and Referer headers sent to other sites, so a token in a URL leaks. Send tokens in the Authorization header or in an HttpOnly cookie, and use the authorization-code flow instead of tokens in the fragment.',
  reference: 'RFC 6750 §2.3, §5.3; RFC 9700 §4.3',
  check(ctx) {
    const { url } = ctx.context;
    const location = travelOf(ctx.context).location;
    // The URL parameter that held it: the location's own, or the one inside a header's URL (Location).
    const param = location?.kind === 'header' ? location.url : location;
    const inUrl = param?.kind === 'query' || param?.kind === 'fragment' || param?.kind === 'path';
    const token = ctx.decoded.token;
    let where: string | undefined;
    if (url !== undefined && token.length > 0 && url.includes(token)) {
      const hash = url.indexOf('#');
      const at = url.indexOf(token);
      where =
        hash >= 0 && at > hash
          ? 'the fragment'
          : url.indexOf('?') >= 0 && at > url.indexOf('?')
            ? 'the query string'
            : 'the path';
    } else if (inUrl) where = 'the URL';
    if (where === undefined) return [];
    // The parameter named in the URL itself when the sighting's own location is elsewhere (storage on a page whose URL holds it).
    const name = inUrl ? param.name : (paramHolding(url, token) ?? location?.name);
    const named = name ? ` (parameter ${quote(name)})` : '';
    const of = url !== undefined ? ` of ${quote(url.split(/[?#]/)[0], 120)}` : '';
    return [
      {
        message: `The token is in ${where}${of}${named}, where browser history, logs and Referer headers leak it.`,
        // Once per URL, however many ways (request, redirect, page storage) that URL was seen.
        key: url !== undefined ? url.split(/[?#]/)[0] : `${where}${named}`,
      },
    ];
  },
});
