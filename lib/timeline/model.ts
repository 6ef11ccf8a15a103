// The session timeline's data model: what buildTimeline returns and computeVerdicts reads. Every time is epoch milliseconds.
import type { CapturedToken } from '../capture/model.ts';
import type { CaptureLinks } from '../oauth/relations.ts';
import type { TokenKind } from '../oauth/kind.ts';
import type { AuthChallenge, LocationKind, RequestRecord, SightingDirection, SightingVia } from '../types.ts';

/** What {@link buildTimeline} reads: a capture (live or imported), its request log, its links, the clock. */
export interface TimelineInput {
  tokens: readonly CapturedToken[];
  /** The request log (live: `PanelStore.requests()`; imported: the HAR's records). */
  requests?: readonly RequestRecord[];
  /** The capture's links (lib/oauth `linkTokens`); computed from the tokens when absent. */
  links?: CaptureLinks;
  /** The current time, epoch milliseconds (the "now" line; never read from a global clock). */
  now: number;
}

/** A sighting's answer as the timeline colours it: 2xx, 401, 403, any other status, or none (stored, not yet answered). */
export type TickStatus = '2xx' | '401' | '403' | 'other' | 'none';

/** One sighting of a token, drawn on its lane. */
export interface TimelineTick {
  time: number;
  status: TickStatus;
  /** The HTTP status, when the sighting has one (0: failed without a response). */
  httpStatus?: number;
  direction: SightingDirection;
  via: SightingVia;
  /** Where the token sat, as the panel labels it (`Authorization`, `response › access_token`, `localStorage › at`). */
  label: string;
  /** The kind of that place (`header`, `cookie`, `set-cookie`, `json-body`, `storage`, …). */
  location: LocationKind;
  /** For a cookie or Web Storage place, what a logout must clear: `cookie session`, `localStorage › at`. */
  place?: string;
  method?: string;
  url?: string;
  /** Sent by the page (a request sighting) at or after the token's `exp` (local clock). */
  afterExpiry: boolean;
  /** A stored copy gone at this time (cookie deleted, storage item removed). */
  removed?: boolean;
  /** Index of the sighting in the token's `sightings`. */
  sighting: number;
  /** The request it belongs to (the request log's `requestId`), when known. */
  requestId?: string;
}

/** Where a lane's start comes from. */
export type LaneStartSource = 'iat' | 'nbf' | 'first-seen';

/** One token, as a bar from its start to its `exp`. */
export interface TimelineLane {
  /** Stable within one timeline: `l0`, `l1`, … in lane order. */
  id: string;
  token: string;
  kind: TokenKind;
  /** What the lane shows: the subject (`sub`, else another identifying claim), else the kind's label. */
  label: string;
  sub?: string;
  issuer?: string;
  /** `iat`, else `nbf`, else the first sighting. */
  start: number;
  startFrom: LaneStartSource;
  /** `exp`; absent when the token has none (the lane runs on to its last sighting / now). */
  end?: number;
  iat?: number;
  nbf?: number;
  exp?: number;
  firstSeen: number;
  lastSeen: number;
  /** First time the page sent it (a request sighting), if it ever did. */
  firstUse?: number;
  /** At `now`: valid, expired, not yet valid, or without `exp`. */
  state: 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry';
  /** One per sighting kept, oldest first. */
  ticks: TimelineTick[];
  /** How many ticks are marked {@link TimelineTick.afterExpiry}. */
  sentAfterExpiry: number;
}

/** Where a chain link comes from: lib/oauth's refresh chain, or the fallback (same issuer, subject and kind, seen later). */
export type ChainSource = 'relation' | 'fallback';

/** One old → new link of a refresh chain. */
export interface TimelineChain {
  /** The old token. */
  from: string;
  /** The token that replaced it. */
  to: string;
  fromLane: string;
  toLane: string;
  source: ChainSource;
  /** The evidence, in a few words (lib/oauth's reason, or the fallback's). */
  reason: string;
  /** The successor's first sighting (when it appeared, e.g. in a token response). */
  successorSeen: number;
  /** The successor's first use (sent by the page), if any. */
  successorUsed?: number;
  /** Old token's `exp` minus the successor's first sighting: positive when refreshed before expiry. */
  leadMs?: number;
  /**
   * The old token was refused (401/403) before the successor appeared: the latest such answer. A
   * cookie riding along on a request whose credential was a header token does not count.
   */
  after401?: { time: number; status: number; url?: string };
}

