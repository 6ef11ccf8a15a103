import type { CapturedToken, Sighting } from '../capture/model.ts';
import { locationLabel, sightingLabel } from '../capture/sighting-label.ts';
import { decodeToken } from '../decode-token.ts';
import { classifyToken, KIND_LABELS, type TokenKind } from '../oauth/kind.ts';
import { linkTokens, type CaptureLinks } from '../oauth/relations.ts';
import { readTimeClaim } from '../time-claims.ts';
import { identifyingClaim } from '../token-label.ts';
import type { RequestRecord } from '../types.ts';
import { isObject, own } from '../util/json-value.ts';
import type {
  LaneStartSource,
  TickStatus,
  Timeline,
  TimelineChain,
  TimelineEvent,
  TimelineGap,
  TimelineInput,
  TimelineLane,
  TimelineSession,
  TimelineTick,
} from './model.ts';
import { originOf, skewOf } from './skew.ts';

// Kinds whose successive tokens form a refresh chain (a DPoP proof or a logout token is one-shot).
const CHAIN_KINDS: ReadonlySet<TokenKind> = new Set(['access', 'id', 'refresh', 'other']);
// A removal this close to another token taking the same place is a replacement (a refresh), not a logout.
const REPLACED_WITHIN_MS = 2000;
// A logout, end-session or sign-out endpoint (OIDC RP-Initiated Logout's end_session_endpoint included).
const LOGOUT_PATH =
  /\/(?:log-?out|sign-?out|sign_out|log_out|end[-_]?session|endsession|revoke|session\/end)(?:[/?#._-]|$)/i;
// RP-Initiated Logout's parameters (OIDC RP-Initiated Logout 1.0 §2), whatever the endpoint's path.
const LOGOUT_PARAMS = /[?&](?:id_token_hint|post_logout_redirect_uri)=/;

// At one instant, the request first, then what its response did.
const EVENT_ORDER: Readonly<Record<TimelineEvent['kind'], number>> = {
  'logout-request': 0,
  'auth-failure': 1,
  'cookie-deleted': 2,
  'storage-removed': 3,
};

/** The class of an HTTP status as a tick shows it. */
export function tickStatus(status: number | undefined): TickStatus {
  if (status === undefined) return 'none';
  if (status >= 200 && status < 300) return '2xx';
  if (status === 401) return '401';
  if (status === 403) return '403';
  return 'other';
}

/**
 * True when a URL looks like a logout: a path such as `/logout`, `/signout`, `end_session`,
 * `/session/end` or `/revoke`, or an RP-initiated logout's `id_token_hint` / `post_logout_redirect_uri`.
 */
export function isLogoutUrl(url: string | undefined): boolean {
  if (typeof url !== 'string') return false;
  if (LOGOUT_PARAMS.test(url.split('#')[0]!)) return true;
  const cut = url.search(/[?#]/);
  const path = (cut >= 0 ? url.slice(0, cut) : url).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return LOGOUT_PATH.test(path);
}

interface Draft {
  lane: TimelineLane;
  session: string;
  sightings: readonly Sighting[];
  claims?: Record<string, unknown>;
}

function seconds(payload: unknown, name: 'iat' | 'nbf' | 'exp'): number | undefined {
  const c = readTimeClaim(payload, name);
  return c && c.problem === undefined && c.seconds !== undefined ? c.seconds * 1000 : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function firstOrigin(sightings: readonly Sighting[]): string | undefined {
  for (const s of sightings) {
    const o = originOf(s.url);
    if (o !== undefined) return o;
  }
  return undefined;
}

function laneOf(t: CapturedToken, index: number, links: CaptureLinks, now: number): Omit<Draft, 'session'> {
  const sightings = Array.isArray(t.sightings) ? t.sightings : [];
  const decoded = decodeToken(t.token);
  const claims = isObject(decoded.payload) ? decoded.payload : undefined;
  const kind = links.kinds.get(t.token)?.kind ?? classifyToken(decoded, sightings).kind;
  const iat = seconds(claims, 'iat');
  const nbf = seconds(claims, 'nbf');
  const exp = seconds(claims, 'exp');
  let firstSeen = Number.isFinite(t.firstSeen) ? t.firstSeen : Infinity;
  let lastSeen = Number.isFinite(t.lastSeen) ? t.lastSeen : -Infinity;
  for (const s of sightings) {
    firstSeen = Math.min(firstSeen, s.time);
    lastSeen = Math.max(lastSeen, s.time);
  }
  if (!Number.isFinite(firstSeen)) firstSeen = now;
  if (!Number.isFinite(lastSeen)) lastSeen = firstSeen;
  let start = firstSeen;
  let startFrom: LaneStartSource = 'first-seen';
  if (iat !== undefined) [start, startFrom] = [iat, 'iat'];
  else if (nbf !== undefined) [start, startFrom] = [nbf, 'nbf'];
  const ticks: TimelineTick[] = [];
  let firstUse: number | undefined;
  let sentAfterExpiry = 0;
  sightings.forEach((s, i) => {
    const afterExpiry = s.direction === 'request' && exp !== undefined && s.time >= exp;
    if (afterExpiry) sentAfterExpiry++;
    if (s.direction === 'request' && (firstUse === undefined || s.time < firstUse)) firstUse = s.time;
    const tick: TimelineTick = {
      time: s.time,
      status: tickStatus(s.status),
      direction: s.direction,
      via: s.via,
      label: sightingLabel(s),
      location: s.location.kind,
      afterExpiry,
      sighting: i,
    };
    if (s.status !== undefined) tick.httpStatus = s.status;
    if (s.method !== undefined) tick.method = s.method;
    if (s.requestId !== undefined) tick.requestId = s.requestId;
    if (s.url !== undefined) tick.url = s.url;
    if (s.removed) tick.removed = true;
    const place = placeOf(s);
    if (place !== undefined) tick.place = place;
    ticks.push(tick);
  });
  ticks.sort((a, b) => a.time - b.time || a.sighting - b.sighting);
  const sub = str(own(claims, 'sub'));
  const issuer = str(own(claims, 'iss'));
  const id = identifyingClaim(claims);
  const state =
    nbf !== undefined && now < nbf
      ? 'not-yet-valid'
      : exp === undefined
        ? 'no-expiry'
        : now >= exp
          ? 'expired'
          : 'valid';
  const lane: TimelineLane = {
    id: `l${index}`,
    token: t.token,
    kind,
    label: sub ?? id?.value ?? KIND_LABELS[kind],
    start,
    startFrom,
    firstSeen,
    lastSeen,
    state,
    ticks,
    sentAfterExpiry,
  };
  if (sub !== undefined) lane.sub = sub;
  if (issuer !== undefined) lane.issuer = issuer;
  if (exp !== undefined) lane.end = lane.exp = exp;
  if (iat !== undefined) lane.iat = iat;
  if (nbf !== undefined) lane.nbf = nbf;
  if (firstUse !== undefined) lane.firstUse = firstUse;
  const out: Omit<Draft, 'session'> = { lane, sightings };
  if (claims) out.claims = claims;
  return out;
}

function chainOf(
  older: TimelineLane,
  newer: TimelineLane,
  source: TimelineChain['source'],
  reason: string,
  headerRequests: ReadonlySet<string>,
): TimelineChain {
  const chain: TimelineChain = {
    from: older.token,
    to: newer.token,
    fromLane: older.id,
    toLane: newer.id,
    source,
    reason,
    successorSeen: newer.firstSeen,
  };
  if (newer.firstUse !== undefined) chain.successorUsed = newer.firstUse;
  if (older.exp !== undefined) chain.leadMs = older.exp - newer.firstSeen;
  // The latest refusal of the old token before its successor appeared: the app refreshed because of it.
  let refusal: TimelineTick | undefined;
  for (const t of older.ticks) {
    if (t.time > newer.firstSeen) break;
    if (t.direction !== 'request' || (t.status !== '401' && t.status !== '403')) continue;
    if (t.location === 'cookie' && t.requestId !== undefined && headerRequests.has(t.requestId)) continue;
    refusal = t;
  }
  if (refusal) {
    chain.after401 = { time: refusal.time, status: refusal.httpStatus ?? 401 };
    if (refusal.url !== undefined) chain.after401.url = refusal.url;
  }
  return chain;
}

/** The cookie or Web Storage place a sighting names (what a logout must clear). */
function placeOf(s: Sighting): string | undefined {
  const name = cookieName(s);
  if (name !== undefined) return `cookie ${name}`;
  return s.location.kind === 'storage' ? locationLabel({ ...s.location, jsonPath: '' }, s.direction) : undefined;
}

function cookieName(s: Sighting): string | undefined {
  return s.location.kind === 'cookie' || s.location.kind === 'set-cookie' ? s.location.name : undefined;
}

function removalEvent(d: Draft, s: Sighting): TimelineEvent | undefined {
  const name = cookieName(s);
  const place = placeOf(s);
  const base = {
    time: s.time,
    token: d.lane.token,
    lane: d.lane.id,
    ...(place !== undefined ? { place } : {}),
    ...(s.url !== undefined ? { url: s.url } : {}),
  };
  if (name !== undefined) return { kind: 'cookie-deleted', label: `cookie ${name} deleted`, name, ...base };
  if (s.location.kind === 'storage')
    return {
      kind: 'storage-removed',
      label: `${locationLabel(s.location, s.direction)} removed`,
      name: s.location.name,
      ...base,
    };
  return undefined;
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname;
  } catch {
    return url.split(/[?#]/)[0] ?? url;
  }
}

function recordEvents(requests: readonly RequestRecord[]): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const r of requests) {
    if (!r || typeof r.url !== 'string' || typeof r.time !== 'number') continue;
    const tokens = Array.isArray(r.tokens) ? r.tokens : [];
    const common = {
      time: r.time,
      url: r.url,
      method: r.method,
      requestId: r.requestId,
      ...(r.status !== undefined ? { status: r.status } : {}),
    };
    if (isLogoutUrl(r.url)) {
      const e: TimelineEvent = { kind: 'logout-request', label: `logout ${r.method} ${pathOf(r.url)}`, ...common };
      if (tokens[0] !== undefined) e.token = tokens[0];
      out.push(e);
    }
    if ((r.status === 401 || r.status === 403) && tokens.length === 0) {
      const e: TimelineEvent = {
        kind: 'auth-failure',
        label: `${r.status} ${r.method} ${pathOf(r.url)}${r.challenge?.error ? ` (${r.challenge.error})` : ''}`,
        ...common,
      };
      if (r.challenge) e.challenge = r.challenge;
      out.push(e);
    }
  }
  return out;
}

/** Logout requests seen only as sightings (a capture without a request log). */
function sightingLogouts(drafts: readonly Draft[], known: ReadonlySet<string>): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  const seen = new Set<string>();
  for (const d of drafts) {
    for (const s of d.sightings) {
      if (s.direction !== 'request' || !isLogoutUrl(s.url)) continue;
      const key = s.requestId ?? `${s.url}\u0000${s.time}`;
      if (known.has(key) || seen.has(key)) continue;
      seen.add(key);
      out.push({
        kind: 'logout-request',
        label: `logout ${s.method ?? 'GET'} ${pathOf(s.url!)}`,
        time: s.time,
        url: s.url!,
        token: d.lane.token,
        lane: d.lane.id,
        ...(s.method !== undefined ? { method: s.method } : {}),
        ...(s.status !== undefined ? { status: s.status } : {}),
        ...(s.requestId !== undefined ? { requestId: s.requestId } : {}),
      });
    }
  }
  return out;
}

/**
 * Builds the session timeline of a capture: one session per issuer (tokens without one: per origin),
 * each token a lane from `iat`/`nbf`/first sighting to `exp` with a tick per sighting, refresh chains
 * (lib/oauth's, plus same issuer + subject + kind seen later), gaps between an expiry and the
 * successor's first use, events (cookie deletions, storage removals, logout requests, 401/403 without
 * a token) and the clock skew from the request log. Pure: `now` is the only clock. Never throws.
 */
export function buildTimeline(input: TimelineInput): Timeline {
  const now = input.now;
  const unique = new Map<string, CapturedToken>();
  for (const t of Array.isArray(input.tokens) ? input.tokens : [])
    if (t && typeof t.token === 'string' && !unique.has(t.token)) unique.set(t.token, t);
  const tokens = [...unique.values()];
  const requests = (Array.isArray(input.requests) ? input.requests : []).filter(
    (r) => r && typeof r.time === 'number' && typeof r.url === 'string',
  );
  const links =
    input.links ??
    linkTokens(tokens.map((t) => ({ token: t.token, decoded: decodeToken(t.token), sightings: t.sightings })));

  const raw = tokens.map((t, i) => laneOf(t, i, links, now));
  raw.sort((a, b) => a.lane.start - b.lane.start || a.lane.firstSeen - b.lane.firstSeen);
  const byToken = new Map<string, Draft>();
  const drafts: Draft[] = raw.map((r, i) => {
    r.lane.id = `l${i}`;
    const d: Draft = { ...r, session: '' };
    byToken.set(r.lane.token, d);
    return d;
  });
  // Sessions: the issuer; a DPoP proof goes with the access token it proves; else the first origin.
  for (const d of drafts) {
    if (d.lane.issuer !== undefined) d.session = `iss:${d.lane.issuer}`;
  }
  for (const d of drafts) {
    if (d.session) continue;
    const proved = links.byToken.get(d.lane.token)?.find((r) => r.relation === 'dpop-proof-for');
    const target = proved ? byToken.get(proved.to) : undefined;
    if (target?.session) d.session = target.session;
    else {
      const o = firstOrigin(d.sightings);
      d.session = o !== undefined ? `origin:${o}` : 'unknown';
    }
  }

  const sessions = new Map<string, TimelineSession>();
  const originCounts = new Map<string, Map<string, number>>();
  const sessionOf = (id: string): TimelineSession => {
    let s = sessions.get(id);
    if (!s) {
      s = { id, label: id, origins: [], start: Infinity, end: -Infinity, lanes: [], chains: [], gaps: [], events: [] };
      if (id.startsWith('iss:')) s.issuer = s.label = id.slice(4);
      else if (id.startsWith('origin:')) s.origin = s.label = id.slice(7);
      sessions.set(id, s);
      originCounts.set(id, new Map());
    }
    return s;
  };
  for (const d of drafts) {
    sessionOf(d.session).lanes.push(d.lane);
    const counts = originCounts.get(d.session)!;
    for (const s of d.sightings) {
      const o = originOf(s.url);
      if (o !== undefined) counts.set(o, (counts.get(o) ?? 0) + 1);
    }
  }
  for (const [id, counts] of originCounts) {
    const s = sessions.get(id)!;
    s.origins = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([o]) => o);
    s.origin ??= s.origins[0];
  }

  // Requests whose credential was a token in a header: a cookie riding along was not what the server refused.
  const headerRequests = new Set<string>();
  for (const d of drafts)
    for (const s of d.sightings)
      if (s.direction === 'request' && s.location.kind === 'header' && s.requestId !== undefined)
        headerRequests.add(s.requestId);
  // Chains: lib/oauth's refresh chains, then the fallback for tokens they left unlinked.
  const hasPrev = new Set<string>();
  const hasNext = new Set<string>();
  const addChain = (older: Draft, newer: Draft, source: TimelineChain['source'], reason: string) => {
    if (older === newer || older.session !== newer.session || hasNext.has(older.lane.token)) return;
    if (hasPrev.has(newer.lane.token)) return;
    hasNext.add(older.lane.token);
    hasPrev.add(newer.lane.token);
    sessions.get(older.session)!.chains.push(chainOf(older.lane, newer.lane, source, reason, headerRequests));
  };
  for (const r of links.relations) {
    if (r.relation !== 'replaced-by') continue;
    const older = byToken.get(r.from);
    const newer = byToken.get(r.to);
    if (older && newer) addChain(older, newer, 'relation', r.reason);
  }
  const groups = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (!CHAIN_KINDS.has(d.lane.kind) || d.lane.sub === undefined) continue;
    const key = `${d.session}\u0000${d.lane.sub}\u0000${d.lane.kind}`;
    const g = groups.get(key);
    if (g) g.push(d);
    else groups.set(key, [d]);
  }
  for (const g of groups.values()) {
    g.sort((a, b) => a.lane.firstSeen - b.lane.firstSeen);
    for (let k = 1; k < g.length; k++) {
      const older = g[k - 1]!;
      const newer = g[k]!;
      if (newer.lane.firstSeen > older.lane.firstSeen)
        addChain(older, newer, 'fallback', 'same issuer, subject and kind; first seen after the old one');
    }
  }
  for (const s of sessions.values()) {
    s.chains.sort((a, b) => a.successorSeen - b.successorSeen);
    const lanes = new Map(s.lanes.map((l) => [l.token, l]));
    for (const c of s.chains) {
      const older = lanes.get(c.from)!;
      const newer = lanes.get(c.to)!;
      if (older.exp === undefined) continue;
      const end = newer.firstUse ?? newer.firstSeen;
      if (end > older.exp)
        s.gaps.push({ from: c.from, to: c.to, start: older.exp, end, ms: end - older.exp } satisfies TimelineGap);
    }
  }

  // Events: removals from the sightings, logouts and token-less refusals from the request log.
  const placed = new Map<string, { time: number; token: string }[]>();
  for (const d of drafts) {
    for (const s of d.sightings) {
      const place = s.removed ? undefined : placeOf(s);
      if (place === undefined) continue;
      const key = `${d.session}\u0000${place}`;
      const list = placed.get(key);
      if (list) list.push({ time: s.time, token: d.lane.token });
      else placed.set(key, [{ time: s.time, token: d.lane.token }]);
    }
  }
  for (const d of drafts) {
    for (const s of d.sightings) {
      if (!s.removed) continue;
      const e = removalEvent(d, s);
      if (!e) continue;
      const other = placed
        .get(`${d.session}\u0000${e.place}`)
        ?.find((p) => p.token !== d.lane.token && Math.abs(p.time - e.time) <= REPLACED_WITHIN_MS);
      if (other) {
        e.replacedBy = other.token;
        e.label = `${e.place} replaced`;
      }
      sessions.get(d.session)!.events.push(e);
    }
  }
  const logged = recordEvents(requests);
  const known = new Set(requests.map((r) => r.requestId));
  for (const r of requests) known.add(`${r.url}\u0000${r.time}`);
  const orphans: TimelineEvent[] = [];
  for (const e of [...logged, ...sightingLogouts(drafts, known)]) {
    const owner = e.token !== undefined ? byToken.get(e.token) : undefined;
    if (owner) {
      e.lane = owner.lane.id;
      sessions.get(owner.session)!.events.push(e);
      continue;
    }
    const o = originOf(e.url);
    const at = [...sessions.values()].filter((s) => o !== undefined && (s.origins.includes(o) || s.origin === o));
    if (at.length) for (const s of at) s.events.push(at.length > 1 ? { ...e } : e);
    else orphans.push(e);
  }
  for (const e of orphans) {
    const o = originOf(e.url);
    const s = sessionOf(o !== undefined ? `origin:${o}` : 'unknown');
    if (o !== undefined && !s.origins.includes(o)) s.origins.push(o);
    s.events.push(e);
  }

  let start = Infinity;
  let end = -Infinity;
  for (const s of sessions.values()) {
    s.events.sort((a, b) => a.time - b.time || EVENT_ORDER[a.kind] - EVENT_ORDER[b.kind]);
    for (const l of s.lanes) {
      s.start = Math.min(s.start, l.start, l.firstSeen);
      s.end = Math.max(s.end, l.end ?? l.lastSeen, l.lastSeen);
    }
    for (const e of s.events) {
      s.start = Math.min(s.start, e.time);
      s.end = Math.max(s.end, e.time);
    }
    if (!Number.isFinite(s.start)) s.start = s.end = now;
    const inSession = requests.filter((r) => {
      const o = originOf(r.url);
      return o !== undefined && s.origins.includes(o);
    });
    const skew = skewOf(inSession);
    if (skew) s.skew = skew;
    start = Math.min(start, s.start);
    end = Math.max(end, s.end);
  }
  const list = [...sessions.values()].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  const timeline: Timeline = {
    now,
    sessions: list,
    start: Number.isFinite(start) ? start : now,
    end: Number.isFinite(end) ? end : now,
  };
  const skew = skewOf(requests);
  if (skew) timeline.skew = skew;
  return timeline;
}
