import type { CaptureNotice, CapturedToken, RequestRecord } from '../../lib/capture/model.ts';
import type { WorkerMessage } from '../../lib/protocol/messages.ts';
import type { ConnectionStatus } from '../../lib/protocol/transport.ts';
import { applyOverrideMessage, NO_OVERRIDE, type OverrideView } from './use-in-app-state.ts';

/** Captured tokens of the inspected tab, kept in step with the worker through a transport. */
export interface CaptureState {
  tokens: ReadonlyMap<string, CapturedToken>;
  /** The tab's request log by request id (requests that carried or received a token, and 401/403 answers). */
  requests: ReadonlyMap<string, RequestRecord>;
  dropped: number;
  /** What the worker said about the stored capture (data from an older version converted or dropped). */
  notices: CaptureNotice[];
  /** What the panel's own capture sources said (one per code, the latest), until the user clears. */
  panelNotices: CaptureNotice[];
  preserveLog: boolean;
  status: ConnectionStatus;
  error?: string;
  /** "Use this token in the app": the tab's header override as the worker reported it, and its log. */
  override: OverrideView;
}

/** The capture state before the worker has answered. */
export const INITIAL_CAPTURE: CaptureState = {
  tokens: new Map(),
  requests: new Map(),
  dropped: 0,
  notices: [],
  panelNotices: [],
  preserveLog: true,
  status: { state: 'connecting' },
  override: NO_OVERRIDE,
};

/** Applies one validated worker message (at `now`, epoch ms): a snapshot replaces, then incremental events patch. */
export function applyWorkerMessage(s: CaptureState, m: WorkerMessage, now = 0): CaptureState {
  switch (m.kind) {
    case 'snapshot':
      return {
        ...s,
        tokens: new Map(m.tokens.map((t) => [t.token, t])),
        requests: new Map((m.requests ?? []).map((r) => [r.requestId, r])),
        dropped: m.dropped,
        notices: m.notices ?? [],
        preserveLog: m.preserveLog,
      };
    case 'settings':
      return { ...s, preserveLog: m.preserveLog };
    case 'tokens': {
      const tokens = new Map(s.tokens);
      for (const t of m.tokens) tokens.set(t.token, t);
      for (const e of m.evicted) tokens.delete(e);
      let requests = s.requests;
      if (m.requests?.length || m.requestsEvicted?.length) {
        const next = new Map(s.requests);
        for (const r of m.requests ?? []) next.set(r.requestId, r);
        for (const id of m.requestsEvicted ?? []) next.delete(id);
        requests = next;
      }
      return { ...s, tokens, requests, dropped: m.dropped, notices: m.notices ?? s.notices };
    }
    case 'cleared':
      return {
        ...s,
        tokens: new Map(),
        requests: new Map(),
        dropped: 0,
        notices: [],
        ...(m.reason === 'user' ? { panelNotices: [] } : {}),
      };
    case 'error':
      return { ...s, error: `${m.message} (${m.code})` };
    case 'override':
      return { ...s, override: applyOverrideMessage(s.override, m, now) };
  }
}

/** Adds a notice of the panel's own capture, replacing an older one of the same code. */
export function addPanelNotice(s: CaptureState, notice: CaptureNotice): CaptureState {
  return { ...s, panelNotices: [...s.panelNotices.filter((n) => n.code !== notice.code), notice] };
}
