import type { CaptureNotice } from '../lib/capture/model.ts';
import type { DecodedToken } from '../lib/decode-token.ts';
import type { CrackResult } from '../lib/crack-secret.ts';
import type { HarImportResult } from '../lib/har/model.ts';
import type { SessionVerdicts, Timeline } from '../lib/timeline/model.ts';
import type { SkippedBodies } from '../lib/capture/response-body.ts';
import type { Result } from '../lib/forge/result.ts';
import type { ReplayRequest } from '../lib/replay/build-request.ts';
import type { HttpHeader, KeyEntry } from '../lib/types.ts';

/** Where the key ring is kept (the real panel: chrome.storage.local; tests: memory). */
export interface KeyRingStore {
  load(): Promise<KeyEntry[]>;
  save(keys: KeyEntry[]): Promise<void>;
}

/**
 * Where the panel keeps its own preferences (the real panel: chrome.storage.local; tests: memory).
 * Values are read back untrusted: each preference validates its own key.
 */
export interface PreferenceStore {
  load(): Promise<Record<string, unknown>>;
  /** Saves these keys (others are kept). */
  save(patch: Record<string, unknown>): Promise<void>;
}

/** Answer of a {@link FetchText} call. */
export interface FetchAnswer {
  status: number;
  text: string;
}

/** Fetches a URL as text; only ever called when the user clicks a fetch button. */
export type FetchText = (url: string) => Promise<FetchAnswer>;

/** Progress of a weak-secret search. */
export interface CrackProgress {
  tried: number;
  /** Candidates in the search (estimated while a wordlist file is still streaming). */
  total: number;
  /** Candidates per second, when the runner measures it. */
  rate?: number;
  /** Estimated milliseconds left. */
  etaMs?: number;
}

/** A running weak-secret search. */
export interface CrackJob {
  done: Promise<CrackResult & { total: number }>;
  cancel(): void;
}

/** Starts a weak-secret search over the built-in wordlist plus an optional user wordlist (a file, streamed). */
export type CrackRunner = ((
  token: string,
  options: { userWordlist?: string; wordlistFile?: Blob; onProgress(progress: CrackProgress): void },
) => CrackJob) & {
  /** Gets the search ready (workers started, list loaded) before the user asks, when the runner can. */
  prepare?(): void;
};

/**
 * Where the panel keeps its paste box and pasted tokens across a reopen of the same tab's panel (the
 * real panel: one `chrome.storage.session` item per tab, cleared with the browser session; tests: memory).
 */
export interface PasteStore {
  /** Whatever was kept (validated by the caller: storage is a boundary). */
  load(): Promise<unknown>;
  save(record: object): Promise<void>;
  remove(): Promise<void>;
}

/** Writes text to the clipboard; resolves false when the host refused. */
export type ClipboardWrite = (text: string) => Promise<boolean>;

/** What a replayed request got back: status, timing, size, response headers and a text preview of the body. */
export interface ReplayAnswer {
  /** HTTP status; 0 for a redirect, which is not followed (`redirected` says so). */
  status: number;
  statusText: string;
  /** Milliseconds from sending to the end of the body preview. */
  ms: number;
  /** Bytes of the body read (at most the preview bound), or the Content-Length when it was cut. */
  size: number;
  headers: HttpHeader[];
  /** The body as text, at most 256 KiB. */
  body: string;
  /** The body was longer than the preview. */
  bodyTruncated: boolean;
  /** The server answered with a redirect, which a replay does not follow. */
  redirected?: boolean;
}

/**
 * Sends a replay to the captured request's own origin (only ever on a user's click); headers fetch
 * may not set travel on a one-request network rule. Never rejects: a refusal or network error is a
 * failed Result with a replay error code.
 */
export type SendReplay = (request: ReplayRequest, signal?: AbortSignal) => Promise<Result<ReplayAnswer>>;
/** How far a HAR import got. */
export interface HarImportProgress {
  /** Bytes of the file read so far, and its size. */
  bytes: number;
  totalBytes: number;
  /** HAR entries read so far, and tokens found in them. */
  entries: number;
  tokens: number;
}

