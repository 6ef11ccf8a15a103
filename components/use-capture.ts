import { useEffect, useState } from 'preact/hooks';
import type { CaptureNotice, CapturedToken } from '../lib/capture/model.ts';
import { PROTOCOL_VERSION } from '../lib/protocol/messages.ts';
import type { ConnectionStatus, PanelTransport } from '../lib/protocol/transport.ts';

/** Captured tokens of the inspected tab, kept in step with the worker through a transport. */
export interface CaptureState {
  tokens: Map<string, CapturedToken>;
  dropped: number;
  /** What the worker said about the stored capture (data from an older version converted or dropped). */
  notices: CaptureNotice[];
  preserveLog: boolean;
  status: ConnectionStatus;
  error?: string;
}

/** Subscribes to the worker: snapshot on (re)connect, then incremental events. */
export function useCapture(transport: PanelTransport): CaptureState & {
  clear(): void;
  setPreserveLog(enabled: boolean): void;
} {
  const [state, setState] = useState<CaptureState>({
    tokens: new Map(),
    dropped: 0,
    notices: [],
    preserveLog: false,
    status: { state: 'connecting' },
  });
  useEffect(
    () =>
      transport.start({
        onStatus: (status) => setState((s) => ({ ...s, status })),
        onMessage: (m) =>
          setState((s) => {
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
                return { ...s, tokens, dropped: m.dropped };
              }
              case 'cleared':
                return { ...s, tokens: new Map(), dropped: 0, notices: [] };
              case 'error':
                return { ...s, error: `${m.message} (${m.code})` };
            }
          }),
      }),
    [transport],
  );
  return {
    ...state,
    clear: () => transport.send({ v: PROTOCOL_VERSION, kind: 'clear' }),
    setPreserveLog: (enabled: boolean) => transport.send({ v: PROTOCOL_VERSION, kind: 'preserve-log', enabled }),
  };
}
