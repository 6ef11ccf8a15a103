import './paste.css';

/** The paste box above the list: a pasted token is listed and selected as the user types. */
export function PasteBox({
  value,
  onInput,
  onFocus,
}: {
  value: string;
  onInput(value: string): void;
  onFocus(): void;
}) {
  return (
    <label class="paste">
      <span class="visually-hidden">Paste a token</span>
      <textarea
        data-testid="paste-token"
        placeholder="Paste a token (JWS, JWE or unsecured JWT) to inspect it"
        rows={2}
        spellcheck={false}
        value={value}
        onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
        onFocus={onFocus}
      />
    </label>
  );
}
