import type { CapturedToken } from '../../lib/capture/model.ts';
import { PROTOCOL_VERSION, type PanelMessage, type WorkerMessage } from '../../lib/protocol/messages.ts';
import type { PanelTransport, TransportHandlers } from '../../lib/protocol/transport.ts';
import type { KeyRingStore } from '../../components/host.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { screen, waitFor } from '@testing-library/preact';

/** An in-memory transport answering hello with a snapshot of `tokens`. */
export function memoryTransport(
  tokens: CapturedToken[],
): PanelTransport & { sent: PanelMessage[]; emit(m: WorkerMessage): void } {
  let h: TransportHandlers | undefined;
  const sent: PanelMessage[] = [];
  return {
    sent,
    start(handlers) {
      h = handlers;
      handlers.onStatus({ state: 'connected' });
      handlers.onMessage({ v: PROTOCOL_VERSION, kind: 'snapshot', tabId: 1, tokens, dropped: 0, preserveLog: false });
      return () => {
        h = undefined;
      };
    },
    send(m) {
      sent.push(m);
    },
    emit(m) {
      h?.onMessage(m);
    },
  };
}

/** A key-ring store in memory. */
export function memoryKeyRing(initial: KeyEntry[] = []): KeyRingStore & { saved: KeyEntry[][] } {
  let keys = initial;
  const saved: KeyEntry[][] = [];
  return {
    saved,
    load: async () => keys,
    save: async (k) => {
      keys = k;
      saved.push(k);
    },
  };
}

/** A captured token with one sighting. */
export function captured(
  token: string,
  over: Partial<CapturedToken['sightings'][number]> = {},
  time = 1_700_000_000_000,
): CapturedToken {
  return {
    token,
    firstSeen: time,
    lastSeen: time,
    count: 1,
    sightings: [
      {
        direction: 'request',
        via: 'webrequest',
        location: { kind: 'header', name: 'Authorization' },
        method: 'GET',
        url: 'https://api.example.com/me',
        status: 200,
        time,
        ...over,
      },
    ],
  };
}

/**
 * The open token detail once all of it is drawn: the detail paints its summary, findings and header
 * first and the payload, times, keys and sightings after that paint (useAfterPaint).
 */
export async function fullDetail(): Promise<HTMLElement> {
  await screen.findByTestId('token-detail');
  await waitFor(() => {
    if (screen.queryByTestId('detail-rest-pending')) throw new Error('the detail has not drawn its rest yet');
  });
  return screen.getByTestId('token-detail');
}
