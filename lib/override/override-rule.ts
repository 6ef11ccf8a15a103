import type { OverrideErrorCode } from '../error-codes.ts';
import type { ErrorInfo, HttpHeader, Sighting } from '../types.ts';

/** What "Use this token in the app" puts on the inspected tab's requests: one header, set to one value, for one origin. */
export interface OverridePlan {
  /** `http(s)://host[:port]` of the captured request: only requests to it are changed. */
  origin: string;
  /** The request header set on every request (`Authorization`, `Cookie`, …), as the original was sent. */
  header: string;
  /** The whole header value: the captured one with only the token replaced. */
  value: string;
  /** For a cookie: the cookie whose value is replaced (the others are frozen at their captured values). */
  cookie?: string;
}

/** A plan, or why none can be made. */
export type PlanResult = { ok: true; plan: OverridePlan } | { ok: false; error: ErrorInfo };

/** The longest header value an override sets. */
export const MAX_OVERRIDE_VALUE = 16 * 1024;
/** Session rule ids of overrides are in [base, base + range) (one rule per tab); other session rules stay out of it. */
export const OVERRIDE_RULE_BASE = 1_000_000_000;
/** How many override rule ids there are. */
export const OVERRIDE_RULE_RANGE = 1_000_000;

// Every resource type a page's own requests can have (top-level navigations too: a reload carries the token).
const RESOURCE_TYPES = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'media',
  'websocket',
  'other',
] as const;

/** A session rule as read back from the browser (any rule: only overrides' are understood). */
export interface SessionRuleLike {
  id: number;
  action?: { requestHeaders?: { header?: string; value?: string }[] };
  condition?: { urlFilter?: string; tabIds?: number[] };
}

/** The part of a declarativeNetRequest rule an override uses (structural: lib/ sees no browser types). */
export interface OverrideRule {
  id: number;
  priority: number;
  action: {
    type: 'modifyHeaders';
    requestHeaders: { header: string; operation: 'set'; value: string }[];
  };
  condition: {
    tabIds: number[];
    urlFilter: string;
    resourceTypes: (typeof RESOURCE_TYPES)[number][];
    excludedInitiatorDomains?: string[];
  };
}

const fail = (code: OverrideErrorCode, message: string): { ok: false; error: ErrorInfo } => ({
  ok: false,
  error: { code, message },
});

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
// Headers the browser owns or that change where a request goes: never set by an override.
const REFUSED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'origin', 'referer']);

/** Why a header name and value cannot be an override's, or undefined when they can. */
export function overrideHeaderProblem(header: string, value: string): ErrorInfo | undefined {
  if (!HEADER_NAME.test(header) || REFUSED_HEADERS.has(header.toLowerCase()))
    return { code: 'override-header', message: `JWT Lens does not replace the ${JSON.stringify(header)} header` };
  if (value.length === 0 || value.length > MAX_OVERRIDE_VALUE || /[\r\n\0]/.test(value))
    return {
      code: 'override-value',
      message: `the header value must be 1 to ${MAX_OVERRIDE_VALUE} characters without line breaks`,
    };
  return undefined;
}

