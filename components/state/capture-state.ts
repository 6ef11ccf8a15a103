import type { CaptureNotice, CapturedToken } from '../../lib/capture/model.ts';
import type { WorkerMessage } from '../../lib/protocol/messages.ts';
import type { ConnectionStatus } from '../../lib/protocol/transport.ts';

/** Captured tokens of the inspected tab, kept in step with the worker through a transport. */
export interface CaptureState {
  tokens: ReadonlyMap<string, CapturedToken>;
  dropped: number;
  /** What the worker said about the stored capture (data from an older version converted or dropped). */
  notices: CaptureNotice[];
  preserveLog: boolean;
  status: ConnectionStatus;
  error?: string;
}

/** The capture state before the worker has answered. */
export const INITIAL_CAPTURE: CaptureState = {
  tokens: new Map(),
  dropped: 0,
  notices: [],
  preserveLog: false,
  status: { state: 'connecting' },
};

/** Applies one validated worker message: a snapshot replaces, then incremental events patch. */
export function applyWorkerMessage(s: CaptureState, m: WorkerMessage): CaptureState {
  switch (m.kind) {
    case 'snapshot':
      return {
        ...s,
        tokens: new Map(m.tokens.map((t) => [t.token, t])),
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
      return { ...s, tokens, dropped: m.dropped, notices: m.notices ?? s.notices };
    }
    case 'cleared':
      return { ...s, tokens: new Map(), dropped: 0, notices: [] };
    case 'error':
      return { ...s, error: `${m.message} (${m.code})` };
  }
}
