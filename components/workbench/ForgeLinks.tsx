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
  onSelect,
}: {
  from?: LinkedToken;
  variant?: string;
  derived: readonly LinkedToken[];
  onSelect(token: string): void;
}) {
  if (!from && derived.length === 0) return null;
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
      {from && (
        <p class="forge-links">
          <span>Forged in the workbench{variant ? ` (${variant})` : ''} from</span> {link(from, 'forged-from')}
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
