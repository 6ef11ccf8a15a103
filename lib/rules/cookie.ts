import type { CookieAttributes } from '../types.ts';
import type { RuleContext } from './context.ts';
import { quote } from './context.ts';

/** The cookie attributes of a token seen in a cookie, when they are known. */
export function cookieAttributesOf(ctx: RuleContext): CookieAttributes | undefined {
  const { source, cookieAttributes } = ctx.context;
  if (source !== 'cookie' && source !== 'set-cookie') return undefined;
  return cookieAttributes;
}

/** The cookie's name quoted for a message. */
export function cookieName(ctx: RuleContext): string {
  return ctx.context.name !== undefined ? quote(ctx.context.name, 60) : '(unnamed)';
}
