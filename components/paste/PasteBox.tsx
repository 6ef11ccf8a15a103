import { PASTE_FORM_TEXT, pastedWhere, type PasteReading } from '../../lib/capture/paste-tokens.ts';
import { MAX_KEPT_DRAFT_CHARS } from '../state/pasted-tokens.ts';
import './paste.css';

/** What the paste box says about its text: how many tokens it found and where, or that it found none. */
function pasteStatus(reading: PasteReading): string | undefined {
  if (reading.kind === 'none') return `No token found in ${PASTE_FORM_TEXT[reading.form]}.`;
  if (reading.kind !== 'tokens' || reading.form === 'token') return undefined;
  const n = new Set(reading.tokens.map((t) => t.token)).size;
  const where = [...new Set(reading.tokens.map((t) => pastedWhere(t.location)))].join(', ');
  return `${n} token${n === 1 ? '' : 's'} in ${PASTE_FORM_TEXT[reading.form]}: ${where}`;
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
  notKept = false,
}: {
  value: string;
  reading?: PasteReading;
  /** The text is too long to keep across a panel reopen (its tokens are kept). */
  notKept?: boolean;
  onInput(value: string): void;
  onFocus(): void;
}) {
  const status = reading ? pasteStatus(reading) : undefined;
  return (
    <div class="paste">
      <label>
        <span class="visually-hidden">Paste a token, a header, a URL, a request or a cURL command</span>
        <textarea
          data-testid="paste-token"
          placeholder="Paste a token, Authorization or Cookie header, URL, JSON, request or cURL command to inspect every token in it"
          rows={2}
          spellcheck={false}
          value={value}
          onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
          onFocus={onFocus}
        />
      </label>
      {status && (
        <div class="paste-status" data-testid="paste-status" role="status">
          {status}
        </div>
      )}
      {notKept && (
        <div class="paste-status" data-testid="paste-not-kept" role="status">
          This text is over {MAX_KEPT_DRAFT_CHARS / 1024} KiB: it is not kept when the panel closes (its tokens are).
        </div>
      )}
    </div>
  );
}
