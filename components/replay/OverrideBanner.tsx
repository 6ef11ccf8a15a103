import type { OverrideState } from '../../lib/override/override-manager.ts';
import { VisibleText } from '../common/VisibleText.tsx';
import './use-in-app.css';

/** What an override replaces, in the banner's words ("Authorization", "the cookie session"). */
export function overrideWhat(o: { header: string; cookie?: string }): string {
  return o.cookie !== undefined ? `the cookie ${o.cookie}` : o.header;
}

/** While "Use this token in the app" is on: what JWT Lens replaces on the inspected tab, with one-click stop. */
export function OverrideBanner({ active, onStop }: { active: OverrideState | null; onStop(): void }) {
  if (!active) return null;
  return (
    <div class="override-banner" role="status" data-testid="override-banner" data-header={active.header}>
      <span>
        JWT Lens is replacing <VisibleText text={overrideWhat(active)} /> on this tab
        <span class="muted">
          {' '}
          (requests to <VisibleText text={active.origin} />
          {active.cookie !== undefined ? '; the other cookies are frozen at their captured values' : ''})
        </span>
      </span>
      <button type="button" class="tool-button bordered" data-testid="stop-use-in-app" onClick={onStop}>
        Stop
      </button>
    </div>
  );
}
