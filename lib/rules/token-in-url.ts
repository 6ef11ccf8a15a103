import { defineRule } from './define-rule.ts';
import { quote } from './context.ts';

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
    const { source, url, name } = ctx.context;
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
    } else if (source === 'url') where = 'the URL';
    if (where === undefined) return [];
    const param = name ? ` (parameter ${quote(name)})` : '';
    const of = url !== undefined ? ` of ${quote(url.split(/[?#]/)[0], 120)}` : '';
    return [
      {
        message: `The token is in ${where}${of}${param}, where browser history, logs and Referer headers leak it.`,
      },
    ];
  },
});
