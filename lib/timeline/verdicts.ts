import type { TokenKind } from '../oauth/kind.ts';
import type {
  LifetimeData,
  SessionVerdicts,
  Timeline,
  TimelineChain,
  TimelineEvent,
  TimelineLane,
  TimelineSession,
  TimelineTick,
  Verdict,
  VerdictOf,
  VerdictOptions,
  VerdictStatus,
} from './model.ts';

// Evidence lists are cut here (the data keeps the counts).
const MAX_EVIDENCE = 12;
const DEFAULT_MAX_ACCESS_LIFETIME = 3600;
const DEFAULT_MAX_SKEW_MS = 60_000;

/** UTC `HH:MM:SS` (the default way verdicts write a time). */
export function utcTime(ms: number): string {
  return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(11, 19)} UTC` : '?';
}

/** A duration as people say it: `12 s`, `15 min`, `2 h 5 min`, `30 d`. */
export function durationText(seconds: number): string {
  const sign = seconds < 0 ? '−' : '';
  const s = Math.abs(seconds);
  if (s < 60) return `${sign}${s < 10 && s % 1 ? s.toFixed(1) : Math.round(s)} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = Math.round(s - m * 60);
    return `${sign}${m} min${r ? ` ${r} s` : ''}`;
  }
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s - h * 3600) / 60);
    return `${sign}${h} h${m ? ` ${m} min` : ''}`;
  }
  const d = s / 86_400;
  return `${sign}${Number.isInteger(d) ? d : d.toFixed(1)} d`;
}

function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

