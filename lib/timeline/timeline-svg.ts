// The timeline of one session as standalone SVG text, for a bug ticket (the panel turns it into a PNG).
import { KIND_LABELS } from '../oauth/kind.ts';
import type { TickStatus, TimelineSession } from './model.ts';

/** Options of {@link timelineSvg}. */
export interface TimelineSvgOptions {
  /** Pixels; default 960. */
  width?: number;
  /** The time window drawn (epoch ms); default the session's extent, with `now` when given. */
  from?: number;
  to?: number;
  /** Draws the "now" line. */
  now?: number;
  theme?: 'light' | 'dark';
  /** How the axis and the tooltips write a time (default UTC `HH:MM:SS`). */
  formatTime?: (ms: number) => string;
  /** Puts each token's text in its lane's tooltip; default false (the picture names tokens by kind and subject only). */
  includeTokens?: boolean;
  /** A heading above the lanes; default the session's label. */
  title?: string;
}

const LANE = 24;
const TOP = 40;
const AXIS = 28;
const LABEL = 180;
const RIGHT = 16;
const MAX_LABEL = 26;

const THEMES = {
  light: { bg: '#ffffff', text: '#202124', muted: '#5f6368', grid: '#e0e0e0', lane: 0.22, gap: '#d93025' },
  dark: { bg: '#202124', text: '#e8eaed', muted: '#9aa0a6', grid: '#3c4043', lane: 0.35, gap: '#f28b82' },
} as const;

const KIND_COLOURS: Record<string, string> = {
  access: '#1a73e8',
  id: '#9334e6',
  refresh: '#188038',
  dpop: '#e37400',
  other: '#5f6368',
};

const TICK_COLOURS: Record<TickStatus, string> = {
  '2xx': '#188038',
  '401': '#e37400',
  '403': '#d93025',
  other: '#80868b',
  none: '#1a73e8',
};

const STEPS = [
  1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 10800e3, 21600e3, 43200e3,
  86400e3, 172800e3, 604800e3,
];

/** Text made safe for SVG text and attribute values. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
      // XML 1.0 forbids these control characters even escaped: they are dropped.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

function utcClock(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(11, 19) : '?';
}

function cut(text: string, max = MAX_LABEL): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

const n = (v: number): string => (Math.round(v * 10) / 10).toString();

/**
 * The session's timeline as SVG text: a lane per token from its start to its `exp` (kind colour,
 * subject label), a tick per sighting coloured by the answer (2xx / 401 / 403 / other / none; a red
 * ring when sent after expiry), chain arrows old → new, gaps, events as dashed lines, the "now"
 * line and a time axis. Every token-derived text is escaped; token values appear only with
 * `includeTokens`. Pure string building.
 */
