import type { CaptureNotice, CapturedToken, RequestRecord, Sighting } from '../capture/model.ts';
import type { OverrideEnd, OverrideState } from '../override/override-manager.ts';
import type { OverridePlan } from '../override/override-rule.ts';
import type { ErrorInfo } from '../types.ts';

/** Version of the panel ↔ worker protocol; bump on any breaking change. */
export const PROTOCOL_VERSION = 4;

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

/** Panel → worker: tokens the panel found itself (response bodies, web storage, cookie jar, paste). */
export interface ReportMessage {
  v: number;
  kind: 'report';
  found: { token: string; sighting: Sighting }[];
}

/** Panel → worker: keep tokens across navigations (like the Network panel's "Preserve log"). */
export interface PreserveLogMessage {
  v: number;
  kind: 'preserve-log';
  enabled: boolean;
}

/** Panel → worker: "Use this token in the app" — put the plan's header on the tab's requests to its origin until stopped. */
export interface UseInAppMessage {
  v: number;
  kind: 'use-in-app';
  plan: OverridePlan;
}

/** Panel → worker: stop the tab's override (the app's requests go out as the app sends them again). */
export interface StopUseInAppMessage {
  v: number;
  kind: 'stop-use-in-app';
}

/** Messages the panel sends. */
export type PanelMessage =
  HelloMessage | ClearMessage | ReportMessage | PreserveLogMessage | UseInAppMessage | StopUseInAppMessage;

/** Worker → panel: the full state of the tab, answering hello. */
export interface SnapshotMessage {
  v: number;
  kind: 'snapshot';
  tabId: number;
  tokens: CapturedToken[];
  dropped: number;
  preserveLog: boolean;
  /** What the user must be told about the stored capture (e.g. data from an older version dropped). */
  notices?: CaptureNotice[];
  /** The tab's request log (see {@link RequestRecord}); absent from an older worker. */
  requests?: RequestRecord[];
}

/** Worker → panel: the "Preserve log" setting changed. */
export interface SettingsMessage {
  v: number;
  kind: 'settings';
  preserveLog: boolean;
}

/**
 * Worker → panel: tokens added or changed (new sightings, response statuses) and tokens evicted
 * to keep the tab's bounds, batched so a request flood does not become a message per request.
 */
export interface TokensMessage {
  v: number;
  kind: 'tokens';
  tabId: number;
  tokens: CapturedToken[];
  /** Token values no longer kept. */
  evicted: string[];
  dropped: number;
  /** The tab's notices now (e.g. `storage-full`), replacing those the panel shows; absent: unchanged. */
  notices?: CaptureNotice[];
  /** Request-log records added or changed (a status or a response arrived). */
  requests?: RequestRecord[];
  /** Request ids no longer kept in the request log. */
  requestsEvicted?: string[];
}

/** Worker → panel: the tab's capture was cleared (by the user, or by a navigation without "Preserve log"). */
export interface ClearedMessage {
  v: number;
  kind: 'cleared';
  tabId: number;
  reason: 'user' | 'navigation';
  /** The URL navigated to, for a navigation. */
  url?: string;
}

/** Worker → panel: a request could not be served. */
export interface ErrorMessage {
  v: number;
  kind: 'error';
  code: string;
  message: string;
}

/**
 * Worker → panel: the tab's override now (`active` null: none), after a hello and whenever it changes;
 * `ended` says why the previous one ended, `error` why a request for one failed.
 */
export interface OverrideMessage {
  v: number;
  kind: 'override';
  tabId: number;
  active: OverrideState | null;
  ended?: OverrideEnd;
  error?: ErrorInfo;
}

/** Messages the worker sends. */
export type WorkerMessage =
  SnapshotMessage | SettingsMessage | TokensMessage | ClearedMessage | ErrorMessage | OverrideMessage;
