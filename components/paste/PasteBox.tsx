import { PASTE_FORM_TEXT, pastedWhere, type PasteReading } from '../../lib/capture/paste-tokens.ts';
import { MAX_KEPT_DRAFT_CHARS, MAX_KEPT_PASTE_CHARS, type PasteNotKept } from '../state/pasted-tokens.ts';
import { EDIT_PREVIEW_CHARS, LONG_EDIT_CHARS, editPreview } from '../common/LongText.tsx';
import './paste.css';

/**
 * A paste box text longer than this (the longest draft kept across a reopen) is shown shortened and
 * read-only (see LONG_EDIT_CHARS); its tokens are still read from the whole text.
 */
export const LONG_PASTE_CHARS = Math.min(MAX_KEPT_DRAFT_CHARS, LONG_EDIT_CHARS);
/** How much of a long paste the box shows. */
export const SHOWN_PASTE_CHARS = EDIT_PREVIEW_CHARS;

/** What the paste box says about its text: how many tokens it found and where, or that it found none. */
function pasteStatus(reading: PasteReading): string | undefined {
  if (reading.kind === 'none') return `No token found in ${PASTE_FORM_TEXT[reading.form]}.`;
  if (reading.kind !== 'tokens' || reading.form === 'token') return undefined;
  const n = new Set(reading.tokens.map((t) => t.token)).size;
  const where = [...new Set(reading.tokens.map((t) => pastedWhere(t.location)))].join(', ');
  return `${n} token${n === 1 ? '' : 's'} in ${PASTE_FORM_TEXT[reading.form]}: ${where}`;
}

/** Why (part of) the paste will not be there when the panel is opened again. */
function notKeptText(n: PasteNotKept): string {
  if (n.failed) return 'Storage refused to keep this paste: it is gone when the panel closes.';
  const parts: string[] = [];
  if (n.draft)
    parts.push(`this text is over ${MAX_KEPT_DRAFT_CHARS.toLocaleString('en-US')} characters (its tokens are kept)`);
  if (n.tokens > 0)
    parts.push(
      `${n.tokens} older pasted token${n.tokens === 1 ? ' does' : 's do'} not fit the ${MAX_KEPT_PASTE_CHARS / 1024} KiB kept per tab`,
    );
  return `Not kept when the panel closes: ${parts.join('; ')}.`;
}

/**
 * The paste box above the list: every token in the pasted text (a token, `Bearer …`, header lines,
 * a URL, JSON, a request or a cURL command) is listed and the first selected as the user types.
 */
export function PasteBox({
  value,
  reading,
  onInput,
  onFocus,
  notKept = null,
}: {
  value: string;
  reading?: PasteReading;
  /** What of the paste is not kept across a panel reopen. */
  notKept?: PasteNotKept | null;
  onInput(value: string): void;
  onFocus(): void;
}) {
  const status = reading ? pasteStatus(reading) : undefined;
  const long = value.length > LONG_PASTE_CHARS;
  return (
    <div class="paste">
      <label>
        <span class="visually-hidden">Paste a token, a header, a URL, a request or a cURL command</span>
        <textarea
          data-testid="paste-token"
          placeholder="Paste a token, Authorization or Cookie header, URL, JSON, request or cURL command to inspect every token in it"
          rows={2}
          spellcheck={false}
          readOnly={long}
          aria-describedby={long ? 'paste-long' : undefined}
          value={long ? editPreview(value) : value}
          onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
          // A long paste goes to the store whole without the browser first inserting it into the box.
          onPaste={(e) => {
            const text = e.clipboardData?.getData('text/plain') ?? '';
            const box = e.currentTarget as HTMLTextAreaElement;
            if (!long && text.length + value.length <= LONG_PASTE_CHARS) return;
            e.preventDefault();
            onInput(long ? text : value.slice(0, box.selectionStart) + text + value.slice(box.selectionEnd));
          }}
          onKeyDown={(e) => {
            if (long && (e.key === 'Backspace' || e.key === 'Delete')) {
              e.preventDefault();
              onInput('');
            }
          }}
          onFocus={onFocus}
        />
      </label>
      {long && (
        <div class="paste-status paste-long" id="paste-long" data-testid="paste-long" role="status">
          <span>
            {value.length.toLocaleString('en-US')} characters: the box shows the first{' '}
            {SHOWN_PASTE_CHARS.toLocaleString('en-US')}, tokens are read from the whole text. Paste to replace it,
            Backspace to clear.
          </span>{' '}
          <button type="button" class="link-button" data-testid="paste-clear" onClick={() => onInput('')}>
            Clear
          </button>
        </div>
      )}
      {status && (
        <div class="paste-status" data-testid="paste-status" role="status">
          {status}
        </div>
      )}
      {notKept && (
        <div class="paste-status" data-testid="paste-not-kept" role="status">
          {notKeptText(notKept)}
        </div>
      )}
    </div>
  );
}
