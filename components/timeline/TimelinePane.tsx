import { ErrorBoundary } from '../common/ErrorBoundary.tsx';
import type { PanelState, PanelStore } from '../state/panel-store.ts';
import { timelineSvg } from '../../lib/timeline/timeline-svg.ts';
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
        svgOf={(session, [from, to]) =>
          timelineSvg(session, {
            from,
            to,
            now: s.now,
            width: 960,
            theme: document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light',
          })
        }
        fileName={har ? `${har.name.replace(/\.har$/i, '')}-timeline` : 'jwt-lens-timeline'}
      />
    </ErrorBoundary>
  );
}
