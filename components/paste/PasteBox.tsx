import { PASTE_FORM_TEXT, pastedWhere, type PasteReading } from '../../lib/capture/paste-tokens.ts';
import { MAX_KEPT_DRAFT_CHARS, MAX_KEPT_PASTE_CHARS, type PasteNotKept } from '../state/pasted-tokens.ts';
import './paste.css';

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
          {notKeptText(notKept)}
        </div>
      )}
    </div>
  );
}
