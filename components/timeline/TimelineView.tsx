import { useEffect, useMemo, useState } from 'preact/hooks';
import { showInvisible } from '../../lib/text/visible-text.ts';
import type { ClockSkew, SessionVerdicts, Timeline, TimelineSession } from '../../lib/timeline/model.ts';
import { downloadText } from '../common/download.ts';
import { TimelineChart } from './TimelineChart.tsx';
import { formatDuration, initialDomain, TRAVEL_STEPS, travelLabel, zoomDomain, type Domain } from './timeline-scale.ts';
import { downloadPng } from './svg-png.ts';
import { VerdictList } from './VerdictList.tsx';
import './timeline.css';

function skewText(skew: ClockSkew | undefined): string {
  if (!skew || skew.count === 0) return 'Server clock: no Date header seen';
  const n = `${skew.count} response${skew.count === 1 ? '' : 's'}`;
  if (!skew.measurable) return `Server clock: within ±1 s of this one (${n}; Date has 1 s resolution)`;
  const s = skew.medianSeconds;
  return `Server clock: ${s > 0 ? '+' : s < 0 ? '−' : '±'}${Math.abs(s)} s ${s > 0 ? 'ahead' : 'behind'} (median of ${n}, ${formatDuration(skew.minMs)} … ${formatDuration(skew.maxMs)})`;
}

/** The session a timeline opens on: the one holding the selected token, else the one with most lanes. */
function defaultSession(timeline: Timeline, selected: string | null): TimelineSession | undefined {
  return (
    (selected !== null ? timeline.sessions.find((s) => s.lanes.some((l) => l.token === selected)) : undefined) ??
    [...timeline.sessions].sort((a, b) => b.lanes.length - a.lanes.length)[0]
  );
}

/**
 * The session timeline (issue 15): a picker of the capture's sessions by issuer / origin, the
 * measured clock skew, zoom controls, the time-travel slider (lanes restyle as at now + Δ), the
 * lanes chart, and the session's verdicts with their evidence. SVG and PNG downloads for a ticket.
 */
