import { useState } from 'preact/hooks';
import { newKeyId, removeKey, upsertKey } from '../../lib/key-ring/key-ring.ts';
import { exportKeyRing, mergeKeyRing, parseKeyRingFile } from '../../lib/key-ring/ring-file.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { downloadText } from '../common/download.ts';
import type { FetchText } from '../host.ts';
import { fetchJwks } from './jwks-fetch.ts';
import { KeyForm } from './KeyForm.tsx';
import { KeyRow } from './KeyRow.tsx';
import type { KeyRingState } from '../state/use-key-ring.ts';
import './key-ring.css';

/** What the key-ring view is editing: nothing, a new key, or an existing one. */
export type KeyEditing = null | { kind: 'new' } | { kind: 'edit'; id: string };

/** The key ring: stored keys, the add/edit form, JWKS fetch by URL, import and export. */
export function KeyRingView({
  ring,
  editing,
  onEditing,
  fetchText,
}: {
  ring: KeyRingState;
  editing: KeyEditing;
  onEditing(editing: KeyEditing): void;
  fetchText?: FetchText;
}) {
  const [message, setMessage] = useState<{ text: string; error?: boolean } | undefined>();
  const [jwksUrl, setJwksUrl] = useState('');
  const [fetching, setFetching] = useState(false);
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const keys = ring.keys;
  const save = (entry: KeyEntry) => {
    ring.setKeys(upsertKey(keys, entry));
    onEditing(null);
    setMessage({ text: `Saved «${entry.label || entry.id}». Every token is verified again.` });
  };
  const editingEntry = editing?.kind === 'edit' ? keys.find((k) => k.id === editing.id) : undefined;

  const fetchUrl = async (e: Event) => {
    e.preventDefault();
    if (!fetchText) return;
    setFetching(true);
    try {
      const got = await fetchJwks(fetchText, jwksUrl);
      const label = `JWKS ${new URL(got.url).host}`;
      ring.setKeys(upsertKey(keys, { id: newKeyId(keys), label, material: got.material, format: 'jwks' }));
      setMessage({ text: `Added «${label}» from ${got.url}.` });
    } catch (err) {
      setMessage({ text: err instanceof Error ? err.message : String(err), error: true });
    } finally {
      setFetching(false);
    }
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
          {...(editingEntry ? { initial: editingEntry } : {})}
          onSave={save}
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
              onRemove={() => {
                ring.setKeys(removeKey(keys, k.id));
                setMessage({ text: `Removed «${k.label || k.id}».` });
              }}
            />
          ))}
        </ul>
      )}
      {fetchText && (
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
              const parsed = parseKeyRingFile(await file.text());
              if (!parsed.ok) setMessage({ text: parsed.message, error: true });
              else {
                ring.setKeys(mergeKeyRing(keys, parsed.keys));
                setMessage({
                  text: `Imported ${parsed.keys.length} key${parsed.keys.length === 1 ? '' : 's'}${parsed.skipped ? `, skipped ${parsed.skipped} unreadable` : ''}.`,
                });
              }
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
          onClick={() => {
            const out = exportKeyRing(keys, { includeSecrets });
            downloadText('jwt-lens-keys.json', out.text);
            setMessage({
              text: `Exported ${out.exported} key${out.exported === 1 ? '' : 's'}${out.withheld ? `; ${out.withheld} with secrets left out` : ''}.`,
            });
          }}
        >
          Export key ring
        </button>
      </div>
    </section>
  );
}
