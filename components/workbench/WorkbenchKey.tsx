import { useState } from 'preact/hooks';
import { KEY_PAIR_KINDS, SECRET_FORMATS, type KeyPairKind, type SecretFormat } from '../../lib/forge/index.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { VisibleText } from '../common/VisibleText.tsx';
import type { KeyChoice, WorkbenchModel, WorkbenchState } from '../state/workbench-state.ts';

function choiceValue(key: KeyChoice): string {
  return key.kind === 'ring' ? `ring:${key.id}` : key.kind;
}

const kindFor = (alg: string): KeyPairKind =>
  alg === 'ES256'
    ? 'P-256'
    : alg === 'ES384'
      ? 'P-384'
      : alg === 'ES512'
        ? 'P-521'
        : alg === 'EdDSA'
          ? 'Ed25519'
          : 'RSA-2048';

/**
 * Where the signature comes from: the signature kept as it is, a key-ring secret or private key
 * usable for the algorithm, the inline secret (text / base64 / base64url / hex), a pasted private
 * key (PEM or JWK), or a freshly generated key pair saved to the ring.
 */
export function WorkbenchKey({
  model,
  state: w,
  keys,
}: {
  model: WorkbenchModel;
  state: WorkbenchState;
  keys: KeyEntry[];
}) {
  const [pairKind, setPairKind] = useState<KeyPairKind | undefined>(undefined);
  const { alg, key } = w;
  const hmac = alg.startsWith('HS');
  const usable = model.usableRing(alg);
  const label = (k: KeyEntry) => k.label || k.id;
  if (alg === 'none' && key.kind !== 'fixed' && key.kind !== 'given')
    return (
      <p class="muted" data-testid="workbench-key-none">
        alg none: the token carries no signature.
      </p>
    );
  const kind = pairKind ?? kindFor(alg);
  const secretOnRing = keys.some(
    (k) => (k.format ?? 'text') === w.secretFormat && k.material === w.secretText && w.secretText !== '',
  );
  return (
    <div class="workbench-key">
      <div class="form-row">
        <label>
          Key{' '}
          <select
            data-testid="workbench-key"
            value={choiceValue(key)}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              if (v.startsWith('ring:')) model.setKey({ kind: 'ring', id: v.slice(5) });
              else if (v === 'secret' || v === 'private') model.setKey({ kind: v });
            }}
          >
            {key.kind === 'fixed' && <option value="fixed">keep the signature: {key.label}</option>}
            {key.kind === 'given' && <option value="given">variant's key: {key.label}</option>}
            {key.kind === 'ring' && !usable.some((k) => k.id === key.id) && (
              <option value={choiceValue(key)}>
                {keys.find((k) => k.id === key.id)?.label || key.id} — not usable for {alg}
              </option>
            )}
            {usable.map((k) => (
              <option key={k.id} value={`ring:${k.id}`}>
                key ring: {label(k)}
              </option>
            ))}
            {alg !== 'none' && hmac && <option value="secret">secret typed below</option>}
            {alg !== 'none' && !hmac && <option value="private">private key pasted below</option>}
          </select>
        </label>
        {usable.length === 0 && alg !== 'none' && (
          <span class="muted">
            {hmac ? 'No secret on the key ring.' : `No private key on the key ring for ${alg}.`}
          </span>
        )}
      </div>
      {hmac && (
        <div class="form-row">
          <label class="wb-grow">
            Secret{' '}
            <input
              type="text"
              class="wb-secret"
              data-testid="workbench-secret"
              spellcheck={false}
              autocomplete="off"
              value={w.secretText}
              onInput={(e) => model.setSecret((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            as{' '}
            <select
              data-testid="workbench-secret-format"
              value={w.secretFormat}
              onChange={(e) => model.setSecretFormat((e.currentTarget as HTMLSelectElement).value as SecretFormat)}
            >
              {SECRET_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
          {key.kind === 'secret' && w.secretText !== '' && (
            <button
              type="button"
              class="tool-button bordered"
              data-testid="workbench-save-secret"
              disabled={secretOnRing}
              title="Save the secret to the key ring, so tokens signed with it verify"
              onClick={() => {
                const id = model.saveSecret();
                if (id) model.setKey({ kind: 'ring', id });
              }}
            >
              {secretOnRing ? 'On the key ring' : 'Save to key ring'}
            </button>
          )}
        </div>
      )}
      {!hmac && alg !== 'none' && (
        <>
          <label class="wb-block">
            Private key (PEM or JWK)
            <textarea
              class="workbench-text"
              data-testid="workbench-private-key"
              rows={3}
              spellcheck={false}
              autocomplete="off"
              value={w.privateText}
              placeholder="-----BEGIN PRIVATE KEY----- … or a JWK with its private members"
              onInput={(e) => model.setPrivateText((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </label>
        </>
      )}
      <div class="form-row">
        <label>
          Key pair{' '}
          <select
            data-testid="workbench-pair-kind"
            value={kind}
            onChange={(e) => setPairKind((e.currentTarget as HTMLSelectElement).value as KeyPairKind)}
          >
            {KEY_PAIR_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="tool-button bordered"
          data-testid="workbench-generate"
          disabled={w.generating}
          onClick={() => void model.generate(kind)}
        >
          {w.generating ? 'Generating…' : 'Generate a key pair'}
        </button>
      </div>
      {w.generated && (
        <div class="workbench-generated" data-testid="workbench-generated">
          <p>
            Generated {w.generated.kind} (kid <code>{w.generated.kid}</code>)
            {w.generated.ringId ? ', its private key saved to the key ring.' : '.'}
          </p>
          {(
            [
              ['Public JWK', w.generated.publicJwk, 'public JWK'],
              ['JWKS', w.generated.jwks, 'JWKS'],
              ['Public key PEM', w.generated.publicPem, 'public PEM'],
            ] as const
          ).map(([title, text, what]) => (
            <div key={what} class="wb-copy-row">
              <details>
                <summary>{title}</summary>
                <pre class="wb-pre">
                  <VisibleText text={text} />
                </pre>
              </details>
              <CopyButton text={text} label={what} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
