import './replay.css';
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
  return (
    <ErrorBoundary what="replay">
      {replay && replay.target.token === token && (
        <ReplayView state={replay} model={model} {...(original ? { original } : {})} />
      )}
      {test && test.target.token === token && <EndpointTestView state={test} model={model} />}
      {sentLog.length > 0 && <SentLogView entries={sentLog} />}
    </ErrorBoundary>
  );
}