/** Time between a token's expiry and its successor's first use, when the successor came later. */
export interface TimelineGap {
  from: string;
  to: string;
  /** The old token's `exp`. */
  start: number;
  /** The successor's first use (or first sighting, when it was never sent). */
  end: number;
  ms: number;
}

/** What happened besides sightings. */
export type TimelineEventKind = 'cookie-deleted' | 'storage-removed' | 'auth-failure' | 'logout-request';

/** A cookie deleted, a storage item removed, a 401/403 the request log holds without a token, a logout request. */
export interface TimelineEvent {
  kind: TimelineEventKind;
  time: number;
  /** What the panel shows: `cookie session deleted`, `localStorage › at removed`, `401 GET /api/me`, `logout POST /logout`. */
  label: string;
  url?: string;
  method?: string;
  /** The token concerned (the one deleted, removed, or the last one sent to the logout URL), if any. */
  token?: string;
  /** The lane of that token, in the same session. */
  lane?: string;
  /** The cookie name or storage key. */
  name?: string;
  /** For a removal: the place (`cookie session`, `localStorage › at`). */
  place?: string;
  /** For a removal: another token took the place within 2 s (a refresh replacing it, not a logout). */
  replacedBy?: string;
  status?: number;
  /** For an auth failure: the server's `WWW-Authenticate` error and description. */
  challenge?: AuthChallenge;
  /** The request log's id, for events from it. */
  requestId?: string;
}

/** One sample of the server's clock against the local clock. */
export interface SkewSample {
  /** The response's `Date` (whole seconds). */
  serverDate: number;
  /** When the response arrived locally (or the request started, when that is all the log has). */
  localTime: number;
  /** Estimated server − local offset: `serverDate + 500 − localTime` (Date drops the milliseconds). */
  offsetMs: number;
  url?: string;
}

/**
 * The server's `Date` header against the local receive time, over responses. `Date` has 1 s
 * resolution: an offset under {@link SKEW_RESOLUTION_MS} is not a measured skew (`measurable: false`).
 */
export interface ClockSkew {
  count: number;
  /** Server minus local, milliseconds; positive: the server's clock is ahead. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** The median rounded to whole seconds (what is worth reporting). */
  medianSeconds: number;
  /** False when |median| is under the Date header's resolution: "within ±1 s", not a skew. */
  measurable: boolean;
  /** The samples, oldest first (bounded). */
  samples: SkewSample[];
}

/** The resolution of the HTTP `Date` header (RFC 9110 §5.6.7: whole seconds). */
export const SKEW_RESOLUTION_MS = 1000;

/** The tokens of one origin / issuer, their links and what happened around them. */
export interface TimelineSession {
  /** `iss:<issuer>` or `origin:<origin>` (or `unknown`). */
  id: string;
  /** What the session is keyed by: the tokens' issuer, else the origin they were used at. */
  issuer?: string;
  origin?: string;
  /** The issuer or origin, as shown. */
  label: string;
  /** Origins the session's tokens travelled to or from, most sightings first. */
  origins: string[];
  /** Extent of everything drawn (lanes, ticks, events), and `now` when it is inside. */
  start: number;
  end: number;
  lanes: TimelineLane[];
  chains: TimelineChain[];
  gaps: TimelineGap[];
  /** Oldest first. */
  events: TimelineEvent[];
  /** From the request log's responses at the session's origins. */
  skew?: ClockSkew;
}

/** The whole timeline: one session per issuer / origin. */
export interface Timeline {
  now: number;
  sessions: TimelineSession[];
  /** Over every response of the request log. */
  skew?: ClockSkew;
  /** Extent over all sessions. */
  start: number;
  end: number;
}

