import { ErrorBoundary } from '../common/ErrorBoundary.tsx';
import type { PanelState, PanelStore } from '../state/panel-store.ts';
import { TimelineView } from './TimelineView.tsx';

/** The timeline in the list's place: the shown session's (live capture or a HAR file) lanes and verdicts. */
export function TimelinePane({ store, s, onOpen }: { store: PanelStore; s: PanelState; onOpen(token: string): void }) {
  const { timeline, verdicts } = store.timeline();
  const har = store.harSession();
  return (
    <ErrorBoundary what="timeline" resetKey={timeline}>
      <TimelineView
        key={s.session}
        timeline={timeline}
        verdicts={verdicts}
        now={s.now}
        selected={s.selected}
        onOpen={onOpen}
        fileName={har ? `${har.name.replace(/\.har$/i, '')}-timeline` : 'jwt-lens-timeline'}
      />
    </ErrorBoundary>
  );
}
