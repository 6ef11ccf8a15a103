/** What acceptance is judged on: a response's status and (a preview of) its body text. */
export interface ResponseSummary {
  /** HTTP status; 0 when the request failed without one. */
  status: number;
  body?: string;
}

/** "Accepted like the original?": yes, no, or cannot say (no 2xx baseline, a network error). */
export interface Acceptance {
  verdict: 'accepted' | 'refused' | 'inconclusive';
  /** Body similarity to the baseline, 0–1 (when both statuses were in the same class). */
  similarity?: number;
  /** E.g. `200, body 98 % like the original`; `401 (the original got 200)`. */
  evidence: string;
}

/** Bodies are compared on at most this many characters each. */
export const MAX_COMPARED_CHARS = 65_536;
/** Shingles (runs of three words) per body at most, so a comparison is bounded whatever the text. */
const MAX_SHINGLES = 20_000;
/** From this similarity on, a same-class answer counts as the original's. */
export const ACCEPT_SIMILARITY = 0.6;

const statusClass = (status: number) => Math.floor(status / 100);

function shingles(text: string): Set<string> {
  const words =
    text
      .slice(0, MAX_COMPARED_CHARS)
      .toLowerCase()
      .match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
  const out = new Set<string>();
  if (words.length < 3) {
    for (const w of words) out.add(w);
    return out;
  }
  for (let i = 0; i + 2 < words.length && out.size < MAX_SHINGLES; i++)
    out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}

/**
 * How alike two bodies are, 0–1: the Jaccard index of their three-word shingles (words and
 * punctuation, lower-cased, on the first 64 KiB of each). Two empty bodies are alike (1).
 */
export function bodySimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const sa = shingles(a);
  const sb = shingles(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  return shared / (sa.size + sb.size - shared);
}

/** A similarity as a whole percentage, never rounded up to 100 unless equal. */
export function percent(similarity: number): number {
  const p = Math.round(similarity * 100);
  return p === 100 && similarity < 1 ? 99 : p;
}

/**
 * Judges whether a server answered a forged request like the original: the status class must be
 * the same and the bodies at least 60 % alike. Without a 2xx baseline (the original itself was
 * refused, e.g. 401) or when the request failed without a status, it is inconclusive.
 */
export function judgeAcceptance(baseline: ResponseSummary | undefined, trial: ResponseSummary): Acceptance {
  if (!baseline)
    return { verdict: 'inconclusive', evidence: `${trial.status || 'no answer'} (no baseline to compare)` };
  if (statusClass(baseline.status) !== 2)
    return {
      verdict: 'inconclusive',
      evidence: `${trial.status || 'no answer'} (the original got ${baseline.status || 'no answer'}: cannot judge)`,
    };
  if (trial.status === 0) return { verdict: 'inconclusive', evidence: 'no answer (the request failed)' };
  if (statusClass(trial.status) !== statusClass(baseline.status))
    return { verdict: 'refused', evidence: `${trial.status} (the original got ${baseline.status})` };
  const similarity = bodySimilarity(baseline.body ?? '', trial.body ?? '');
  const like = `body ${percent(similarity)} % like the original`;
  return similarity >= ACCEPT_SIMILARITY
    ? { verdict: 'accepted', similarity, evidence: `${trial.status}, ${like}` }
    : { verdict: 'refused', similarity, evidence: `${trial.status}, but ${like}` };
}
