import type { PanelMessage, WorkerMessage } from './messages.ts';

/** Connection state of a panel to the worker. */
export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'disconnected'; reason?: string }
  | { state: 'version-mismatch'; message: string };

/** Callbacks a transport reports to. */
export interface TransportHandlers {
  onMessage(message: WorkerMessage): void;
  onStatus(status: ConnectionStatus): void;
}

/**
 * How the panel talks to the worker. The real one wraps a runtime Port (with reconnects); tests
 * use an in-memory one, so the panel UI never knows how it is connected.
 */
export interface PanelTransport {
  /** Starts delivering validated messages and status changes; returns a function that stops. */
  start(handlers: TransportHandlers): () => void;
  send(message: PanelMessage): void;
}
