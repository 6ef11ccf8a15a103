import { decodeBase64Url, decodeUtf8 } from './base64url.ts';

/** A token found in text, with its offsets. */
export interface FoundToken {
  token: string;
  start: number;
  end: number;
}

// A JOSE header is a JSON object: its base64url starts with "ey" ('{"' or '{ ') or "ew" ('{\n').
// Runs of 2–4 dots are matched whole, then only 3-part (JWS) and 5-part (JWE) runs are kept. A
// segment may end in "=" padding (AWS ALB's x-amzn-oidc-data is sent padded).
const CANDIDATE = /(?<![A-Za-z0-9_-])e[yw][A-Za-z0-9_-]{2,}={0,2}(?:\.[A-Za-z0-9_-]*={0,2}){2,4}(?![A-Za-z0-9_=-])/g;

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
    const header = joseHeader(candidate.slice(0, candidate.indexOf('.')));
    if (header === undefined || typeof header.alg !== 'string') continue;
    if (dots === 4 && typeof header.enc !== 'string') continue;
    found.push({ token: candidate, start: m.index, end: m.index + candidate.length });
  }
  return found;
}

// Only the header is decoded: capture runs this on every request, and the rest is the panel's job.
function joseHeader(segment: string): Record<string, unknown> | undefined {
  const { bytes } = decodeBase64Url(segment);
  if (!bytes) return undefined;
  try {
    const v: unknown = JSON.parse(decodeUtf8(bytes).text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
