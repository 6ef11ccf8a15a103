import { useEffect, useState } from 'preact/hooks';
import { isSecretKey, maskMaterial } from '../../lib/key-ring/key-secrecy.ts';
import type { KeyFacts } from '../../lib/verify/index.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { VisibleText } from '../common/VisibleText.tsx';

// Whether an entry is secret, worked out once per entry (entries are replaced, never changed): for a
// JWK Set it parses the whole material, a megabyte for 10,000 keys, which must not run on every draw.
const secrecy = new WeakMap<KeyEntry, boolean>();
function isSecret(entry: KeyEntry): boolean {
  let secret = secrecy.get(entry);
  if (secret === undefined) secrecy.set(entry, (secret = isSecretKey(entry)));
  return secret;
}

/** Characters of material whose secrecy is worked out while drawing; a longer one's in a later turn. */
const SECRECY_NOW = 64 * 1024;

/**
 * Whether the entry is secret. A big JWK Set is parsed for that in a turn of its own (the save that
 * drew its row is busy enough), and its material stays masked until the answer is known.
 */
function useSecret(entry: KeyEntry): boolean {
  const known = secrecy.get(entry) ?? (entry.material.length <= SECRECY_NOW ? isSecret(entry) : undefined);
  const [, setChecked] = useState(0);
  useEffect(() => {
    if (known !== undefined) return;
    const timer = setTimeout(() => {
      isSecret(entry);
      setChecked((n) => n + 1);
    }, 0);
    return () => clearTimeout(timer);
  }, [entry, known]);
  return known ?? true;
}

/** Member warnings drawn at most; the rest are counted. */
const SHOWN_WARNINGS = 20;

/** A short description of a stored key: "RSA 2048 public key, RS256, kid …" or "JWK Set, 3 keys". */
export function describeKey(facts: KeyFacts | undefined): string {
  if (!facts) return '…';
  if (facts.kind === 'set') return `JWK Set, ${facts.keyCount ?? 0} key${facts.keyCount === 1 ? '' : 's'}`;
  if (facts.kind === 'invalid') return 'unusable';
  // Public-key text stored as a secret is never used as one (key confusion): say so in the row.
  if (facts.kind === 'secret' && facts.publicKeyText)
    return `not an HMAC secret: the text of ${facts.publicKeyText}, never used to verify`;
  const kind = facts.kind === 'secret' ? 'HMAC secret' : `${facts.kty ?? ''} ${facts.kind} key`.trim();
  const parts = [facts.bits ? `${kind}, ${facts.bits} bits` : kind];
  if (facts.alg) parts.push(facts.alg);
  if (facts.kid) parts.push(`kid ${facts.kid}`);
  return parts.join(', ');
}

/** One stored key: label, what it is, masked material (revealable), edit and remove. */
export function KeyRow({
  entry,
  facts,
  onEdit,
  onRemove,
}: {
  entry: KeyEntry;
  facts: KeyFacts | undefined;
  onEdit(): void;
  onRemove(): void;
}) {
  const [revealed, setRevealed] = useState(false);
  const secret = useSecret(entry);
  const warnings = facts?.kind === 'set' ? (facts.members ?? []).filter((m) => m.error) : [];
  return (
    <li class="key-row" data-testid="key-row" data-key-id={entry.id}>
      <div class="key-row-head">
        <strong class="key-label">
          <VisibleText text={entry.label || entry.id} />
        </strong>
        <span class="muted">{describeKey(facts)}</span>
        {entry.issuer && (
          <span class="chip" title="Only used for tokens from this issuer">
            iss {entry.issuer}
          </span>
        )}
        <span class="toolbar-spacer" />
        {secret && (
          <button
            type="button"
            class="tool-button"
            data-testid="reveal-key"
            aria-pressed={revealed}
            onClick={() => setRevealed(!revealed)}
          >
            {revealed ? 'Hide' : 'Reveal'}
          </button>
        )}
        <button type="button" class="tool-button" data-testid="edit-key" onClick={onEdit}>
          Edit
        </button>
        <button
          type="button"
          class="tool-button"
          data-testid="remove-key"
          onClick={onRemove}
          aria-label={`Remove key ${entry.label || entry.id}`}
        >
          Remove
        </button>
      </div>
      <code class="key-material" data-testid="key-material-view">
        {secret && !revealed
          ? maskMaterial(entry.material)
          : entry.material.length > 400
            ? `${entry.material.slice(0, 400)}…`
            : entry.material}
      </code>
      {facts?.error && (
        <p class="form-error" data-testid="key-row-error">
          {facts.error.message}
        </p>
      )}
      {warnings.slice(0, SHOWN_WARNINGS).map((m) => (
        <p key={m.index} class="form-error">
          key {m.index + 1}
          {m.kid ? ` (kid ${m.kid})` : ''}: {m.error!.message}
        </p>
      ))}
      {warnings.length > SHOWN_WARNINGS && (
        <p class="form-error" data-testid="key-row-more-warnings">
          and {warnings.length - SHOWN_WARNINGS} more keys of this set with problems
        </p>
      )}
    </li>
  );
}
