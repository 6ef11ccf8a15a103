import './replay.css';
import { useEffect, useRef } from 'preact/hooks';
import type { PanelState, PanelStore } from '../state/panel-store.ts';
import { ErrorBoundary } from '../common/ErrorBoundary.tsx';
import { EndpointTestView } from './EndpointTestView.tsx';
import { ReplayView } from './ReplayView.tsx';
import { SentLogView } from './SentLogView.tsx';

/** What a token's detail shows of replay: its replay view, its endpoint test, and the sent log. */
export function ReplayArea({ store, s, token }: { store: PanelStore; s: PanelState; token: string }) {
  const { replay, test, sentLog } = s.replay;
  const model = store.replay();
  const original = replay ? store.requests().get(replay.target.requestId) : undefined;
  const replayRef = useRef<HTMLDivElement>(null);
  const testRef = useRef<HTMLDivElement>(null);
  // The views open below the sightings: a click on a row's button brings its view into sight.
  useEffect(() => replayRef.current?.scrollIntoView?.({ block: 'nearest' }), [replay?.target]);
  useEffect(() => testRef.current?.scrollIntoView?.({ block: 'nearest' }), [test?.target]);
  return (
    <ErrorBoundary what="replay">
      {replay && replay.target.token === token && (
        <div ref={replayRef}>
          <ReplayView state={replay} model={model} {...(original ? { original } : {})} />
        </div>
      )}
      {test && test.target.token === token && (
        <div ref={testRef}>
          <EndpointTestView state={test} model={model} />
        </div>
      )}
      {sentLog.length > 0 && <SentLogView entries={sentLog} />}
    </ErrorBoundary>
  );
}
