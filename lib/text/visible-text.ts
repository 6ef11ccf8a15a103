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
  // Nearly every text has none: one native test instead of an iterator, a set and an array.
  if (!INVISIBLE.test(text)) return [];
  const seen = new Set<string>();
  for (const m of text.matchAll(INVISIBLE_ALL)) seen.add(codePointName(m[0]));
  return [...seen];
}

/** The text with each invisible character replaced by `⟨U+202E⟩`, for plain-text outputs (Markdown, titles). */
export function showInvisible(text: string): string {
  if (!INVISIBLE.test(text)) return text;
  const names = new Map<string, string>();
  return text.replace(INVISIBLE_ALL, (c) => {
    let n = names.get(c);
    if (n === undefined) names.set(c, (n = `⟨${codePointName(c)}⟩`));
    return n;
  });
}

const SINGLE = /^[\p{Cc}\p{Cf}\u2028\u2029]$/u;

/** True for one code point that is shown as a marker (printable ASCII is decided without a regex). */
function isInvisibleAt(code: number, char: string): boolean {
  if (code >= 0x20 && code < 0x7f) return false;
  return SINGLE.test(char);
}

/**
 * Splits text into plain runs and one marker per invisible character (linear; nothing dropped).
 * After `maxMarkers` markers the rest is one run with `⟨U+…⟩` spelled out as text, so a megabyte
 * of zero-width characters stays one DOM node instead of a million.
 */
export function visibleSegments(text: string, maxMarkers = Infinity): VisibleSegment[] {
  if (!INVISIBLE.test(text)) return [{ kind: 'text', text }];
  const out: VisibleSegment[] = [];
  let last = 0;
  let markers = 0;
  const names = new Map<string, string>();
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const char = width === 1 ? text[i]! : text.slice(i, i + 2);
    if (isInvisibleAt(code, char)) {
      if (markers >= maxMarkers) {
        out.push({ kind: 'text', text: showInvisible(text.slice(last)) });
        return out;
      }
      if (i > last) out.push({ kind: 'text', text: text.slice(last, i) });
      let name = names.get(char);
      if (name === undefined) names.set(char, (name = codePointName(char)));
      out.push({ kind: 'marker', code: name, char });
      markers++;
      last = i + width;
    }
    i += width;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
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
