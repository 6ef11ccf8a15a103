import { travelOf } from '../capture/legacy.ts';
import { invisibleCodes, showInvisible } from '../text/visible-text.ts';
import { defineRule } from './define-rule.ts';

/** A token cookie whose name holds invisible or bidi characters (it shadows a look-alike cookie). */
export const invisibleCookieName = defineRule({
  id: 'invisible-cookie-name',
  severity: 'medium',
  scope: 'sighting',
  title: 'Invisible or bidi characters in a cookie name',
  explanation:
    'A cookie name with zero-width or bidi-control characters looks like another cookie ("session" vs "session\u200B") while the server treats it as a different one: a classic way to plant a look-alike session cookie or hide one. Cookie names carrying tokens should be plain ASCII tokens (RFC 6265 §4.1.1).',
  reference: 'CVE-2021-42574 (Trojan Source); Unicode TR36 §2; RFC 6265 §4.1.1',
  check(ctx) {
    const loc = travelOf(ctx.context).location;
    if (!loc || (loc.kind !== 'cookie' && loc.kind !== 'set-cookie')) return [];
    const name = loc.name;
    if (typeof name !== 'string') return [];
    const codes = invisibleCodes(name);
    if (codes.length === 0) return [];
    return [
      {
        message: `Cookie ${JSON.stringify(showInvisible(name.slice(0, 100)))} has invisible or bidi characters in its name (${codes
          .slice(0, 8)
          .map((c) => `⟨${c}⟩`)
          .join(' ')}).`,
      },
    ];
  },
});
