import { visibleSegments } from '../../lib/text/visible-text.ts';
import './visible-text.css';

// Beyond this many markers in one text the rest is spelled out as plain text: one node, not a million.
const MAX_MARKERS = 2000;

/**
 * Token-derived text with every invisible or bidi character shown as a styled `⟨U+202E⟩` marker
 * (as text, never markup), so nothing hides or reorders what is shown around it.
 */
export function VisibleText({ text }: { text: string }) {
  const segments = visibleSegments(text, MAX_MARKERS);
  const first = segments[0];
  if (segments.length === 1 && first?.kind === 'text') return <>{first.text}</>;
  return (
    <>
      {segments.map((s, i) =>
        s.kind === 'text' ? (
          s.text
        ) : (
          <span key={i} class="invisible-char" data-testid="invisible-char" title={`Invisible character ${s.code}`}>
            {`⟨${s.code}⟩`}
          </span>
        ),
      )}
    </>
  );
}
