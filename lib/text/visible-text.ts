// Invisible and bidirectional characters (Trojan Source, CVE-2021-42574; Unicode TR36) hide or
// reorder what a reader sees: every place that shows token-derived text shows them as markers.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const INVISIBLE_ALL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** One piece of text as shown: plain text, or one invisible character shown as its code point. */
export type VisibleSegment = { kind: 'text'; text: string } | { kind: 'marker'; code: string; char: string };

/** The code point of a character as `U+202E` (at least four hex digits). */
export function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** True when the text holds a control, format (Cf: bidi overrides, zero-width…) or line-separator character. */
export function hasInvisible(text: string): boolean {
  return INVISIBLE.test(text);
}

/** The distinct invisible characters of a text, as code point names, in order of first occurrence. */
export function invisibleCodes(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(INVISIBLE_ALL)) seen.add(codePointName(m[0]));
  return [...seen];
}

/** Splits text into plain runs and one marker per invisible character (linear; nothing dropped). */
export function visibleSegments(text: string): VisibleSegment[] {
  if (!INVISIBLE.test(text)) return [{ kind: 'text', text }];
  const out: VisibleSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(INVISIBLE_ALL)) {
    const at = m.index;
    if (at > last) out.push({ kind: 'text', text: text.slice(last, at) });
    out.push({ kind: 'marker', code: codePointName(m[0]), char: m[0] });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** The text with each invisible character replaced by `⟨U+202E⟩`, for plain-text outputs (Markdown, titles). */
export function showInvisible(text: string): string {
  return INVISIBLE.test(text) ? text.replace(INVISIBLE_ALL, (c) => `⟨${codePointName(c)}⟩`) : text;
}

/**
 * Why a URL must not be fetched as written, or undefined: the URL parser silently drops or maps
 * invisible characters (`https://idp\u200B.example.com` becomes `https://idp.example.com/`), so a
 * URL holding any is refused with both spellings shown.
 */
export function invisibleUrlRefusal(url: string, what = 'The URL'): string | undefined {
  if (!hasInvisible(url)) return undefined;
  let parsed: string | undefined;
  try {
    parsed = new URL(url.trim()).href;
  } catch {
    parsed = undefined;
  }
  const codes = invisibleCodes(url)
    .map((c) => `⟨${c}⟩`)
    .join(' ');
  return `${what} holds invisible characters (${codes}): ${JSON.stringify(showInvisible(url))}${
    parsed !== undefined ? ` would silently be fetched as ${JSON.stringify(parsed)}` : ''
  }. Not fetched.`;
}