/** What a HAR import hands the panel: the engine's result and, when the runner built it, the file's timeline. */
export type HarImportDone = HarImportResult & {
  /** The timeline and verdicts, built off the main thread (components/state/timeline-state.ts timelineModelOf). */
  timeline?: { timeline: Timeline; verdicts: SessionVerdicts[] };
};

/** A running HAR import. */
export interface HarImportJob {
  done: Promise<HarImportDone>;
  /** Stops reading; `done` then resolves with what was read and the error `har-cancelled`. */
  cancel(): void;
}

/** Decodes a token somewhere else than the panel's main thread; undefined when it could not. */
export type DecodeOffThread = (token: string) => Promise<DecodedToken | undefined>;

/** Reads a HAR file off the panel's main thread (a Web Worker in the real panel). */
export type HarImportRunner = (file: Blob, onProgress: (progress: HarImportProgress) => void) => HarImportJob;

/** Host capabilities the panel is given; every one is optional so the same App runs anywhere. */
export interface PanelHost {
  /** Key ring persistence; without it the ring lives in memory. */
  keyRing?: KeyRingStore;
  /** Panel preferences (clock skew, layout, forged tokens); without it they last as long as the panel. */
  preferences?: PreferenceStore;
  /** Network access for "Fetch JWKS"; without it the fetch buttons are hidden. */
  fetchText?: FetchText;
  /** Weak-secret search (a Web Worker in the real panel). */
  crack?: CrackRunner;
  /** Reads the inspected page's web storage again (absent outside DevTools). */
  rescanStorage?: () => Promise<number>;
  /** URL of the inspected page, for third-party findings. */
  pageUrl?: () => string | undefined;
  /** The paste box and pasted tokens kept across a panel reopen; without it they last as long as the panel. */
  pastes?: PasteStore;
  /** DevTools' find bar over the panel: calls back with its text; returns the unsubscribe. */
  onFind?: (listener: (query: string) => void) => () => void;
  /** Response bodies too large to scan (the panel's network source): calls back with the tally; returns the unsubscribe. */
  onBodiesSkipped?: (listener: (skipped: SkippedBodies) => void) => () => void;
  /** The clipboard (copy from context menus and Ctrl+C); without it copying does nothing. */
  clipboard?: ClipboardWrite;
  /** Notices of the panel's own capture (a token response it could not read); returns the unsubscribe. */
  captureNotices?: (listener: (notice: CaptureNotice) => void) => () => void;
  /**
   * URLs of authorize requests the panel's network source saw (a `client_id` and `response_type` in the
   * query; nothing else of the request); returns the unsubscribe.
   */
  onAuthorizeRequest?: (listener: (url: string) => void) => () => void;
  /**
   * Decodes a large captured token off the main thread before it is listed (a Web Worker in the
   * real panel); without it every token is decoded on the panel's main thread.
   */
  decodeLarge?: DecodeOffThread;
  /** The quick secret check of an HS* token off the main thread (a Web Worker in the real panel). */
  quickSecretCheck?: (token: string) => Promise<string | undefined>;
  /**
   * Asks for the optional permission "Use this token in the app" needs (declarativeNetRequestWithHostAccess);
   * called inside the user's click; resolves whether it is granted. Without it the feature is unavailable.
   */
  requestOverridePermission?: () => Promise<boolean>;
  /** Network access for Replay and Test this endpoint; without it their buttons are hidden. */
  sendReplay?: SendReplay;
  /**
   * Asks for the optional permission the network-rule path needs (declarativeNetRequestWithHostAccess);
   * called first thing in the click that needs it (a user gesture). Resolves whether it is granted.
   */
  requestReplayPermission?: () => Promise<boolean>;
  /** Opens HAR files as sessions of their own (a Web Worker in the real panel); without it "Open HAR" is hidden. */
  importHar?: HarImportRunner;
}
