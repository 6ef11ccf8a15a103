import { scaleTime } from 'd3-scale';
import { timeDay } from 'd3-time';
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { KIND_LABELS } from '../../lib/oauth/kind.ts';
import { showInvisible } from '../../lib/text/visible-text.ts';
import type { TimelineEvent, TimelineLane, TimelineSession } from '../../lib/timeline/model.ts';
import {
  clockTime,
  formatDuration,
  panDomain,
  tickMarks,
  zoomDomain,
  type Domain,
  type TickMark,
} from './timeline-scale.ts';

const ROW = 28;
const AXIS = 20;
const EVENTS = 18;
const BAR_Y = 15;
const BAR_H = 8;
/** Lanes drawn above and below the scrolled-to window. */
const OVERSCAN = 6;

interface Tip {
  x: number;
  y: number;
  lines: string[];
}

const TICK_WORDS: Readonly<Record<string, string>> = {
  '2xx': 'answered 2xx',
  '401': 'answered 401',
  '403': 'answered 403',
  other: 'answered',
  none: 'no answer',
};

function laneText(l: TimelineLane): string {
  return showInvisible(`${KIND_LABELS[l.kind]} · ${l.label}`);
}

function laneLines(l: TimelineLane, at: number): string[] {
  return [
    laneText(l),
    `from ${clockTime(l.start)} (${l.startFrom})${l.end !== undefined ? ` to ${clockTime(l.end)}` : ', no exp'}`,
    l.end !== undefined
      ? l.end <= at
        ? `expired ${formatDuration(at - l.end)} before the time shown`
        : `expires in ${formatDuration(l.end - at)}`
      : 'no expiry',
    `${l.ticks.length} sighting${l.ticks.length === 1 ? '' : 's'}${l.sentAfterExpiry ? `, ${l.sentAfterExpiry} sent after expiry` : ''}`,
  ];
}

function markLines(m: TickMark): string[] {
  const t = m.tick;
  const head = m.count > 1 ? `${m.count} sightings (first at ${clockTime(t.time)})` : clockTime(t.time);
  const what = [t.method, t.url].filter(Boolean).join(' ');
  return [
    head,
    showInvisible(`${t.direction} · ${t.label}`),
    ...(what ? [showInvisible(what)] : []),
    t.httpStatus !== undefined ? `HTTP ${t.httpStatus}` : TICK_WORDS[t.status]!,
    ...(m.afterExpiry ? ['sent after the token expired'] : []),
    ...(m.removed ? ['removed from where it was stored'] : []),
  ];
}

function eventLines(e: TimelineEvent): string[] {
  const c = e.challenge;
  return [
    `${clockTime(e.time)} · ${showInvisible(e.label)}`,
    ...(e.url ? [showInvisible(`${e.method ?? ''} ${e.url}`.trim())] : []),
    ...(c?.error ? [showInvisible(`${c.error}${c.description ? `: ${c.description}` : ''}`)] : []),
  ];
}

/**
 * One session's lanes as SVG: a lane per token (iat/nbf → exp), ticks coloured by the answer,
 * refresh chains old → new, gaps, events, the live "now" line and the time-travel line. Wheel zooms
 * (Shift+wheel pans), drag pans, and the keyboard does both (+ / − / ← / → / Home / End, ↑ / ↓ between
 * lanes, Enter opens the token). Only the lanes in view are drawn, and dense lanes are bucketed.
 */
