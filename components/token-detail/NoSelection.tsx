/** What the detail pane shows when no token is selected. */
export function NoSelection({ hasTokens }: { hasTokens: boolean }) {
  return (
    <div class="empty">
      <p class="muted">
        {hasTokens
          ? 'Select a token to see it decoded, verified and audited.'
          : 'Captured and pasted tokens appear here, decoded.'}
      </p>
    </div>
  );
}
