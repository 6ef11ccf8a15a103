import { travelOf } from '../capture/legacy.ts';
import { defineRule } from './define-rule.ts';
import { quote } from './context.ts';

/** A token kept in localStorage or sessionStorage. */
export const webStorage = defineRule({
  id: 'web-storage',
  severity: 'medium',
  scope: 'sighting',
  title: 'Token in Web Storage',
  explanation:
    'localStorage and sessionStorage are readable by every script on the origin, so a single XSS or compromised third-party script can steal the token (localStorage also keeps it after the browser closes). Prefer an HttpOnly, Secure, SameSite cookie, or keep the token in memory.',
  reference: 'OWASP HTML5 Security Cheat Sheet (Local Storage); RFC 8725 §3.10',
  check(ctx) {
    const { url } = ctx.context;
    const location = travelOf(ctx.context).location;
    if (location?.kind !== 'storage') return [];
    const store = location.area === 'session' ? 'sessionStorage' : 'localStorage';
    // The key and the path inside its value, as v3 named them (`key › path`).
    const where = location.jsonPath ? `${location.name} › ${location.jsonPath}` : location.name;
    const key = ` under ${quote(where, 60)}`;
    let origin = '';
    if (url !== undefined) {
      try {
        origin = ` of ${new URL(url).origin}`;
      } catch {
        origin = '';
      }
    }
    return [
      {
        message: `The token is stored in ${store}${key}${origin}, where any script on the page can read it.`,
      },
    ];
  },
});