export function timelineSvg(session: TimelineSession, options: TimelineSvgOptions = {}): string {
  const theme = THEMES[options.theme ?? 'light'];
  const at = options.formatTime ?? utcClock;
  const width = Math.max(320, Math.round(options.width ?? 960));
  let from = options.from ?? session.start;
  let to = options.to ?? session.end;
  if (options.from === undefined && options.now !== undefined) from = Math.min(from, options.now);
  if (options.to === undefined && options.now !== undefined) to = Math.max(to, options.now);
  if (!(to > from)) to = from + 1000;
  const lanes = session.lanes;
  const height = TOP + Math.max(1, lanes.length) * LANE + AXIS;
  const plot = width - LABEL - RIGHT;
  const x = (t: number) => LABEL + ((Math.min(Math.max(t, from), to) - from) / (to - from)) * plot;
  const y = (i: number) => TOP + i * LANE;
  const row = new Map(lanes.map((l, i) => [l.token, i]));
  const title = options.title ?? `Session timeline: ${session.label}`;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="${theme.bg}"/>`,
    `<text x="8" y="18" font-size="13" font-weight="600" fill="${theme.text}">${escapeXml(cut(title, 90))}</text>`,
    `<text x="8" y="32" fill="${theme.muted}">${escapeXml(`${at(from)} – ${at(to)}, ${lanes.length} token${lanes.length === 1 ? '' : 's'}`)}</text>`,
  );

  // Axis: about one label per 120 px, on a round step.
  const span = to - from;
  const step = STEPS.find((s) => (span / s) * 120 <= plot) ?? STEPS[STEPS.length - 1]!;
  out.push('<g class="axis">');
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    const px = n(x(t));
    out.push(
      `<line x1="${px}" y1="${TOP - 4}" x2="${px}" y2="${height - AXIS + 4}" stroke="${theme.grid}"/>`,
      `<text x="${px}" y="${height - 10}" text-anchor="middle" fill="${theme.muted}">${escapeXml(at(t))}</text>`,
    );
  }
  out.push('</g>');

  lanes.forEach((l, i) => {
    const colour = KIND_COLOURS[l.kind] ?? KIND_COLOURS.other!;
    const top = y(i);
    const mid = top + LANE / 2;
    const end = l.end ?? Math.max(l.lastSeen, options.now ?? l.lastSeen);
    const tip = [
      `${KIND_LABELS[l.kind]} · ${l.label}`,
      `from ${at(l.start)} (${l.startFrom})`,
      l.exp !== undefined ? `expires ${at(l.exp)}` : 'no exp',
    ];
    if (options.includeTokens) tip.push(l.token);
    out.push(
      `<g class="lane" data-kind="${escapeXml(l.kind)}" data-lane="${escapeXml(l.id)}">`,
      `<title>${escapeXml(tip.join('\n'))}</title>`,
      `<text x="8" y="${mid + 4}" fill="${theme.text}">${escapeXml(cut(`${KIND_LABELS[l.kind]} · ${l.label}`))}</text>`,
      `<rect class="lane-bar" x="${n(x(l.start))}" y="${top + 5}" width="${n(Math.max(1, x(end) - x(l.start)))}" height="${LANE - 10}" rx="3" fill="${colour}" fill-opacity="${theme.lane}" stroke="${colour}"${l.end === undefined ? ' stroke-dasharray="4 2"' : ''}/>`,
    );
    for (const t of l.ticks) {
      const px = n(x(t.time) - 1.5);
      const label = `${t.httpStatus ?? t.status} ${t.method ?? t.direction} ${t.label} at ${at(t.time)}${t.afterExpiry ? ' (after expiry)' : ''}`;
      out.push(
        `<rect class="tick" data-status="${t.status}" x="${px}" y="${top + 3}" width="3" height="${LANE - 6}" fill="${TICK_COLOURS[t.status]}"${t.afterExpiry ? ` stroke="${theme.gap}" stroke-width="1.5"` : ''}><title>${escapeXml(label)}</title></rect>`,
      );
    }
    out.push('</g>');
  });

  for (const g of session.gaps) {
    const i = row.get(g.from);
    if (i === undefined) continue;
    out.push(
      `<rect class="gap" x="${n(x(g.start))}" y="${y(i) + LANE - 6}" width="${n(Math.max(1, x(g.end) - x(g.start)))}" height="3" fill="${theme.gap}"><title>${escapeXml(`gap ${Math.round(g.ms / 100) / 10} s: expired ${at(g.start)}, successor used ${at(g.end)}`)}</title></rect>`,
    );
  }
  for (const c of session.chains) {
    const a = row.get(c.from);
    const b = row.get(c.to);
    if (a === undefined || b === undefined) continue;
    const px = n(x(c.successorSeen));
    const y1 = y(a) + LANE / 2;
    const y2 = y(b) + LANE / 2;
    const dir = y2 >= y1 ? -1 : 1;
    out.push(
      `<g class="chain"><title>${escapeXml(`replaced at ${at(c.successorSeen)}: ${c.reason}`)}</title><line x1="${px}" y1="${y1}" x2="${px}" y2="${y2}" stroke="${theme.text}" stroke-width="1.2"/><path d="M${px} ${y2} l-3 ${dir * 5} h6 z" fill="${theme.text}"/></g>`,
    );
  }
  for (const e of session.events) {
    const px = n(x(e.time));
    out.push(
      `<g class="event" data-kind="${e.kind}"><title>${escapeXml(`${e.label} at ${at(e.time)}`)}</title><line x1="${px}" y1="${TOP - 6}" x2="${px}" y2="${height - AXIS}" stroke="${e.kind === 'auth-failure' ? TICK_COLOURS['401'] : theme.muted}" stroke-dasharray="3 3"/></g>`,
    );
  }
  if (options.now !== undefined && options.now >= from && options.now <= to) {
    const px = n(x(options.now));
    out.push(
      `<g class="now"><line x1="${px}" y1="${TOP - 8}" x2="${px}" y2="${height - AXIS}" stroke="${theme.gap}" stroke-width="1.5"/><text x="${px}" y="${TOP - 10}" text-anchor="middle" fill="${theme.gap}">now</text></g>`,
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
