import type { AuthChallenge } from '../types.ts';

// Longest challenge text kept (a header is rarely longer; a hostile one is cut).
const MAX_CHALLENGE = 1024;

function param(text: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|[\\s,])${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s,]+))`, 'i').exec(text);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** Reads a `WWW-Authenticate` value: the scheme, and RFC 6750 §3's `error` and `error_description`. */
export function parseChallenge(value: string): AuthChallenge {
  const raw = value.length > MAX_CHALLENGE ? value.slice(0, MAX_CHALLENGE) : value;
  const out: AuthChallenge = { raw };
  const scheme = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)/.exec(raw)?.[1];
  if (scheme) out.scheme = scheme;
  const error = param(raw, 'error');
  if (error !== undefined) out.error = error;
  const description = param(raw, 'error_description');
  if (description !== undefined) out.description = description;
  return out;
}