// ---- Verdicts (lib/timeline/verdicts.ts) ----

/** Every verdict computed per origin. */
export const VERDICT_IDS = [
  'access-lifetime',
  'refresh-lifetime',
  'refresh-lead',
  'expired-sent',
  'refresh-rotation',
  'logout-cleared',
  'logout-replay',
  'clock-skew',
] as const;

/** A verdict's id (the `data-verdict` of its view). */
export type VerdictId = (typeof VERDICT_IDS)[number];

/** pass / fail: judged; info: a fact worth knowing; unknown: the capture cannot tell (it says what would). */
export type VerdictStatus = 'pass' | 'fail' | 'info' | 'unknown';

/** Lifetimes (`exp − iat`, seconds) of one kind of token. */
export interface LifetimeData {
  count: number;
  /** Tokens of this kind without `exp`. */
  withoutExp: number;
  minSeconds?: number;
  medianSeconds?: number;
  maxSeconds?: number;
}

/** Refresh lead times (old `exp` − successor's first sighting, seconds). */
export interface RefreshLeadData {
  chains: number;
  minSeconds?: number;
  medianSeconds?: number;
  /** Successors that first appeared after a 401/403 answered to the old token. */
  after401: number;
  /** Successors that first appeared after the old token had expired. */
  afterExpiry: number;
}

/** Requests sent with an expired token, and the server's answers (`'200': 1, '401': 2`; `none` when unanswered). */
export interface ExpiredSentData {
  count: number;
  answers: Record<string, number>;
  /** Answered 2xx: the server accepted an expired token. */
  accepted: number;
}

/** Refresh tokens and how often each was sent. */
export interface RotationData {
  refreshTokens: number;
  /** Refresh tokens sent more than once. */
  reused: number;
  maxUses: number;
}

/** What a logout left behind. */
export interface LogoutData {
  /** When the logout was seen (first cookie deletion, storage removal or logout request). */
  logoutAt?: number;
  /** Places (`cookie session`, `localStorage › at`) cleared at or after the logout. */
  cleared: string[];
  /** Places still holding a token after the logout (or a cookie still sent). */
  remaining: string[];
}

/** Whether the old token is still accepted after logout (needs Replay). */
export interface LogoutReplayData {
  logoutAt?: number;
  /** Tokens one could replay to find out. */
  candidates: number;
}

/** The clock skew verdict's data (see {@link ClockSkew}). */
export interface SkewData {
  count: number;
  medianMs?: number;
  minMs?: number;
  maxMs?: number;
  measurable: boolean;
}

/** The `data` of each verdict, by id. */
export interface VerdictDataMap {
  'access-lifetime': LifetimeData;
  'refresh-lifetime': LifetimeData;
  'refresh-lead': RefreshLeadData;
  'expired-sent': ExpiredSentData;
  'refresh-rotation': RotationData;
  'logout-cleared': LogoutData;
  'logout-replay': LogoutReplayData;
  'clock-skew': SkewData;
}

/** One verdict of one id, with its evidence (human sentences with times) and its data. */
export interface VerdictOf<K extends VerdictId> {
  id: K;
  status: VerdictStatus;
  /** One line: "Refreshes before expiry: lead min 12 s / median 30 s". */
  title: string;
  /** Human sentences, each with its time(s). */
  evidence: string[];
  data: VerdictDataMap[K];
}

/** A verdict (discriminated by `id`). */
export type Verdict = { [K in VerdictId]: VerdictOf<K> }[VerdictId];

/** The verdicts of one session (origin / issuer). */
export interface SessionVerdicts {
  session: string;
  label: string;
  verdicts: Verdict[];
}

/** Options of computeVerdicts. */
export interface VerdictOptions {
  /** How evidence writes a time (default: UTC `HH:MM:SS.mmm`); the panel passes local time. */
  formatTime?: (ms: number) => string;
  /** Access tokens living longer than this fail `access-lifetime` (seconds; default 3,600). */
  maxAccessLifetime?: number;
  /** A skew of at least this fails `clock-skew` (milliseconds; default 60,000). */
  maxSkewMs?: number;
}