/** The origin (`http(s)://host[:port]`) of an http(s) URL, or undefined. */
export function httpOrigin(url: string | undefined): string | undefined {
  try {
    const u = new URL(url ?? '');
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(headers: readonly HttpHeader[] | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers?.find((h) => h.name.toLowerCase() === lower)?.value;
}

// The token's text replaced at its one place in a value; undefined when it is not there.
function replaceOnce(value: string, from: number, to: number, token: string, replacement: string): string | undefined {
  const at = value.indexOf(token, from);
  return at < 0 || at + token.length > to
    ? undefined
    : value.slice(0, at) + replacement + value.slice(at + token.length);
}

function cookieValueReplaced(cookieHeader: string, name: string, token: string, replacement: string) {
  let start = 0;
  while (start <= cookieHeader.length) {
    const semi = cookieHeader.indexOf(';', start);
    const end = semi < 0 ? cookieHeader.length : semi;
    const eq = cookieHeader.indexOf('=', start);
    if (eq > start && eq < end && cookieHeader.slice(start, eq).trim() === name) {
      const replaced = replaceOnce(cookieHeader, eq + 1, end, token, replacement);
      if (replaced !== undefined) return replaced;
    }
    if (semi < 0) break;
    start = semi + 1;
  }
  return undefined;
}

/**
 * Plans putting `replacement` where `token` travelled in one request sighting: the captured header
 * value (from the request log) with only the token's text replaced — for a cookie, only that cookie's
 * value inside the whole `Cookie` header; without a captured value, a header is rebuilt from its scheme.
 */
export function planOverride(
  sighting: Sighting,
  token: string,
  replacement: string,
  requestHeaders?: readonly HttpHeader[],
): PlanResult {
  const origin = httpOrigin(sighting.url);
  if (sighting.direction !== 'request' || !origin)
    return fail('override-location', 'only a token the page sent in an http(s) request can be replaced');
  const loc = sighting.location;
  let plan: OverridePlan;
  if (loc.kind === 'header') {
    const captured = headerValue(requestHeaders, loc.name);
    let value: string | undefined;
    if (captured !== undefined) value = replaceOnce(captured, 0, captured.length, token, replacement);
    else if (!loc.credential && !loc.url) value = loc.scheme ? `${loc.scheme} ${replacement}` : replacement;
    if (value === undefined)
      return fail(
        'override-token-not-found',
        `the captured ${loc.name} header does not hold the token as sent (or was not kept)`,
      );
    plan = { origin, header: loc.name, value };
  } else if (loc.kind === 'cookie') {
    const captured = headerValue(requestHeaders, 'cookie');
    if (captured === undefined)
      return fail('override-no-cookie-header', 'the request’s Cookie header was not kept, so it cannot be rebuilt');
    const value = cookieValueReplaced(captured, loc.name, token, replacement);
    if (value === undefined)
      return fail('override-token-not-found', `the captured Cookie header has no cookie ${loc.name} holding the token`);
    plan = { origin, header: 'Cookie', value, cookie: loc.name };
  } else {
    return fail('override-location', 'only a token sent in a header or a cookie can be replaced on the app’s requests');
  }
  const problem = overrideHeaderProblem(plan.header, plan.value);
  return problem ? { ok: false, error: problem } : { ok: true, plan };
}

/** Whether a session rule id is in the overrides' range. */
export function isOverrideRuleId(id: number): boolean {
  return Number.isInteger(id) && id >= OVERRIDE_RULE_BASE && id < OVERRIDE_RULE_BASE + OVERRIDE_RULE_RANGE;
}

/** The tab an override's session rule is for, or undefined when the rule is not an override's. */
export function tabOfOverrideRule(rule: { id: number; condition?: { tabIds?: number[] } }): number | undefined {
  const tabs = rule.condition?.tabIds;
  return isOverrideRuleId(rule.id) && tabs?.length === 1 && Number.isInteger(tabs[0]) ? tabs[0] : undefined;
}

/**
 * The declarativeNetRequest session rule of an override: that header set on the tab's requests to the
 * origin, except requests this extension (`ownId`, its runtime id) initiates.
 */
export function overrideRule(id: number, tabId: number, plan: OverridePlan, ownId?: string): OverrideRule | undefined {
  if (!isOverrideRuleId(id) || !Number.isInteger(tabId) || tabId < 0) return undefined;
  return {
    id,
    // Above replays' one-request rules, which never match the inspected tab anyway (tabIds: [-1]).
    priority: 2,
    action: { type: 'modifyHeaders', requestHeaders: [{ header: plan.header, operation: 'set', value: plan.value }] },
    // `|origin/` anchors at the start: only this scheme, host and port, never a longer host name.
    // The panel's own replays and tests (initiated by the extension) keep the token they were given.
    condition: {
      tabIds: [tabId],
      urlFilter: `|${plan.origin}/`,
      resourceTypes: [...RESOURCE_TYPES],
      ...(ownId ? { excludedInitiatorDomains: [ownId] } : {}),
    },
  };
}

/** Reads a plan back from a session rule (after a worker restart), or undefined when it is not an override's. */
export function planOfRule(rule: SessionRuleLike): OverridePlan | undefined {
  if (tabOfOverrideRule(rule) === undefined) return undefined;
  const h = rule.action?.requestHeaders?.[0];
  const filter = rule.condition?.urlFilter;
  const origin = filter?.startsWith('|') && filter.endsWith('/') ? httpOrigin(filter.slice(1, -1)) : undefined;
  if (!h?.header || h.value === undefined || !origin) return undefined;
  return { origin, header: h.header, value: h.value };
}
