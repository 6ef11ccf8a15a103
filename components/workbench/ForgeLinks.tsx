import { VisibleText } from '../common/VisibleText.tsx';

/** A token the link points at, with the label the list shows for it. */
export interface LinkedToken {
  token: string;
  label: string;
  /** Still in the list (a source may have been cleared). */
  listed: boolean;
}

/** In a token's detail: the token it was forged from, and the tokens forged from it, each a link that selects it. */
export function ForgeLinks({
  from,
  variant,
  derived,
  forged,
  onSelect,
  onRemove,
}: {
  from?: LinkedToken;
  variant?: string;
  derived: readonly LinkedToken[];
  /** This token was made in the workbench (it can be removed from the list). */
  forged: boolean;
  onSelect(token: string): void;
  onRemove(): void;
}) {
  if (!from && derived.length === 0 && !forged) return null;
  const link = (t: LinkedToken, testId: string) =>
    t.listed ? (
      <button
        key={t.token}
        type="button"
        class="tool-button bordered"
        data-testid={testId}
        data-token={t.token}
        onClick={() => onSelect(t.token)}
      >
        <VisibleText text={t.label} />
      </button>
    ) : (
      <span key={t.token} class="muted" data-testid={testId} data-token={t.token}>
        <VisibleText text={t.label} /> (no longer listed)
      </span>
    );
  return (
    <div class="section" data-testid="forge-links">
      {forged && (
        <p class="forge-links">
          <span>
            Forged in the workbench{variant ? ` (${variant})` : ''}
            {from ? ' from' : ', not seen in traffic.'}
          </span>{' '}
          {from && link(from, 'forged-from')}
          <button type="button" class="tool-button bordered" data-testid="forged-remove" onClick={onRemove}>
            Remove from the list
          </button>
        </p>
      )}
      {derived.length > 0 && (
        <p class="forge-links">
          <span>Forged from this token:</span> {derived.map((c) => link(c, 'forged-child'))}
        </p>
      )}
    </div>
  );
}
