import { describe, expect, it } from 'vitest';
import {
  codePointName,
  hasInvisible,
  invisibleCodes,
  invisibleUrlRefusal,
  showInvisible,
  visibleSegments,
} from '../../../lib/text/visible-text.ts';

describe('visible text', () => {
  it('marks bidi controls, zero-width characters, BOM, soft hyphen and C0/C1 controls', () => {
    const every = [
      ...Array.from({ length: 5 }, (_, i) => 0x202a + i),
      ...Array.from({ length: 4 }, (_, i) => 0x2066 + i),
      ...Array.from({ length: 5 }, (_, i) => 0x200b + i),
      0x2060,
      0xfeff,
      0x00ad,
      0x0000,
      0x001b,
      0x007f,
      0x0085,
      0xe0041, // a TAG character (Cf, astral)
    ];
    for (const cp of every) {
      const text = `a${String.fromCodePoint(cp)}b`;
      expect(hasInvisible(text), codePointName(String.fromCodePoint(cp))).toBe(true);
      expect(showInvisible(text)).toBe(`a⟨${codePointName(String.fromCodePoint(cp))}⟩b`);
    }
    expect(codePointName('\u202e')).toBe('U+202E');
    expect(codePointName(String.fromCodePoint(0xe0041))).toBe('U+E0041');
  });

  it('leaves ordinary text alone, including non-Latin scripts and emoji', () => {
    for (const text of ['plain', 'مرحبا', '日本語', 'é', '👍🏽', 'a b']) {
      expect(hasInvisible(text)).toBe(false);
      expect(showInvisible(text)).toBe(text);
      expect(visibleSegments(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('splits text into runs and markers without dropping a character', () => {
    const text = 'admin\u202Etxt.exe\u200B';
    expect(visibleSegments(text)).toEqual([
      { kind: 'text', text: 'admin' },
      { kind: 'marker', code: 'U+202E', char: '\u202E' },
      { kind: 'text', text: 'txt.exe' },
      { kind: 'marker', code: 'U+200B', char: '\u200B' },
    ]);
    expect(
      visibleSegments(text)
        .map((s) => (s.kind === 'text' ? s.text : s.char))
        .join(''),
    ).toBe(text);
    expect(invisibleCodes('\u200Bx\u200By\u202E')).toEqual(['U+200B', 'U+202E']);
  });

  it('caps the markers of a megabyte of zero-width characters, spelling out the rest as text', () => {
    const text = `x${'\u200B'.repeat(1_000_000)}`;
    const segments = visibleSegments(text, 1000);
    expect(segments).toHaveLength(1002);
    expect(segments.filter((s) => s.kind === 'marker')).toHaveLength(1000);
    expect(segments.at(-1)).toEqual({ kind: 'text', text: '⟨U+200B⟩'.repeat(999_000) });
    expect(showInvisible(text).length).toBe(1 + 8 * 1_000_000);
  });

  it('refuses a URL the parser would silently change, showing both spellings', () => {
    const iss = 'https://idp\u200B.example.com';
    // The premise: the URL parser drops the zero-width space.
    expect(new URL(iss).href).toBe('https://idp.example.com/');
    const refusal = invisibleUrlRefusal(iss, 'The issuer');
    expect(refusal).toBe(
      'The issuer holds invisible characters (⟨U+200B⟩): "https://idp⟨U+200B⟩.example.com" would silently be fetched as "https://idp.example.com/". Not fetched.',
    );
    expect(invisibleUrlRefusal('https://idp.example.com')).toBeUndefined();
  });
});
