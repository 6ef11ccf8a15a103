/** What the list shows before any token was captured or pasted. */
export function NoTokens() {
  return (
    <div class="empty" data-testid="empty-state">
      <p>No tokens yet — reload the page or paste one.</p>
      <p class="muted">
        Tokens in Authorization headers, cookies, URLs, bodies and web storage of the inspected page show up here.
      </p>
    </div>
  );
}

/** What the list shows when the filter matches nothing (or nothing yet, while it is still `pending`). */
export function NoMatch({
  filterText,
  pending = false,
  onClear,
}: {
  filterText: string;
  pending?: boolean;
  onClear(): void;
}) {
  return (
    <div class="empty" data-testid="filter-empty" aria-busy={pending ? true : undefined}>
      <p>{pending ? `Matching “${filterText}”…` : `No token matches “${filterText}”.`}</p>
      <button type="button" class="tool-button bordered" onClick={onClear}>
        Clear the filter
      </button>
    </div>
  );
}