export function TimelineView({
  timeline,
  verdicts,
  now,
  selected,
  onOpen,
  svgOf,
  fileName = 'jwt-lens-timeline',
}: {
  timeline: Timeline;
  verdicts: readonly SessionVerdicts[];
  now: number;
  selected: string | null;
  onOpen(token: string): void;
  /** The session as standalone SVG text over the shown range (the engine's builder); the downloads are hidden without it. */
  svgOf?: (session: TimelineSession, range: Domain) => string;
  fileName?: string;
}) {
  const [sessionId, setSessionId] = useState<string | undefined>(() => defaultSession(timeline, selected)?.id);
  const session = timeline.sessions.find((s) => s.id === sessionId) ?? defaultSession(timeline, selected);
  // The whole session, as it grows: what the chart shows until the user zooms or pans (and again
  // after Fit or 0), so what arrives after the timeline opened — a logout, a refresh — is in view.
  const home = useMemo(() => initialDomain(session, now), [session, now]);
  const [view, setView] = useState<Domain | null>(null);
  const domain = view ?? home;
  const setDomain = (d: Domain) => setView(d === home ? null : d);
  const [travel, setTravel] = useState(0);
  useEffect(() => setView(null), [session?.id]);
  const delta = TRAVEL_STEPS[travel] ?? 0;
  const at = now + delta * 1000;
  const sessionVerdicts = verdicts.find((v) => v.session === session?.id)?.verdicts ?? [];

  const expiredAt = (t: number) => session?.lanes.filter((l) => l.end !== undefined && l.end <= t).length ?? 0;
  const expiredNow = expiredAt(now);
  const expiredThen = expiredAt(at);

  if (!session)
    return (
      <div class="timeline timeline-empty" data-testid="timeline">
        <p class="muted">No tokens to draw yet. Tokens appear here as the page sends and receives them.</p>
      </div>
    );

  return (
    <div class="timeline" data-testid="timeline" data-session={session.id}>
      <div class="tl-head">
        <label class="tl-session">
          <span class="visually-hidden">Issuer or origin</span>
          <select
            data-testid="timeline-session"
            aria-label="Timeline session: issuer or origin"
            value={session.id}
            onChange={(e) => setSessionId((e.currentTarget as HTMLSelectElement).value)}
          >
            {timeline.sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {showInvisible(s.label)} ({s.lanes.length})
              </option>
            ))}
          </select>
        </label>
        <span class="tl-zoom" role="group" aria-label="Zoom">
          <button
            type="button"
            class="tool-button"
            aria-label="Zoom out"
            title="Zoom out (−)"
            onClick={() => setDomain(zoomDomain(domain, 1 / 1.5))}
          >
            −
          </button>
          <button
            type="button"
            class="tool-button"
            aria-label="Zoom in"
            title="Zoom in (+)"
            onClick={() => setDomain(zoomDomain(domain, 1.5))}
          >
            +
          </button>
          <button
            type="button"
            class="tool-button"
            data-testid="timeline-fit"
            title="Show the whole session and follow it as it grows (0)"
            aria-pressed={view === null}
            onClick={() => setView(null)}
          >
            Fit
          </button>
        </span>
        {svgOf && (
          <span class="tl-exports">
            <button
              type="button"
              class="tool-button"
              data-testid="timeline-svg"
              title="Download the timeline as SVG (no token text)"
              onClick={() => downloadText(`${fileName}.svg`, svgOf(session, domain), 'image/svg+xml')}
            >
              SVG
            </button>
            <button
              type="button"
              class="tool-button"
              data-testid="timeline-png"
              title="Download the timeline as PNG (no token text)"
              onClick={() => void downloadPng(`${fileName}.png`, svgOf(session, domain))}
            >
              PNG
            </button>
          </span>
        )}
        <span class="tl-skew muted" data-testid="timeline-skew">
          {skewText(session.skew ?? timeline.skew)}
        </span>
      </div>
      <div class="tl-travel-row">
        <label class="tl-travel-label" for="tl-travel">
          Preview at <b>{travelLabel(delta)}</b>
        </label>
        <input
          id="tl-travel"
          type="range"
          data-testid="timeline-travel"
          min={0}
          max={TRAVEL_STEPS.length - 1}
          step={1}
          value={travel}
          aria-valuetext={travelLabel(delta)}
          onInput={(e) => {
            const step = Number((e.currentTarget as HTMLInputElement).value);
            setTravel(step);
            // The previewed instant stays in view: the range widens to reach it.
            const then = now + (TRAVEL_STEPS[step] ?? 0) * 1000;
            if (then > domain[1]) setDomain([domain[0], then + (then - domain[0]) * 0.05]);
          }}
        />
        <span class="tl-travel-summary" data-testid="timeline-travel-summary" role="status">
          {expiredThen} of {session.lanes.length} expired
          {delta > 0 ? ` (${expiredThen - expiredNow} more than now)` : ''}
        </span>
      </div>
      <p class="visually-hidden" id="tl-help">
        Wheel zooms, Shift+wheel or drag pans; + and − zoom, arrows pan, Home and End go to the start and the end, up
        and down move between tokens, Enter opens one.
      </p>
      <div class="tl-main" role="group" aria-label="Session timeline" aria-describedby="tl-help">
        <TimelineChart
          session={session}
          now={now}
          at={at}
          domain={domain}
          onDomain={setDomain}
          selected={selected}
          onOpen={onOpen}
          home={home}
        />
      </div>
      <div class="tl-legend muted" aria-hidden="true">
        <span class="tl-key tl-key-2xx" /> 2xx <span class="tl-key tl-key-401" /> 401 <span class="tl-key tl-key-403" />{' '}
        403 <span class="tl-key tl-key-other" /> other <span class="tl-key tl-key-late" /> sent after expiry{' '}
        <span class="tl-key tl-key-gap" /> gap <span class="tl-key tl-key-event" /> event
      </div>
      <h3 class="tl-verdicts-head">Verdicts</h3>
      <VerdictList verdicts={sessionVerdicts} />
    </div>
  );
}