export function TimelineChart({
  session,
  now,
  at,
  domain,
  onDomain,
  selected,
  onOpen,
  home,
}: {
  session: TimelineSession;
  now: number;
  /** The instant lanes are judged at (now + the time-travel offset). */
  at: number;
  domain: Domain;
  onDomain(d: Domain): void;
  selected: string | null;
  onOpen(token: string): void;
  /** Where Home and End go (the session's first and last instants). */
  home: Domain;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [scroll, setScroll] = useState({ top: 0, height: 400 });
  const [tip, setTip] = useState<Tip | null>(null);
  const [focusLane, setFocusLane] = useState<number | null>(null);
  const drag = useRef<{ x: number; domain: Domain; moved: boolean } | null>(null);

  useLayoutEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const measure = () => {
      setWidth(el.clientWidth);
      setScroll({ top: el.scrollTop, height: el.clientHeight });
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const w = Math.max(width, 100);
  const x = useMemo(() => scaleTime().domain([domain[0], domain[1]]).range([0, w]), [domain[0], domain[1], w]);
  const px = (t: number) => x(t);
  const axisTicks = x.ticks(Math.max(2, Math.floor(w / 90)));
  const tickFormat = x.tickFormat();
  // The day the range starts on, and each midnight inside it (a HAR from last week says when it was).
  const day = timeDay.floor(new Date(domain[0]));
  const midnights = timeDay.range(new Date(domain[0]), new Date(domain[1])).slice(0, 60);
  const dayText = (d: Date) => d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

  const lanes = session.lanes;
  const laneIndex = useMemo(() => new Map(lanes.map((l, i) => [l.id, i])), [lanes]);
  const first = Math.max(0, Math.floor(scroll.top / ROW) - OVERSCAN);
  const last = Math.min(lanes.length, Math.ceil((scroll.top + scroll.height) / ROW) + OVERSCAN);
  const shownLanes = lanes.slice(first, last);

  // Keyboard focus moves between lanes even when the next one is not drawn yet: scroll, then focus.
  useEffect(() => {
    if (focusLane === null) return;
    const body = bodyRef.current;
    if (!body) return;
    const top = focusLane * ROW;
    if (top < body.scrollTop) body.scrollTop = top;
    else if (top + ROW > body.scrollTop + body.clientHeight) body.scrollTop = top + ROW - body.clientHeight;
    const el = body.querySelector<SVGGElement>(`[data-lane-index="${focusLane}"]`);
    el?.focus();
  }, [focusLane, first, last]);

  const showTip = (e: { clientX: number; clientY: number }, lines: string[]) => {
    const r = boxRef.current?.getBoundingClientRect();
    if (!r) return;
    setTip({ x: e.clientX - r.left, y: e.clientY - r.top, lines });
  };
  const tipAt = (el: Element, lines: string[]) => {
    const r = el.getBoundingClientRect();
    showTip({ clientX: r.left + Math.min(r.width, 40), clientY: r.bottom }, lines);
  };

  const onWheel = (e: WheelEvent) => {
    if (e.ctrlKey && !e.deltaY) return;
    e.preventDefault();
    const r = bodyRef.current?.getBoundingClientRect();
    const anchor = x.invert((e.clientX - (r?.left ?? 0)) as number).getTime();
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const d = e.shiftKey ? e.deltaY || e.deltaX : e.deltaX;
      onDomain(panDomain(domain, (d / w) * (domain[1] - domain[0])));
    } else onDomain(zoomDomain(domain, Math.pow(1.0015, -e.deltaY), anchor));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const span = domain[1] - domain[0];
    const key = e.key;
    let handled = true;
    if (key === '+' || key === '=') onDomain(zoomDomain(domain, 1.5));
    else if (key === '-' || key === '_') onDomain(zoomDomain(domain, 1 / 1.5));
    else if (key === 'ArrowLeft') onDomain(panDomain(domain, -span * 0.1));
    else if (key === 'ArrowRight') onDomain(panDomain(domain, span * 0.1));
    else if (key === 'Home') onDomain([home[0] - span * 0.05, home[0] + span * 0.95]);
    else if (key === 'End') onDomain([home[1] - span * 0.95, home[1] + span * 0.05]);
    else if (key === '0') onDomain(home);
    else if ((key === 'ArrowDown' || key === 'ArrowUp') && lanes.length > 0) {
      const from = (e.target as Element | null)?.closest?.('[data-lane-index]')?.getAttribute('data-lane-index');
      const i = from != null ? Number(from) : (focusLane ?? -1);
      setFocusLane(Math.max(0, Math.min(lanes.length - 1, key === 'ArrowDown' ? i + 1 : i < 0 ? 0 : i - 1)));
    } else handled = false;
    if (handled) e.preventDefault();
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, domain, moved: false };
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    if (!d.moved && Math.abs(dx) < 4) return;
    if (!d.moved) (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    d.moved = true;
    setTip(null);
    onDomain(panDomain(d.domain, (-dx / w) * (d.domain[1] - d.domain[0])));
  };
  const endDrag = () => {
    // A click right after a drag must not open a token: the flag is read by the click handlers first.
    setTimeout(() => (drag.current = null), 0);
  };
  const dragged = () => drag.current?.moved === true;

  // Non-passive wheel listener: Preact's onWheel is passive in Chromium, so preventDefault would be ignored.
  const wheel = useRef(onWheel);
  wheel.current = onWheel;
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const listener = (e: WheelEvent) => wheel.current(e);
    el.addEventListener('wheel', listener, { passive: false });
    return () => el.removeEventListener('wheel', listener);
  }, []);

  const nowX = px(now);
  const atX = px(at);
  const height = Math.max(lanes.length * ROW, 40);
  const laneY = (i: number) => i * ROW;

  const chains = session.chains.filter((c) => {
    const a = laneIndex.get(c.fromLane);
    const b = laneIndex.get(c.toLane);
    if (a === undefined || b === undefined) return false;
    return Math.max(a, b) >= first && Math.min(a, b) < last;
  });

  const laneNodes: JSX.Element[] = shownLanes.map((l, k) => {
    const i = first + k;
    const y = laneY(i);
    const x0 = Math.max(-2, px(l.start));
    const end = l.end ?? Math.max(l.lastSeen, now);
    const x1 = Math.min(w + 2, px(end));
    const state =
      l.end === undefined ? 'no-expiry' : l.end <= at ? 'expired' : l.start > at ? 'not-yet-valid' : 'valid';
    const marks = tickMarks(l.ticks, px, w);
    return (
      <g
        key={l.id}
        class={`tl-lane tl-lane-${state}${l.token === selected ? ' tl-lane-selected' : ''}`}
        data-testid="timeline-lane"
        data-lane={l.id}
        data-lane-index={i}
        data-kind={l.kind}
        data-state={state}
        {...(l.sub !== undefined ? { 'data-token-sub': l.sub } : { 'data-label': l.label })}
        tabindex={focusLane === i || (focusLane === null && i === 0) ? 0 : -1}
        role="button"
        aria-label={`${laneText(l)}, ${state === 'expired' ? 'expired' : state === 'valid' ? 'valid' : state}${
          l.sentAfterExpiry ? `, ${l.sentAfterExpiry} sent after expiry` : ''
        }. Enter opens it.`}
        onClick={() => {
          if (!dragged()) onOpen(l.token);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onOpen(l.token);
          }
        }}
        onFocus={(e) => {
          setFocusLane(i);
          tipAt(e.currentTarget as Element, laneLines(l, at));
        }}
        onBlur={() => setTip(null)}
      >
        <rect class="tl-row" x={0} y={y} width={w} height={ROW} />
        <text class="tl-label" x={4} y={y + 11}>
          {laneText(l)}
        </text>
        <rect
          class="tl-bar"
          x={x0}
          y={y + BAR_Y}
          width={Math.max(2, x1 - x0)}
          height={BAR_H}
          rx={2}
          onMouseMove={(e) => showTip(e, laneLines(l, at))}
          onMouseLeave={() => setTip(null)}
        />
        {l.end !== undefined && l.end > at && at > l.start && (
          <rect
            class="tl-bar-left"
            x={Math.max(x0, atX)}
            y={y + BAR_Y}
            width={Math.max(0, x1 - Math.max(x0, atX))}
            height={BAR_H}
            rx={2}
          />
        )}
        {marks.map((m, j) => (
          <g
            key={j}
            class={`tl-tick tl-tick-${m.status}${m.afterExpiry ? ' tl-tick-late' : ''}${m.removed ? ' tl-tick-removed' : ''}`}
            data-testid="timeline-tick"
            data-status={m.tick.httpStatus !== undefined && m.count === 1 ? String(m.tick.httpStatus) : m.status}
            data-class={m.status}
            data-count={m.count}
            {...(m.afterExpiry ? { 'data-after-expiry': 'true' } : {})}
            {...(m.removed ? { 'data-removed': 'true' } : {})}
            onMouseMove={(e) => {
              e.stopPropagation();
              showTip(e, markLines(m));
            }}
            onMouseLeave={() => setTip(null)}
          >
            <rect x={m.x - 1.5} y={y + BAR_Y - 4} width={3} height={BAR_H + 8} />
            {m.afterExpiry && (
              <path
                class="tl-late-mark"
                data-testid="timeline-late"
                d={`M${m.x - 4} ${y + BAR_Y - 5} L${m.x + 4} ${y + BAR_Y - 5} L${m.x} ${y + BAR_Y} Z`}
              />
            )}
          </g>
        ))}
      </g>
    );
  });

  const gapNodes = session.gaps.flatMap((g, k) => {
    const i = laneIndex.get(session.lanes.find((l) => l.token === g.from)?.id ?? '');
    if (i === undefined || i < first || i >= last) return [];
    const x0 = px(g.start);
    const x1 = px(g.end);
    return [
      <rect
        key={`gap${k}`}
        class="tl-gap"
        data-testid="timeline-gap"
        x={x0}
        y={laneY(i) + BAR_Y}
        width={Math.max(2, x1 - x0)}
        height={BAR_H}
        onMouseMove={(e) =>
          showTip(e, [
            `gap of ${formatDuration(g.ms)}`,
            `expired ${clockTime(g.start)}`,
            `successor used ${clockTime(g.end)}`,
          ])
        }
        onMouseLeave={() => setTip(null)}
      />,
    ];
  });

  const chainNodes = chains.map((c, k) => {
    const a = laneIndex.get(c.fromLane)!;
    const b = laneIndex.get(c.toLane)!;
    const xs = px(c.successorSeen);
    const ya = laneY(a) + BAR_Y + BAR_H / 2;
    const yb = laneY(b) + BAR_Y + BAR_H / 2;
    const bend = Math.min(30, Math.abs(yb - ya) / 2 + 6);
    return (
      <path
        key={`chain${k}`}
        class={`tl-chain${c.after401 ? ' tl-chain-after401' : ''}`}
        data-testid="timeline-chain"
        data-from-lane={c.fromLane}
        data-to-lane={c.toLane}
        data-source={c.source}
        {...(c.after401 ? { 'data-after401': String(c.after401.status) } : {})}
        d={`M${xs - bend} ${ya} C${xs} ${ya}, ${xs - bend} ${yb}, ${xs} ${yb}`}
        marker-end="url(#tl-arrow)"
        onMouseMove={(e) =>
          showTip(e, [
            `refreshed: ${showInvisible(c.reason)}`,
            `successor seen ${clockTime(c.successorSeen)}`,
            ...(c.leadMs !== undefined
              ? [
                  c.leadMs >= 0
                    ? `${formatDuration(c.leadMs)} before expiry`
                    : `${formatDuration(-c.leadMs)} after expiry`,
                ]
              : []),
            ...(c.after401 ? [`after a ${c.after401.status} at ${clockTime(c.after401.time)}`] : []),
          ])
        }
        onMouseLeave={() => setTip(null)}
      />
    );
  });

  const eventNodes = session.events.map((e, k) => {
    const ex = px(e.time);
    if (ex < -6 || ex > w + 6) return null;
    return (
      <g
        key={`ev${k}`}
        class={`tl-event tl-event-${e.kind}`}
        data-testid="timeline-event"
        data-kind={e.kind}
        {...(e.lane !== undefined ? { 'data-lane': e.lane } : {})}
        onMouseMove={(ev) => showTip(ev, eventLines(e))}
        onMouseLeave={() => setTip(null)}
      >
        <title>{eventLines(e).join('\n')}</title>
        <path d={`M${ex} ${AXIS + 2} L${ex + 5} ${AXIS + 8} L${ex} ${AXIS + 14} L${ex - 5} ${AXIS + 8} Z`} />
      </g>
    );
  });

  // Event lines through the lanes (a logout, a cookie deletion) so they line up with the ticks.
  const eventLinesNodes = session.events.map((e, k) => {
    const ex = px(e.time);
    if (ex < 0 || ex > w) return null;
    return <line key={`evl${k}`} class={`tl-event-line tl-event-line-${e.kind}`} x1={ex} x2={ex} y1={0} y2={height} />;
  });

  return (
    <div
      class="tl-chart"
      ref={boxRef}
      data-testid="timeline-chart"
      data-from={Math.round(domain[0])}
      data-to={Math.round(domain[1])}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
    >
      <svg class="tl-axis" width={w} height={AXIS + EVENTS} role="img" aria-label="Time axis and events">
        {axisTicks.map((t) => (
          <g key={t.getTime()} class="tl-axis-tick">
            <line x1={px(t.getTime())} x2={px(t.getTime())} y1={AXIS - 5} y2={AXIS + EVENTS} />
            <text x={px(t.getTime()) + 3} y={AXIS - 8}>
              {tickFormat(t)}
            </text>
          </g>
        ))}
        <line class="tl-axis-line" x1={0} x2={w} y1={AXIS} y2={AXIS} />
        <text class="tl-day" data-testid="timeline-day" x={3} y={AXIS + EVENTS - 4}>
          {dayText(day)}
        </text>
        {midnights.map((d) => (
          <g key={d.getTime()} class="tl-midnight">
            <line x1={px(d.getTime())} x2={px(d.getTime())} y1={0} y2={AXIS + EVENTS} />
            <text x={px(d.getTime()) + 3} y={AXIS + EVENTS - 4}>
              {dayText(d)}
            </text>
          </g>
        ))}
        {eventNodes}
        {nowX >= 0 && nowX <= w && <line class="tl-now" x1={nowX} x2={nowX} y1={0} y2={AXIS + EVENTS} />}
      </svg>
      <div
        class="tl-body"
        ref={bodyRef}
        onScroll={(e) => {
          const el = e.currentTarget as HTMLDivElement;
          setScroll({ top: el.scrollTop, height: el.clientHeight });
        }}
      >
        <svg class="tl-lanes" width={w} height={height} aria-label={`${lanes.length} tokens`} role="group">
          <defs>
            <marker id="tl-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto">
              <path d="M0 0 L8 4 L0 8 Z" class="tl-arrow-head" />
            </marker>
          </defs>
          {axisTicks.map((t) => (
            <line key={t.getTime()} class="tl-grid" x1={px(t.getTime())} x2={px(t.getTime())} y1={0} y2={height} />
          ))}
          {laneNodes}
          {gapNodes}
          {eventLinesNodes}
          {chainNodes}
          {nowX >= 0 && nowX <= w && (
            <line class="tl-now" data-testid="timeline-now" x1={nowX} x2={nowX} y1={0} y2={height} />
          )}
          {at !== now && atX >= 0 && atX <= w && (
            <line class="tl-travel" data-testid="timeline-travel-line" x1={atX} x2={atX} y1={0} y2={height} />
          )}
        </svg>
      </div>
      {tip && (
        <div
          class="tl-tip"
          role="tooltip"
          data-testid="timeline-tooltip"
          style={{ left: `${Math.min(tip.x + 10, Math.max(0, w - 220))}px`, top: `${tip.y + 14}px` }}
        >
          {tip.lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </div>
      )}
    </div>
  );
}
