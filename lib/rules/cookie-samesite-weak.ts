import { defineRule } from './define-rule.ts';
import { cookieName, cookieAttributesOf } from './cookie.ts';

/** A token cookie with no SameSite attribute, or SameSite=None. */
export const cookieSamesiteWeak = defineRule({
  id: 'cookie-samesite-weak',
  severity: 'low',
  scope: 'sighting',
  title: 'Cookie sent on cross-site requests (SameSite)',
  explanation:
    'With SameSite=None (or no SameSite attribute in browsers that do not default to Lax) the browser attaches the token cookie to requests that other sites trigger, which enables cross-site request forgery. Set SameSite=Lax or Strict, and keep CSRF defences for state-changing requests.',
  reference: 'RFC 6265bis §5.4.7 (draft-ietf-httpbis-rfc6265bis)',
  check(ctx) {
    const attrs = cookieAttributesOf(ctx);
    if (!attrs) return [];
    const value = attrs.sameSite?.trim().toLowerCase();
    if (value === 'lax' || value === 'strict') return [];
    const message =
      value === undefined || value === '' || value === 'unspecified' || value === 'no_restriction'
        ? value === 'no_restriction'
          ? `Cookie ${cookieName(ctx)} has SameSite=None: it is sent with cross-site requests.`
          : `Cookie ${cookieName(ctx)} has no SameSite attribute: older browsers send it with cross-site requests.`
        : value === 'none'
          ? `Cookie ${cookieName(ctx)} has SameSite=None: it is sent with cross-site requests.`
          : `Cookie ${cookieName(ctx)} has an unrecognised SameSite value "${attrs.sameSite}", which browsers treat as missing.`;
    return [{ message }];
  },
});
