import { useState } from 'preact/hooks';
import { formatCount } from './format-count.ts';
import { VisibleText } from './VisibleText.tsx';

/** Characters of one text drawn before "show all": a megabyte line costs the layout a second. */
export const LONG_TEXT_SHOWN = 20_000;

/**
 * Token-derived text drawn through {@link VisibleText}, cut after `shown` characters
 * ({@link LONG_TEXT_SHOWN} unless told) with a button that draws the rest (the copy buttons
 * always copy the whole text).
 */
export function LongText({ text, shown = LONG_TEXT_SHOWN }: { text: string; shown?: number }) {
  const [all, setAll] = useState(false);
  if (all || text.length <= shown) return <VisibleText text={text} />;
  return (
    <>
      <VisibleText text={text.slice(0, shown)} />
      <button type="button" class="long-text-more" data-testid="long-text-more" onClick={() => setAll(true)}>
        {`… show all ${formatCount(text.length)} characters`}
      </button>
    </>
  );
}
