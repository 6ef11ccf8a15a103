import type { CapturedToken } from '../capture/model.ts';

/** Version of the panel ↔ worker protocol; bump on any breaking change. */
export const PROTOCOL_VERSION = 1;

/** Name of the runtime Port the panel opens. */
export const PORT_NAME = 'jwt-lens-panel';

/** Panel → worker: first message on a new port. */
export interface HelloMessage {
  v: number;
  kind: 'hello';
  tabId: number;
}

/** Panel → worker: forget everything captured in the tab. */
export interface ClearMessage {
  v: number;
  kind: 'clear';
}

/** Messages the panel sends. */
export type PanelMessage = HelloMessage | ClearMessage;

/** Worker → panel: the full state of the tab, answering hello. */
export interface SnapshotMessage {
  v: number;
  kind: 'snapshot';
  tabId: number;
  tokens: CapturedToken[];
  dropped: number;
}

/** Worker → panel: a token was added or changed (new sighting, response status). */
export interface TokenMessage {
  v: number;
  kind: 'token';
  tabId: number;
  token: CapturedToken;
  dropped: number;
}

/** Worker → panel: the tab's capture was cleared. */
export interface ClearedMessage {
  v: number;
  kind: 'cleared';
  tabId: number;
}

/** Worker → panel: a request could not be served. */
export interface ErrorMessage {
  v: number;
  kind: 'error';
  code: string;
  message: string;
}

/** Messages the worker sends. */
export type WorkerMessage = SnapshotMessage | TokenMessage | ClearedMessage | ErrorMessage;
