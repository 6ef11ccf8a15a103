import type { Sighting } from '../capture/model.ts';
import { sightingLabel, sightingSource } from '../capture/sighting-label.ts';
import type { Severity, TokenSource, ValidityState, Verification } from '../types.ts';

/** What the filter can see of one token, precomputed once per token (and inspection). */
export interface FilterSubject {
  alg?: string;
  /** The serialisation: jws, jwe, unsecured or malformed. */
  kind: string;
  /** The OAuth / OpenID Connect kind (`id`, `access`, `dpop`, …; lib/oauth TokenKind), also matched by `kind:`. */
  tokenKind?: string;
  header?: Record<string, unknown>;
  payload?: unknown;
  sources: TokenSource[];
  /** How it travelled, also matched by `source:`: directions (`response`), ways (`cookie-jar`) and location kinds (`json-body`). */
  travel?: string[];
  /** Request hosts and the issuer's host, lower-cased. */
  hosts: string[];
  /** Every URL the token was seen with (request, redirect, page or pasted), lower-cased. */
  urls?: string[];
  /** The paths of those URLs, lower-cased. */
  paths?: string[];
  /** Request methods, lower-cased. */
  methods?: string[];
  /** HTTP statuses answered (0: failed without one). */
  statuses?: number[];
  /** Where it sat, lower-cased: header and cookie names, storage keys, URL parameters, JSON members. */
  names?: string[];
  /** Rule ids of the findings. */
  rules: string[];
  /** Most severe finding, if any. */
  worst?: Severity;
  validity: ValidityState;
  verification?: Verification['status'];
  pasted: boolean;
  /** Seen in traffic or storage (not only pasted); when absent, any source other than `pasted` says so. */
  captured?: boolean;
  /** Lower-cased text that free text searches: claim values, hosts, URLs, names, sources, rule ids, alg. */
  text: string;
}

/** Deepest nesting the filter looks into: a value nested deeper is not searched below it. */
export const MAX_FILTER_DEPTH = 64;

/**
 * Every string and number inside a JSON value, as text, in document order. Iterative, with a node
 * budget and a depth limit, so a huge or 50,000-deep claim costs little and cannot overflow the stack.
 */
export function valueTexts(value: unknown, out: string[] = [], budget = { left: 4000 }): string[] {
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  while (stack.length > 0 && budget.left > 0) {
    const { v, d } = stack.pop()!;
    budget.left--;
    if (typeof v === 'string') out.push(v.length > 2000 ? v.slice(0, 2000) : v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
    else if (typeof v === 'object' && v !== null && d < MAX_FILTER_DEPTH) {
      const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
      // Children beyond the budget can never be visited: do not copy them onto the stack.
      const n = Math.min(children.length, budget.left);
      for (let i = n - 1; i >= 0; i--) stack.push({ v: children[i], d: d + 1 });
    }
  }
  return out;
}

/**
 * True when some member name, string or number inside the value (bounded like {@link valueTexts})
 * contains the lower-cased needle.
 */
export function valueContains(value: unknown, needle: string): boolean {
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  let left = 4000;
  while (stack.length > 0 && left-- > 0) {
    const { v, d } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.toLowerCase().includes(needle)) return true;
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      if (String(v).toLowerCase().includes(needle)) return true;
    } else if (typeof v === 'object' && v !== null && d < MAX_FILTER_DEPTH) {
      if (Array.isArray(v)) {
        for (let i = Math.min(v.length, left) - 1; i >= 0; i--) stack.push({ v: v[i], d: d + 1 });
      } else {
        const keys = Object.keys(v);
        for (let i = Math.min(keys.length, left) - 1; i >= 0; i--) {
          if (keys[i]!.toLowerCase().includes(needle)) return true;
          stack.push({ v: (v as Record<string, unknown>)[keys[i]!], d: d + 1 });
        }
      }
    }
  }
  return false;
}

// A token seen on hundreds of URLs keeps its free text small: the first distinct ones are enough.
const MAX_URLS = 200;

/** The parts of a URL the list reads: its host ('' for none) and path; undefined when it does not parse. */
export interface UrlParts {
  host: string;
  pathname: string;
}

// The same URL is read for its host, its request column and its path, token after token: the last
// few answers are kept (a bounded map, emptied when full).
const urlCache = new Map<string, UrlParts | null>();
const URL_CACHE_MAX = 512;

