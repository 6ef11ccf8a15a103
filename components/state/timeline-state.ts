import type { CapturedToken, RequestRecord } from '../../lib/capture/model.ts';
import type { CaptureLinks } from '../../lib/oauth/relations.ts';
import { buildTimeline } from '../../lib/timeline/build-timeline.ts';
import type { SessionVerdicts, Timeline, TokenReplay } from '../../lib/timeline/model.ts';
import { timelineVerdicts } from '../../lib/timeline/verdicts.ts';

/** The timeline of the shown session (live capture or a HAR file) and its verdicts per origin / issuer. */
export interface TimelineModel {
  timeline: Timeline;
  verdicts: SessionVerdicts[];
}

function localTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** The timeline of a capture and its verdicts (evidence in local time); a HAR worker builds it off the main thread. */
export function timelineModelOf(
  entries: readonly CapturedToken[],
  requests: Iterable<RequestRecord>,
  links: CaptureLinks | undefined,
  now: number,
  replays: readonly TokenReplay[] = [],
): TimelineModel {
  const timeline = buildTimeline({ tokens: entries, requests: [...requests], ...(links ? { links } : {}), now });
  return { timeline, verdicts: timelineVerdicts(timeline, { formatTime: localTime, replays }) };
}

/**
 * Builds the timeline once per change of the capture (tokens, request log, links), not once per
 * clock tick: lane states at "now" or at the time-travel instant are the view's to judge from
 * each lane's `exp`, so a second passing redraws the "now" line without rebuilding anything.
 */
export class TimelineCache {
  private last:
    | {
        entries: readonly CapturedToken[];
        requests: ReadonlyMap<string, RequestRecord>;
        links: CaptureLinks;
        replays: readonly TokenReplay[];
        model: TimelineModel;
      }
    | undefined;

  /** The timeline of these entries, requests and links, built at `now` if they changed since the last call. */
  of(
    entries: readonly CapturedToken[],
    requests: ReadonlyMap<string, RequestRecord>,
    links: CaptureLinks,
    now: number,
    replays: readonly TokenReplay[] = [],
  ): TimelineModel {
    const l = this.last;
    if (l && l.entries === entries && l.requests === requests && l.links === links && l.replays === replays)
      return l.model;
    const model = timelineModelOf(entries, requests.values(), links, now, replays);
    this.last = { entries, requests, links, replays, model };
    return model;
  }
}
