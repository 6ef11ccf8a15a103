import { useState } from 'preact/hooks';
import { formatCount } from './format-count.ts';
import { VisibleText } from './VisibleText.tsx';

/**
 * A text longer than this is previewed instead of put in a textarea (the paste box, the workbench's
 * parts): Chromium lays out a megabyte in a textarea in hundreds of ms to seconds, on the panel's thread.
 */
export const LONG_EDIT_CHARS = 65_536;
/** How much of such a text its preview shows. */
export const EDIT_PREVIEW_CHARS = 2048;

/** The first {@link EDIT_PREVIEW_CHARS} characters of `text`, then "…". */
export function editPreview(text: string): string {
  return `${text.slice(0, EDIT_PREVIEW_CHARS)}…`;
}

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
