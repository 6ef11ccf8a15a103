import { defineRule } from './define-rule.ts';
import { cookieName, cookieAttributesOf } from './cookie.ts';

/** A token cookie that the browser also sends over plain HTTP (no Secure). */
export const cookieNotSecure = defineRule({
  id: 'cookie-not-secure',
  severity: 'medium',
  scope: 'sighting',
  title: 'Cookie sent over plain HTTP too (no Secure)',
  explanation:
    "Without Secure the browser also sends the cookie over plain HTTP, for example to an http:// link or a network attacker's injected request, where it can be read. Set Secure on cookies that carry tokens (and serve everything over HTTPS).",
  reference: 'RFC 6265 §4.1.2.5',
  check(ctx) {
    const attrs = cookieAttributesOf(ctx);
    if (!attrs || attrs.secure === true) return [];
    return [
      {
        message: `Cookie ${cookieName(ctx)} has no Secure attribute: the browser also sends the token over plain HTTP.`,
      },
    ];
  },
});
