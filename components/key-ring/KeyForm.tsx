import { useState } from 'preact/hooks';
import { describeKeys } from '../../lib/verify/index.ts';
import type { KeyEntry, KeyFormat } from '../../lib/types.ts';
import { keyProblem, saveProblem } from '../state/key-ring-state.ts';

const FORMATS: { value: 'auto' | KeyFormat; text: string }[] = [
  { value: 'auto', text: 'Detect' },
  { value: 'text', text: 'HMAC secret (text)' },
  { value: 'base64', text: 'HMAC secret (base64)' },
  { value: 'base64url', text: 'HMAC secret (base64url)' },
  { value: 'hex', text: 'HMAC secret (hex)' },
  { value: 'pem', text: 'PEM key or certificate' },
  { value: 'jwk', text: 'JWK' },
  { value: 'jwks', text: 'JWK Set' },
  { value: 'ssh', text: 'OpenSSH public key' },
];

/** Adds or edits one key: label, format, material (typed, pasted or from a file), optional issuer. */
export function KeyForm({
  initial,
  id,
  ring = [],
  onSave,
  onCancel,
}: {
  initial?: KeyEntry;
  /** The stored ring, to check the size limit before saving. */
  ring?: readonly KeyEntry[];
  /** Id for a new entry. */
  id: string;
  onSave(entry: KeyEntry): void;
  onCancel(): void;
}) {
  const [label, setLabel] = useState(initial?.label ?? '');
  const [format, setFormat] = useState<'auto' | KeyFormat>(initial?.format ?? 'auto');
  const [material, setMaterial] = useState(initial?.material ?? '');
  const [issuer, setIssuer] = useState(initial?.issuer ?? '');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const save = async (e: Event) => {
    e.preventDefault();
    if (material.trim() === '') {
      setError('Paste the key material or choose a file.');
      return;
    }
    const entry: KeyEntry = { id: initial?.id ?? id, material };
    if (label.trim()) entry.label = label.trim();
    if (format !== 'auto') entry.format = format;
    if (issuer.trim()) entry.issuer = issuer.trim();
    // The limits storage can keep, checked before anything says "Saved".
    const tooBig = saveProblem(ring, entry);
    if (tooBig) {
      setError(tooBig);
      return;
    }
    setBusy(true);
    // The click's task only marks the form busy: reading a big key (a 10,000-key JWKS is a megabyte
    // of JSON) starts in a task of its own.
    await new Promise((r) => setTimeout(r, 0));
    const [facts] = await describeKeys([entry]);
    // The description's last slice and the save's own work (draw, store) in separate tasks.
    await new Promise((r) => setTimeout(r, 0));
    setBusy(false);
    const problem = keyProblem(facts);
    if (problem) {
      setError(problem);
      return;
    }
    setError(undefined);
    onSave(entry);
  };

  return (
    <form class="key-form" onSubmit={save} aria-label={initial ? 'Edit key' : 'Add key'} data-testid="key-form">
      <div class="form-row">
        <label>
          Label
          <input
            type="text"
            data-testid="key-label"
            value={label}
            placeholder="e.g. staging IdP"
            onInput={(e) => setLabel((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          Format
          <select
            data-testid="key-format"
            value={format}
            onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as 'auto' | KeyFormat)}
          >
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.text}
              </option>
            ))}
          </select>
        </label>
        <label>
          Issuer (optional)
          <input
            type="text"
            data-testid="key-issuer"
            value={issuer}
            placeholder="only for tokens from this iss"
            onInput={(e) => setIssuer((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
      </div>
      <label class="key-material-label">
        Key material
        <textarea
          data-testid="key-material"
          rows={5}
          spellcheck={false}
          autocomplete="off"
          value={material}
          placeholder="HMAC secret, PEM public key or certificate, JWK or JWK Set"
          onInput={(e) => {
            setMaterial((e.currentTarget as HTMLTextAreaElement).value);
            setError(undefined);
          }}
        />
      </label>
      <div class="form-row">
        <label class="file-label">
          From file…
          <input
            type="file"
            data-testid="key-file"
            accept=".pem,.crt,.cer,.key,.pub,.json,.jwk,.jwks,.txt"
            onChange={async (e) => {
              const file = (e.currentTarget as HTMLInputElement).files?.[0];
              if (file) setMaterial(await file.text());
            }}
          />
        </label>
        <span class="toolbar-spacer" />
        <button type="button" class="tool-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="primary-button" data-testid="save-key" disabled={busy}>
          {initial ? 'Save key' : 'Add key'}
        </button>
      </div>
      {error && (
        <p class="form-error" role="alert" data-testid="key-error">
          {error}
        </p>
      )}
    </form>
  );
}
