import type { ReplayTarget } from '../state/replay-state.ts';

/** The Replay and Test-this-endpoint buttons of one request sighting (only when its request can be replayed). */
export function SightingActions({
  target,
  onReplay,
  onTest,
}: {
  target: ReplayTarget;
  onReplay(target: ReplayTarget): void;
  onTest(target: ReplayTarget): void;
}) {
  return (
    <span class="sighting-actions">
      <button
        type="button"
        class="tool-button bordered"
        data-testid="replay"
        title="Send this request again, with this token or a variant (only to its own origin)"
        onClick={(e) => {
          e.stopPropagation();
          onReplay(target);
        }}
      >
        Replay
      </button>
      <button
        type="button"
        class="tool-button bordered"
        data-testid="test-endpoint"
        title="Send this request with each forged variant (at most 30 requests, 2 at a time) and see which the server accepts"
        onClick={(e) => {
          e.stopPropagation();
          onTest(target);
        }}
      >
        Test endpoint
      </button>
    </span>
  );
}
