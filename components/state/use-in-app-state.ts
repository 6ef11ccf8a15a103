import type { CapturedToken, RequestRecord, Sighting } from '../../lib/capture/model.ts';
import type { OverrideEnd, OverrideState } from '../../lib/override/override-manager.ts';
import { httpOrigin, planOverride, type OverridePlan, type PlanResult } from '../../lib/override/override-rule.ts';
import { PROTOCOL_VERSION, type OverrideMessage, type PanelMessage } from '../../lib/protocol/messages.ts';
import type { ErrorInfo } from '../../lib/types.ts';

/** One line of the override log the panel shows: an override started or ended. */
export interface OverrideLogEntry {
  /** Epoch milliseconds (the panel's clock when the news arrived). */
  time: number;
  event: 'started' | 'ended';
  header: string;
  origin: string;
  cookie?: string;
  /** The header value set (started), for the log's tooltip. */
  value?: string;
  reason?: OverrideEnd;
}

/** The inspected tab's override as the worker reported it, the last failure, and the log of this panel's session. */
export interface OverrideView {
  active: OverrideState | null;
  error?: ErrorInfo;
  log: OverrideLogEntry[];
}

/** No override, nothing logged. */
export const NO_OVERRIDE: OverrideView = { active: null, log: [] };

const MAX_LOG = 100;

const same = (a: OverrideState | null, b: OverrideState | null) =>
  a === b || (a !== null && b !== null && a.header === b.header && a.value === b.value && a.origin === b.origin);

/** Applies the worker's `override` news: the state now, a log line for each start and end. */
export function applyOverrideMessage(view: OverrideView, m: OverrideMessage, now: number): OverrideView {
  const log = [...view.log];
  const prev = view.active;
  if (prev && !same(prev, m.active))
    log.push({
      time: now,
      event: 'ended',
      header: prev.header,
      origin: prev.origin,
      ...(prev.cookie ? { cookie: prev.cookie } : {}),
      reason: m.ended ?? (m.active ? 'replaced' : 'stopped'),
    });
  if (m.active && !same(prev, m.active))
    log.push({
      time: now,
      event: 'started',
      header: m.active.header,
      origin: m.active.origin,
      value: m.active.value,
      ...(m.active.cookie ? { cookie: m.active.cookie } : {}),
    });
  return { active: m.active, ...(m.error ? { error: m.error } : {}), log: log.slice(-MAX_LOG) };
}

/** Where a token can be put back on the app's requests: one header or cookie of one origin, planned for a replacement. */
export interface UseInAppTarget {
  /** Stable key: origin, header or cookie name. */
  key: string;
  /** E.g. "Authorization (Bearer) → http://127.0.0.1:5177 · GET /strict/me". */
  label: string;
  sighting: Sighting;
  plan: PlanResult;
}

function pathOf(url: string | undefined): string {
  try {
    const u = new URL(url ?? '');
    return u.pathname;
  } catch {
    return '';
  }
}

/**
 * The places a captured token travelled that an override can take (request sightings in a header or a
 * cookie), one per origin and header/cookie name (the latest sighting, whose captured headers are the
 * freshest), each planned with `replacement` put where the token was.
 */
export function useInAppTargets(
  captured: CapturedToken | undefined,
  replacement: string,
  requests: ReadonlyMap<string, RequestRecord>,
): UseInAppTarget[] {
  if (!captured || !replacement) return [];
  const byKey = new Map<string, Sighting>();
  for (const s of captured.sightings) {
    if (s.direction !== 'request' || (s.location.kind !== 'header' && s.location.kind !== 'cookie')) continue;
    const origin = httpOrigin(s.url);
    if (!origin) continue;
    const key = `${origin} ${s.location.kind} ${s.location.name.toLowerCase()}`;
    const seen = byKey.get(key);
    if (!seen || seen.time <= s.time) byKey.set(key, s);
  }
  return [...byKey.entries()].map(([key, s]) => {
    const record = s.requestId !== undefined ? requests.get(s.requestId) : undefined;
    const loc = s.location;
    const where =
      loc.kind === 'cookie'
        ? `cookie ${loc.name}`
        : `${loc.name}${loc.kind === 'header' && loc.scheme ? ` (${loc.scheme})` : ''}`;
    return {
      key,
      label: `${where} → ${httpOrigin(s.url) ?? ''} · ${s.method ?? 'GET'} ${pathOf(s.url)}`,
      sighting: s,
      plan: planOverride(s, captured.token, replacement, record?.headers),
    };
  });
}

/**
 * Starts an override: asks the host for the optional permission (synchronously, inside the user's
 * click), then sends `use-in-app`; a refusal becomes the view's error. Never throws.
 */
export async function requestUseInApp(
  ask: (() => Promise<boolean>) | undefined,
  plan: OverridePlan,
  send: (message: PanelMessage) => void,
  failed: (error: ErrorInfo) => void,
): Promise<void> {
  let granted: boolean;
  try {
    granted = ask ? await ask() : false;
  } catch {
    granted = false;
  }
  if (!granted) {
    failed({
      code: 'override-permission',
      message: 'JWT Lens was not allowed to modify this tab’s requests (permission refused)',
    });
    return;
  }
  send({ v: PROTOCOL_VERSION, kind: 'use-in-app', plan });
}
