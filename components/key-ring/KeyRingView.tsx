import { useState } from 'preact/hooks';
import { newKeyId } from '../../lib/key-ring/key-ring.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { downloadText } from '../common/download.ts';
import type { KeyRingState } from '../state/key-ring-state.ts';
import type { KeyEditing } from '../state/panel-store.ts';
import { KeyForm } from './KeyForm.tsx';
import { KeyRow } from './KeyRow.tsx';
import './key-ring.css';

/** The key ring: stored keys, the add/edit form, JWKS fetch by URL, import and export. */
export function KeyRingView({
  ring,
  editing,
  onEditing,
  onSave,
  onRemove,
  onFetchJwks,
  onImport,
  onExport,
}: {
  ring: KeyRingState;
  editing: KeyEditing;
  onEditing(editing: KeyEditing): void;
  onSave(entry: KeyEntry): void;
  onRemove(id: string): void;
  /** Fetches a JWK Set by URL (absent without network access: the form is hidden). */
  onFetchJwks?(url: string): Promise<void>;
  onImport(text: string): void;
  /** The ring file's text. */
  onExport(includeSecrets: boolean): string;
}) {
  const [jwksUrl, setJwksUrl] = useState('');
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const { keys, message, fetching } = ring;
  const editingEntry = editing?.kind === 'edit' ? keys.find((k) => k.id === editing.id) : undefined;

  const fetchUrl = (e: Event) => {
    e.preventDefault();
    void onFetchJwks?.(jwksUrl);
  };

  return (
    <section class="key-ring" aria-label="Key ring" data-testid="key-ring">
      <div class="section-head">
        <h2 class="detail-title">Key ring</h2>
        <span class="muted">Stored in this browser only (chrome.storage.local), never synced or sent.</span>
      </div>
      {ring.error && (
        <p class="form-error" role="alert">
          {ring.error}
        </p>
      )}
      {editing && (
        <KeyForm
          key={editing.kind === 'edit' ? editing.id : 'new'}
          id={newKeyId(keys)}
          ring={keys}
          {...(editingEntry ? { initial: editingEntry } : {})}
          onSave={onSave}
          onCancel={() => onEditing(null)}
        />
      )}
      {message && (
        <p class={message.error ? 'form-error' : 'form-ok'} role="status" data-testid="key-ring-message">
          {message.text}
        </p>
      )}
      {keys.length === 0 ? (
        <p class="muted" data-testid="key-ring-empty">
          No keys yet. Add an HMAC secret, a PEM public key or certificate, a JWK or a JWK Set to verify tokens.
        </p>
      ) : (
        <ul class="key-list">
          {keys.map((k) => (
            <KeyRow
              key={k.id}
              entry={k}
              facts={ring.facts.get(k.id)}
              onEdit={() => onEditing({ kind: 'edit', id: k.id })}
              onRemove={() => onRemove(k.id)}
            />
          ))}
        </ul>
      )}
      {onFetchJwks && (
        <form class="form-row" onSubmit={fetchUrl} aria-label="Fetch a JWK Set">
          <label class="grow">
            JWKS URL
            <input
              type="url"
              data-testid="jwks-url"
              value={jwksUrl}
              placeholder="https://issuer.example/.well-known/jwks.json"
              onInput={(e) => setJwksUrl((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" class="tool-button" data-testid="fetch-jwks" disabled={fetching || !jwksUrl.trim()}>
            {fetching ? 'Fetching…' : 'Fetch JWKS'}
          </button>
        </form>
      )}
      <div class="form-row">
        <label class="file-label">
          Import key ring…
          <input
            type="file"
            accept=".json"
            data-testid="import-keys"
            onChange={async (e) => {
              const file = (e.currentTarget as HTMLInputElement).files?.[0];
              if (!file) return;
              onImport(await file.text());
            }}
          />
        </label>
        <span class="toolbar-spacer" />
        <label class="tool-check">
          <input
            type="checkbox"
            data-testid="export-keys-secrets"
            checked={includeSecrets}
            onChange={(e) => setIncludeSecrets((e.currentTarget as HTMLInputElement).checked)}
          />
          include secrets and private keys
        </label>
        <button
          type="button"
          class="tool-button"
          data-testid="export-keys"
          disabled={keys.length === 0}
          onClick={() => downloadText('jwt-lens-keys.json', onExport(includeSecrets))}
        >
          Export key ring
        </button>
      </div>
    </section>
  );
}
