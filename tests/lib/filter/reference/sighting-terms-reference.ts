// sightingTerms as it was before issue 14's keystroke work (a frozen copy at 595741b): the oracle of
// tests/lib/filter/sighting-terms-fast-path.test.ts.
import type { Sighting } from '../../../../lib/capture/model.ts';
import { sightingLabel, sightingSource } from '../../../../lib/capture/sighting-label.ts';
import { locationNames } from '../../../../lib/filter/filter-subject.ts';
import type { TokenSource } from '../../../../lib/types.ts';

const MAX_URLS = 200;

function pathOf(url: string): string | undefined {
  try {
    return new URL(url, 'https://x.invalid').pathname;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the filter reads from a token's sightings: source words, travel words, each location's
 * label, and the request side: URLs, paths, hosts, methods, statuses and location names.
 */
export function referenceSightingTerms(sightings: readonly Sighting[]): {
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
  const sources = new Set<TokenSource>();
  const travel = new Set<string>();
  const labels = new Set<string>();
  const urls = new Set<string>();
  const hosts = new Set<string>();
  const methods = new Set<string>();
  const statuses = new Set<number>();
  const names = new Set<string>();
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
  const paths = new Set<string>();
  for (const u of urls) {
    const p = pathOf(u);
    if (p) paths.add(p);
  }
  return {
    sources: [...sources],
    travel: [...travel],
    labels: [...labels],
    urls: [...urls],
    paths: [...paths],
    hosts: [...hosts],
    methods: [...methods],
    statuses: [...statuses],
    names: [...names],
  };
}