/** Parses an absolute URL once for its host and path (remembered for the last few hundred URLs). */
export function urlParts(url: string): UrlParts | undefined {
  let hit = urlCache.get(url);
  if (hit === undefined) {
    try {
      const u = new URL(url);
      hit = { host: u.host, pathname: u.pathname };
    } catch {
      hit = null;
    }
    if (urlCache.size >= URL_CACHE_MAX) urlCache.clear();
    urlCache.set(url, hit);
  }
  return hit ?? undefined;
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url, 'https://x.invalid').pathname;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string | undefined {
  return urlParts(url)?.host || undefined;
}

/** Distinct values in first-seen order: an array while small (most tokens have a few sightings), a set beside it when large. */
class Distinct<T> {
  readonly list: T[] = [];
  private set: Set<T> | undefined;
  get size(): number {
    return this.list.length;
  }
  add(v: T): this {
    if (this.set) {
      if (!this.set.has(v)) {
        this.set.add(v);
        this.list.push(v);
      }
    } else if (!this.list.includes(v)) {
      this.list.push(v);
      if (this.list.length > 8) this.set = new Set(this.list);
    }
    return this;
  }
}

/** The names a location is found by (`name:`): the header, cookie, parameter, storage key or JSON member. */
export function locationNames(location: Sighting['location']): string[] {
  switch (location.kind) {
    case 'header':
      return location.url ? [location.name, location.url.name] : [location.name];
    case 'form-body':
      return location.jsonPath ? [location.name, location.jsonPath] : [location.name];
    case 'json-body':
      return location.jsonPath === location.name ? [location.name] : [location.name, location.jsonPath];
    case 'storage':
      return location.jsonPath ? [location.name, location.jsonPath] : [location.name];
    case 'paste':
      return [];
    default:
      return [location.name];
  }
}

/**
 * What the filter reads from a token's sightings: source words, travel words, each location's
 * label, and the request side: URLs, paths, hosts, methods, statuses and location names.
 */
export function sightingTerms(sightings: readonly Sighting[]): {
  sources: TokenSource[];
  travel: string[];
  labels: string[];
  urls: string[];
  paths: string[];
  hosts: string[];
  methods: string[];
  statuses: number[];
  names: string[];
} {
  const sources = new Distinct<TokenSource>();
  const travel = new Distinct<string>();
  const labels = new Distinct<string>();
  const urls = new Distinct<string>();
  const hosts = new Distinct<string>();
  const methods = new Distinct<string>();
  const statuses = new Distinct<number>();
  const names = new Distinct<string>();
  for (const s of sightings) {
    sources.add(sightingSource(s));
    travel.add(s.direction).add(s.via).add(s.location.kind);
    labels.add(sightingLabel(s));
    for (const n of locationNames(s.location)) names.add(n.toLowerCase());
    if (typeof s.url === 'string' && s.url && urls.size < MAX_URLS) urls.add(s.url.toLowerCase());
    if (typeof s.url === 'string') {
      const h = hostOf(s.url);
      if (h) hosts.add(h.toLowerCase());
    }
    if (s.method) methods.add(s.method.toLowerCase());
    if (typeof s.status === 'number') statuses.add(s.status);
  }
  const paths = new Distinct<string>();
  for (const u of urls.list) {
    const p = pathOf(u);
    if (p) paths.add(p);
  }
  return {
    sources: sources.list,
    travel: travel.list,
    labels: labels.list,
    urls: urls.list,
    paths: paths.list,
    hosts: hosts.list,
    methods: methods.list,
    statuses: statuses.list,
    names: names.list,
  };
}

/** Builds the free-text haystack of a subject from its parts. */
export function filterText(parts: Omit<FilterSubject, 'text'> & { extra?: string[] }): string {
  const pieces = [
    parts.alg ?? '',
    parts.kind,
    ...valueTexts(parts.payload),
    ...valueTexts(parts.header),
    ...parts.sources,
    ...(parts.travel ?? []),
    ...parts.hosts,
    ...(parts.urls ?? []),
    ...(parts.names ?? []),
    ...parts.rules,
    ...(parts.extra ?? []),
  ];
  return pieces.join('\n').toLowerCase();
}
