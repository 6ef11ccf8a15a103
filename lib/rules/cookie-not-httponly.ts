import { defineRule } from './define-rule.ts';
import { cookieName, cookieAttributesOf } from './cookie.ts';

/** A token cookie that scripts can read (no HttpOnly). */
export const cookieNotHttponly = defineRule({
  id: 'cookie-not-httponly',
  severity: 'medium',
  scope: 'sighting',
  title: 'Cookie readable by JavaScript (no HttpOnly)',
  explanation:
    'Without HttpOnly any script running on the page, including one injected through XSS or a compromised dependency, can read the token and send it elsewhere. Set HttpOnly on cookies that carry tokens.',
  reference: 'RFC 6265 §4.1.2.6',
  check(ctx) {
    const attrs = cookieAttributesOf(ctx);
    if (!attrs || attrs.httpOnly === true) return [];
    return [
      {
        message: `Cookie ${cookieName(ctx)} has no HttpOnly attribute: any script on the page can read the token.`,
      },
    ];
  },
});
