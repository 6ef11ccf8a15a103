import type { TickStatus, TimelineSession, TimelineTick } from '../../lib/timeline/model.ts';

/** A visible time range, epoch milliseconds [from, to]. */
export type Domain = readonly [number, number];

/** Narrowest and widest range the view zooms to. */
export const MIN_SPAN_MS = 200;
export const MAX_SPAN_MS = 400 * 86_400_000;

/**
 * The range first shown for a session: from its first lane or sighting to its last sighting, event or
 * `now`, with a margin. A long-lived token (a refresh token's hour) runs on past the right edge
 * rather than squeezing 10-second access tokens into a few pixels.
 */
export function initialDomain(
  session: (Pick<TimelineSession, 'start' | 'end'> & Partial<Pick<TimelineSession, 'lanes' | 'events'>>) | undefined,
  now: number,
): Domain {
  if (!session) return [now - 60_000, now + 60_000];
  let from = Infinity;
  let last = -Infinity;
  for (const l of session.lanes ?? []) {
    from = Math.min(from, l.start, l.firstSeen);
    last = Math.max(last, l.lastSeen);
  }
  for (const e of session.events ?? []) {
    from = Math.min(from, e.time);
    last = Math.max(last, e.time);
  }
  if (!Number.isFinite(from)) from = session.start;
  if (!Number.isFinite(last)) last = session.end;
  // Now is shown when it is near the activity (a live session), not when the HAR is from last week.
  const to = now >= last && now - last <= Math.max(10 * 60_000, (last - from) * 2) ? now : last;
  from = Math.min(from, to);
  const span = Math.max(to - from, 10_000);
  return clampSpan([from - span * 0.04, to + span * 0.06]);
}

function clampSpan([from, to]: Domain): Domain {
  const span = to - from;
  if (span >= MIN_SPAN_MS && span <= MAX_SPAN_MS) return [from, to];
  const mid = (from + to) / 2;
  const half = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span)) / 2;
  return [mid - half, mid + half];
}

/** Zooms by `factor` (> 1 zooms in) keeping the instant `anchor` where it is on screen. */
export function zoomDomain([from, to]: Domain, factor: number, anchor = (from + to) / 2): Domain {
  const span = to - from;
  const next = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span / factor));
  const share = span > 0 ? (anchor - from) / span : 0.5;
  return [anchor - next * share, anchor - next * share + next];
}

/** Moves the range by `deltaMs` (positive: later). */
export function panDomain([from, to]: Domain, deltaMs: number): Domain {
  return [from + deltaMs, to + deltaMs];
}

/** Worst first: the colour a bucket of several ticks takes. */
const STATUS_RANK: Readonly<Record<TickStatus, number>> = { '401': 4, '403': 3, other: 2, '2xx': 1, none: 0 };

/** One drawn mark on a lane: a single tick, or several in one pixel column when the lane is dense. */
export interface TickMark {
  x: number;
  status: TickStatus;
  /** Ticks in the mark (1 unless bucketed). */
  count: number;
  /** Some tick in it was sent after the token's expiry. */
  afterExpiry: boolean;
  /** Some tick in it is a removal (cookie deleted, storage item gone). */
  removed: boolean;
  /** The first tick of the mark, for its tooltip. */
  tick: TimelineTick;
}

/**
 * The marks of one lane within the visible range: one per tick while the lane has at most `maxMarks`
 * of them in view, else one per `column`-pixel column (worst status, counts summed), so thousands
 * of sightings never become thousands of nodes.
 */
export function tickMarks(
  ticks: readonly TimelineTick[],
  x: (time: number) => number,
  width: number,
  maxMarks = 120,
  column = 3,
): TickMark[] {
  const inView: { px: number; t: TimelineTick }[] = [];
  for (const t of ticks) {
    const px = x(t.time);
    if (px >= -2 && px <= width + 2) inView.push({ px, t });
  }
  const mark = (px: number, t: TimelineTick): TickMark => ({
    x: px,
    status: t.status,
    count: 1,
    afterExpiry: t.afterExpiry,
    removed: t.removed === true,
    tick: t,
  });
  if (inView.length <= maxMarks) return inView.map(({ px, t }) => mark(px, t));
  const buckets = new Map<number, TickMark>();
  for (const { px, t } of inView) {
    const col = Math.floor(px / column);
    const b = buckets.get(col);
    if (!b) {
      buckets.set(col, { ...mark(col * column + column / 2, t) });
      continue;
    }
    b.count++;
    if (STATUS_RANK[t.status] > STATUS_RANK[b.status]) b.status = t.status;
    b.afterExpiry ||= t.afterExpiry;
    b.removed ||= t.removed === true;
  }
  return [...buckets.values()].sort((a, b) => a.x - b.x);
}

/** The time-travel slider's steps (seconds after now). */
export const TRAVEL_STEPS: readonly number[] = [
  0, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400, 604_800,
];

/** "now", "now + 30 s", "now + 10 min", "now + 2 h", "now + 7 d". */
export function travelLabel(seconds: number): string {
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `now + ${seconds} s`;
  if (seconds < 3600) return `now + ${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `now + ${Math.round(seconds / 3600)} h`;
  return `now + ${Math.round(seconds / 86_400)} d`;
}

/** A duration for people: "850 ms", "12 s", "4 min 10 s", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const a = Math.abs(ms);
  if (a < 1000) return `${sign}${Math.round(a)} ms`;
  const s = Math.round(a / 1000);
  if (s < 60) return `${sign}${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${sign}${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${sign}${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `${sign}${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** A local clock time with milliseconds, as the tooltips and evidence show it ("14:03:07.250"). */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
