import { decodeToken } from './decode-token.ts';

/** A token found in text, with its offsets. */
export interface FoundToken {
  token: string;
  start: number;
  end: number;
}

// A JOSE header is a JSON object: its base64url starts with "ey" ('{"' or '{ ') or "ew" ('{\n').
// Runs of 2–4 dots are matched whole, then only 3-part (JWS) and 5-part (JWE) runs are kept.
const CANDIDATE = /(?<![A-Za-z0-9_-])e[yw][A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){2,4}(?![A-Za-z0-9_-])/g;

/**
 * Finds compact JWS, unsecured JWTs and JWE in arbitrary text (headers, cookies, URLs, bodies).
 * A candidate counts only if its header decodes to a JOSE header (a JSON object with `alg`).
 */
export function findTokens(text: string): FoundToken[] {
  const found: FoundToken[] = [];
  if (typeof text !== 'string' || text.length < 10) return found;
  for (const m of text.matchAll(CANDIDATE)) {
    let candidate = m[0];
    let dots = candidate.split('.').length - 1;
    if (dots === 3) {
      // "a.b.c.d": keep the first three segments.
      candidate = candidate.slice(0, candidate.lastIndexOf('.'));
      dots = 2;
    }
    const decoded = decodeToken(candidate);
    if (decoded.header === undefined || typeof decoded.header.alg !== 'string') continue;
    if (dots === 4 && typeof decoded.header.enc !== 'string') continue;
    found.push({ token: candidate, start: m.index, end: m.index + candidate.length });
  }
  return found;
}
