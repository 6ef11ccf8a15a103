import { travelOf } from '../capture/legacy.ts';
import type { CookieAttributes } from '../types.ts';
import type { RuleContext } from './context.ts';
import { quote } from './context.ts';

/** The cookie attributes of a token seen in a cookie, when they are known. */
export function cookieAttributesOf(ctx: RuleContext): CookieAttributes | undefined {
  const kind = travelOf(ctx.context).location?.kind;
  if (kind !== 'cookie' && kind !== 'set-cookie') return undefined;
  return ctx.context.cookieAttributes;
}

/** The cookie's name quoted for a message. */
export function cookieName(ctx: RuleContext): string {
  const name = travelOf(ctx.context).location?.name;
  return name !== undefined ? quote(name, 60) : '(unnamed)';
}
