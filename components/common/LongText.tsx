import { useState } from 'preact/hooks';
import { formatCount } from './format-count.ts';
import { VisibleText } from './VisibleText.tsx';

/** Characters of one text drawn before "show all": a megabyte line costs the layout a second. */
export const LONG_TEXT_SHOWN = 20_000;

/**
 * Token-derived text drawn through {@link VisibleText}, cut after {@link LONG_TEXT_SHOWN}
 * characters with a button that draws the rest (the copy buttons always copy the whole text).
 */
export function LongText({ text }: { text: string }) {
  const [all, setAll] = useState(false);
  if (all || text.length <= LONG_TEXT_SHOWN) return <VisibleText text={text} />;
  return (
    <>
      <VisibleText text={text.slice(0, LONG_TEXT_SHOWN)} />
      <button type="button" class="long-text-more" data-testid="long-text-more" onClick={() => setAll(true)}>
        {`… show all ${formatCount(text.length)} characters`}
      </button>
    </>
  );
}