function cut(lines: string[], total = lines.length): string[] {
  if (lines.length <= MAX_EVIDENCE) return lines;
  return [...lines.slice(0, MAX_EVIDENCE), `… and ${total - MAX_EVIDENCE} more`];
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  try {
    const u = new URL(url);
    return `${u.pathname}`;
  } catch {
    return url.split(/[?#]/)[0] ?? '';
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function verdict<K extends Verdict['id']>(
  id: K,
  status: VerdictStatus,
  title: string,
  evidence: string[],
  data: VerdictOf<K>['data'],
): VerdictOf<K> {
  return { id, status, title, evidence, data };
}

interface Ctx {
  session: TimelineSession;
  at: (ms: number) => string;
  maxAccessLifetime: number;
  maxSkewMs: number;
  lanes: Map<string, TimelineLane>;
}

function lifetimes(ctx: Ctx, kind: TokenKind): { data: LifetimeData; lines: string[]; values: number[] } {
  const lanes = ctx.session.lanes.filter((l) => l.kind === kind);
  const values: number[] = [];
  const lines: string[] = [];
  let withoutExp = 0;
  for (const l of lanes) {
    const from = l.iat ?? l.nbf;
    if (l.exp === undefined) {
      withoutExp++;
      lines.push(`${l.label}: no exp (first seen ${ctx.at(l.firstSeen)})`);
    } else if (from !== undefined) {
      const s = (l.exp - from) / 1000;
      values.push(s);
      lines.push(
        `${l.label}: ${l.iat !== undefined ? 'issued' : 'valid from'} ${ctx.at(from)}, expires ${ctx.at(l.exp)} — ${durationText(s)}`,
      );
    } else lines.push(`${l.label}: expires ${ctx.at(l.exp)} (no iat or nbf)`);
  }
  const data: LifetimeData = { count: lanes.length, withoutExp };
  if (values.length) {
    data.minSeconds = Math.min(...values);
    data.medianSeconds = median(values)!;
    data.maxSeconds = Math.max(...values);
  }
  return { data, lines: cut(lines), values };
}

function rangeText(d: LifetimeData): string {
  if (d.minSeconds === undefined) return '';
  return d.minSeconds === d.maxSeconds
    ? durationText(d.minSeconds)
    : `${durationText(d.minSeconds)} to ${durationText(d.maxSeconds!)} (median ${durationText(d.medianSeconds!)})`;
}

function accessLifetime(ctx: Ctx): Verdict {
  const { data, lines } = lifetimes(ctx, 'access');
  if (!data.count) return verdict('access-lifetime', 'unknown', 'No access token seen', [], data);
  const n = plural(data.count, 'access token');
  if (data.withoutExp)
    return verdict(
      'access-lifetime',
      'fail',
      `${plural(data.withoutExp, 'access token')} never expire${data.withoutExp === 1 ? 's' : ''} (no exp)`,
      lines,
      data,
    );
  if (data.maxSeconds === undefined)
    return verdict('access-lifetime', 'info', `${n}: lifetime unknown (no iat or nbf)`, lines, data);
  const status = data.maxSeconds > ctx.maxAccessLifetime ? 'fail' : 'pass';
  const over = status === 'fail' ? `, longer than ${durationText(ctx.maxAccessLifetime)}` : '';
  return verdict('access-lifetime', status, `Access tokens live ${rangeText(data)} (${n}${over})`, lines, data);
}

function refreshLifetime(ctx: Ctx): Verdict {
  const { data, lines } = lifetimes(ctx, 'refresh');
  if (!data.count)
    return verdict(
      'refresh-lifetime',
      'unknown',
      'No refresh token seen',
      ['An opaque refresh token (not a JWT) is not captured, so its lifetime cannot be read.'],
      data,
    );
  const n = plural(data.count, 'refresh token');
  const title =
    data.maxSeconds !== undefined
      ? `Refresh tokens live ${rangeText(data)} (${n}${data.withoutExp ? `, ${data.withoutExp} without exp` : ''})`
      : `${n}: ${data.withoutExp ? 'no exp' : 'lifetime unknown'}`;
  return verdict('refresh-lifetime', 'info', title, lines, data);
}

/** The chains refresh-lead judges: access tokens replaced; else ID tokens; else unclassified ones. */
function leadChains(ctx: Ctx): TimelineChain[] {
  for (const kind of ['access', 'id', 'other'] as TokenKind[]) {
    const chains = ctx.session.chains.filter((c) => ctx.lanes.get(c.from)?.kind === kind);
    if (chains.length) return chains;
  }
  return [];
}

function refreshLead(ctx: Ctx): Verdict {
  const chains = leadChains(ctx);
  const leads = chains.flatMap((c) => (c.leadMs !== undefined ? [c.leadMs / 1000] : []));
  const after401 = chains.filter((c) => c.after401).length;
  const afterExpiry = chains.filter((c) => c.leadMs !== undefined && c.leadMs < 0).length;
  const data = {
    chains: chains.length,
    after401,
    afterExpiry,
    ...(leads.length ? { minSeconds: Math.min(...leads), medianSeconds: median(leads)! } : {}),
  };
  if (!chains.length)
    return verdict('refresh-lead', 'unknown', 'No refresh seen (no token was replaced by a newer one)', [], data);
  const lines = chains.map((c) => {
    const old = ctx.lanes.get(c.from)!;
    const neu = ctx.lanes.get(c.to)!;
    const when = `${neu.label}'s successor first seen ${ctx.at(c.successorSeen)}`;
    const lead =
      c.leadMs === undefined
        ? 'the old token has no exp'
        : c.leadMs >= 0
          ? `${durationText(c.leadMs / 1000)} before the old one expired (${ctx.at(old.exp!)})`
          : `${durationText(-c.leadMs / 1000)} after the old one expired (${ctx.at(old.exp!)})`;
    const refused = c.after401
      ? `; the old token was answered ${c.after401.status} at ${ctx.at(c.after401.time)}${c.after401.url ? ` (${pathOf(c.after401.url)})` : ''}`
      : '';
    return `${when}: ${lead}${refused}`;
  });
  if (after401) {
    const all = after401 === chains.length;
    return verdict(
      'refresh-lead',
      'fail',
      all
        ? `Refreshes only after a ${chains.find((c) => c.after401)!.after401!.status}`
        : `Refreshes after a 401 in ${after401} of ${plural(chains.length, 'refresh', 'refreshes')}`,
      cut(lines),
      data,
    );
  }
  if (afterExpiry)
    return verdict(
      'refresh-lead',
      'fail',
      afterExpiry === chains.length
        ? 'Refreshes only after expiry'
        : `Refreshes after expiry in ${afterExpiry} of ${plural(chains.length, 'refresh', 'refreshes')}`,
      cut(lines),
      data,
    );
  if (!leads.length)
    return verdict(
      'refresh-lead',
      'info',
      `${plural(chains.length, 'refresh', 'refreshes')}; the tokens have no exp`,
      cut(lines),
      data,
    );
  return verdict(
    'refresh-lead',
    'pass',
    `Refreshes before expiry: lead min ${durationText(data.minSeconds!)} / median ${durationText(data.medianSeconds!)}`,
    cut(lines),
    data,
  );
}

function expiredSent(ctx: Ctx): Verdict {
  const answers: Record<string, number> = {};
  const lines: string[] = [];
  let count = 0;
  let accepted = 0;
  for (const l of ctx.session.lanes) {
    for (const t of l.ticks) {
      if (!t.afterExpiry) continue;
      count++;
      const key = t.httpStatus !== undefined ? String(t.httpStatus) : 'none';
      answers[key] = (answers[key] ?? 0) + 1;
      if (t.status === '2xx') accepted++;
      lines.push(
        `${t.method ?? 'request'} ${pathOf(t.url)} at ${ctx.at(t.time)}, ${durationText((t.time - l.exp!) / 1000)} after ${l.label}'s exp → ${t.httpStatus ?? 'no answer'}`,
      );
    }
  }
  const data = { count, answers, accepted };
  if (!count) return verdict('expired-sent', 'pass', 'No request sent with an expired token', [], data);
  const answerText = Object.entries(answers)
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${s === 'none' ? 'no answer' : s} ×${n}`)
    .join(', ');
  const evidence = cut(lines, count);
  if (accepted) evidence.unshift(`The server accepted an expired token ${plural(accepted, 'time')}.`);
  const skew = ctx.session.skew;
  if (skew?.measurable)
    evidence.push(
      `Judged by the local clock; the server's clock is ${durationText(Math.abs(skew.medianSeconds))} ${skew.medianMs > 0 ? 'ahead' : 'behind'}.`,
    );
  return verdict(
    'expired-sent',
    'fail',
    `${plural(count, 'request')} sent with an expired token (server answered ${answerText})`,
    evidence,
    data,
  );
}

/** True when a request sighting is a refresh grant's use of the token (in a body, or to a token endpoint). */
function isGrantUse(t: TimelineTick): boolean {
  if (t.direction !== 'request') return false;
  return t.location.endsWith('-body') || /\/(?:token|refresh)\/?(?:[?#]|$)/i.test(t.url ?? '');
}

function rotation(ctx: Ctx): Verdict {
  const lanes = ctx.session.lanes.filter((l) => l.kind === 'refresh');
  let reused = 0;
  let refusedReuse = 0;
  let maxUses = 0;
  let used = 0;
  const lines: string[] = [];
  for (const l of lanes) {
    const uses = l.ticks.filter(isGrantUse);
    const distinct = new Map<string, (typeof uses)[number]>();
    for (const u of uses) distinct.set(`${u.url ?? ''}\u0000${u.time}`, u);
    const n = distinct.size;
    maxUses = Math.max(maxUses, n);
    if (n) used++;
    if (n < 2) continue;
    const later = [...distinct.values()].slice(1);
    const accepted = later.filter((u) => u.status === '2xx' || u.status === 'none');
    if (accepted.length) reused++;
    else refusedReuse++;
    lines.push(
      `${l.label}'s refresh token sent ${n} times: ${[...distinct.values()].map((u) => `${ctx.at(u.time)} → ${u.httpStatus ?? 'no answer'}`).join(', ')}`,
    );
  }
  const data = { refreshTokens: lanes.length, reused, maxUses };
  if (!lanes.length)
    return verdict(
      'refresh-rotation',
      'unknown',
      'No refresh token seen',
      ['An opaque refresh token (not a JWT) is not captured, so its reuse cannot be judged.'],
      data,
    );
  if (!used)
    return verdict('refresh-rotation', 'unknown', 'No refresh token was sent (no refresh grant seen)', [], data);
  if (reused)
    return verdict(
      'refresh-rotation',
      'fail',
      `A refresh token was accepted more than once: the server does not rotate refresh tokens (RFC 9700 §4.14)`,
      cut(lines),
      data,
    );
  if (refusedReuse)
    return verdict(
      'refresh-rotation',
      'pass',
      'A reused refresh token was refused: rotation with reuse detection (RFC 9700 §4.14)',
      cut(lines),
      data,
    );
  const replaced = ctx.session.chains.filter((c) => ctx.lanes.get(c.from)?.kind === 'refresh').length;
  if (replaced)
    return verdict(
      'refresh-rotation',
      'pass',
      `Rotates: each refresh token used once, ${plural(replaced, 'replaced by a new one', 'replaced by new ones')}`,
      [],
      data,
    );
  return verdict(
    'refresh-rotation',
    'info',
    'Each refresh token was used once; no new refresh token was seen (rotation not shown)',
    [],
    data,
  );
}

// A page often clears its storage just before it calls the logout endpoint: removals this close before count.
const LOGOUT_LEAD_MS = 10_000;

const isRemoval = (e: TimelineEvent) =>
  (e.kind === 'cookie-deleted' || e.kind === 'storage-removed') && e.replacedBy === undefined;

/** The logout: the first request to a logout URL, else the first removal that no other token replaced. */
function logoutOf(ctx: Ctx): TimelineEvent | undefined {
  return ctx.session.events.find((e) => e.kind === 'logout-request') ?? ctx.session.events.find(isRemoval);
}

/** When the logout's clearing began: the earliest removal shortly before it, else the logout itself. */
function clearingStart(ctx: Ctx, logout: TimelineEvent): number {
  let start = logout.time;
  for (const e of ctx.session.events)
    if (isRemoval(e) && e.time < start && e.time >= logout.time - LOGOUT_LEAD_MS) start = e.time;
  return start;
}

interface Place {
  name: string;
  present: boolean;
  before: boolean;
  last: number;
  clearedAt?: number;
  sentAfter?: number;
}

function logoutCleared(ctx: Ctx): Verdict {
  const logout = logoutOf(ctx);
  if (!logout)
    return verdict(
      'logout-cleared',
      'unknown',
      'No logout seen',
      ['No cookie deletion, storage removal or request to a logout URL (/logout, /signout, end_session) was captured.'],
      { cleared: [], remaining: [] },
    );
  const at = logout.time;
  const from = clearingStart(ctx, logout);
  const found = new Map<string, Place>();
  for (const l of ctx.session.lanes) {
    if (l.firstSeen > at) continue;
    for (const t of l.ticks) {
      if (t.place === undefined) continue;
      const key = `${t.place}\u0000${l.token}`;
      let place = found.get(key);
      if (!place) found.set(key, (place = { name: t.place, present: false, before: false, last: t.time }));
      place.last = t.time;
      if (t.removed) {
        place.present = false;
        if (t.time >= from) place.clearedAt = t.time;
      } else {
        place.present = true;
        if (t.time < from) place.before = true;
        // A cookie sent after the logout (the logout request's own cookie aside), once it should be gone.
        const sent = t.direction === 'request' && t.location === 'cookie';
        if (sent && t.time > at && t.requestId !== logout.requestId) place.sentAfter = t.time;
      }
    }
  }
  const cleared: string[] = [];
  const remaining: string[] = [];
  const lines = [`Logout at ${ctx.at(at)}: ${logout.label}`];
  for (const p of found.values()) {
    if (!p.before && p.clearedAt === undefined) continue;
    if (p.sentAfter !== undefined && (p.clearedAt === undefined || p.sentAfter > p.clearedAt)) {
      remaining.push(p.name);
      lines.push(`${p.name}: still sent at ${ctx.at(p.sentAfter)}`);
    } else if (p.present && p.clearedAt === undefined) {
      remaining.push(p.name);
      lines.push(`${p.name}: still there (last seen ${ctx.at(p.last)})`);
    } else if (p.present) {
      remaining.push(p.name);
      lines.push(`${p.name}: cleared at ${ctx.at(p.clearedAt!)}, then seen again at ${ctx.at(p.last)}`);
    } else if (p.clearedAt !== undefined) {
      cleared.push(p.name);
      lines.push(`${p.name}: cleared at ${ctx.at(p.clearedAt)}`);
    }
  }
  const data = { logoutAt: at, cleared: [...new Set(cleared)], remaining: [...new Set(remaining)] };
  if (data.remaining.length)
    return verdict(
      'logout-cleared',
      'fail',
      `Logout left ${plural(data.remaining.length, 'token place')} behind: ${data.remaining.join(', ')}`,
      cut(lines),
      data,
    );
  if (data.cleared.length)
    return verdict('logout-cleared', 'pass', `Logout cleared ${data.cleared.join(', ')}`, cut(lines), data);
  lines.push('Tokens held only in memory (sent as Bearer) cannot be seen leaving.');
  return verdict('logout-cleared', 'info', 'No token was kept in cookies or storage before the logout', lines, data);
}

function logoutReplay(ctx: Ctx): Verdict {
  const logout = logoutOf(ctx);
  const candidates = logout
    ? ctx.session.lanes.filter((l) => l.firstSeen <= logout.time && (l.exp === undefined || l.exp > logout.time))
    : [];
  const data = { candidates: candidates.length, ...(logout ? { logoutAt: logout.time } : {}) };
  if (!logout) return verdict('logout-replay', 'unknown', 'No logout seen: nothing to replay', [], data);
  return verdict(
    'logout-replay',
    'unknown',
    'Is the old token still accepted after logout? Replay the old token to check',
    candidates
      .slice(0, MAX_EVIDENCE)
      .map(
        (l) =>
          `${l.label} (${l.kind}), valid at the logout (${ctx.at(logout.time)})${l.exp !== undefined ? ` until ${ctx.at(l.exp)}` : ''}`,
      ),
    data,
  );
}

function clockSkew(ctx: Ctx): Verdict {
  const s = ctx.session.skew;
  if (!s)
    return verdict('clock-skew', 'unknown', 'No response with a Date header', [], { count: 0, measurable: false });
  const data = { count: s.count, medianMs: s.medianMs, minMs: s.minMs, maxMs: s.maxMs, measurable: s.measurable };
  const lines = [
    `${plural(s.count, 'response')}: server − local from ${durationText(s.minMs / 1000)} to ${durationText(s.maxMs / 1000)}, median ${durationText(s.medianMs / 1000)}`,
    'The Date header has 1 s resolution: differences under a second are not measured.',
  ];
  if (!s.measurable) return verdict('clock-skew', 'pass', 'Server clock within ±1 s of the local clock', lines, data);
  const how = `${durationText(Math.abs(s.medianSeconds))} ${s.medianMs > 0 ? 'ahead of' : 'behind'} the local clock`;
  const status = Math.abs(s.medianMs) >= ctx.maxSkewMs ? 'fail' : 'info';
  return verdict('clock-skew', status, `Server clock ${how}`, lines, data);
}

/**
 * The verdicts of one session (origin / issuer), each with its evidence: access and refresh token
 * lifetimes, refresh lead (or "refreshes only after a 401"), requests sent with an expired token
 * and the answers, refresh-token rotation, logout (tokens cleared; still accepted needs Replay), and
 * the clock skew. Pure; `formatTime` writes the times (default UTC).
 */
export function computeVerdicts(session: TimelineSession, options: VerdictOptions = {}): Verdict[] {
  const ctx: Ctx = {
    session,
    at: options.formatTime ?? utcTime,
    maxAccessLifetime: options.maxAccessLifetime ?? DEFAULT_MAX_ACCESS_LIFETIME,
    maxSkewMs: options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS,
    lanes: new Map(session.lanes.map((l) => [l.token, l])),
  };
  return [
    accessLifetime(ctx),
    refreshLifetime(ctx),
    refreshLead(ctx),
    expiredSent(ctx),
    rotation(ctx),
    logoutCleared(ctx),
    logoutReplay(ctx),
    clockSkew(ctx),
  ];
}

/** The verdicts of every session of a timeline. */
export function timelineVerdicts(timeline: Timeline, options: VerdictOptions = {}): SessionVerdicts[] {
  return timeline.sessions.map((s) => ({ session: s.id, label: s.label, verdicts: computeVerdicts(s, options) }));
}
