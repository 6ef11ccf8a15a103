import { decodeToken } from '../decode-token.ts';
import type { RuleContext } from './context.ts';
import { cookieNotHttponly } from './cookie-not-httponly.ts';
import { cookieNotSecure } from './cookie-not-secure.ts';
import { cookieSamesiteWeak } from './cookie-samesite-weak.ts';
import { expiredTokenSent } from './expired-token-sent.ts';
import { sentOverHttp } from './sent-over-http.ts';
import { thirdPartyRecipient } from './third-party-recipient.ts';
import { tokenInUrl } from './token-in-url.ts';
import { webStorage } from './web-storage.ts';
import { SEVERITIES, type Finding } from '../types.ts';
import type { Sighting } from '../capture/model.ts';

/** Rules judged once per distinct way the token travelled (direction, way, location, URL, cookie flags). */
const PER_SIGHTING = [sentOverHttp, tokenInUrl, cookieNotHttponly, cookieNotSecure, cookieSamesiteWeak, webStorage];
/** Rules judged over all sightings together. */
const OVER_SIGHTINGS = [thirdPartyRecipient, expiredTokenSent];
/** Distinct contexts examined per token at most (a token seen on 10,000 URLs need not be judged 10,000 times). */
const MAX_CONTEXTS = 100;

/**
 * Findings about where a token travelled: each distinct sighting context goes through the
 * engine's context rules, and all sightings together through the third-party and
 * expired-but-still-sent rules. Deduplicated by rule and message, most severe first.
 */
export function sightingFindings(
  token: string,
  payload: unknown,
  sightings: readonly Sighting[],
  options: { pageUrl?: string; now: number; clockSkew?: number },
): Finding[] {
  if (!sightings.length) return [];
  const decoded = decodeToken(token);
  const base: RuleContext = {
    decoded,
    kind: decoded.kind,
    header: decoded.header,
    payload,
    now: options.now,
    clockSkew: options.clockSkew ?? 60,
    maxLifetime: 86_400,
    context: {},
    verification: { status: 'not-applicable' },
    keys: [],
  };
  const out = new Map<string, Finding>();
  const add = (findings: Finding[]) => {
    for (const f of findings) out.set(`${f.rule}\u0000${f.message}`, f);
  };
  const seen = new Set<string>();
  for (const s of sightings) {
    const a = s.cookieAttributes;
    const key = [
      s.direction,
      s.via,
      JSON.stringify(s.location),
      s.url ?? '',
      a ? `${a.httpOnly}|${a.secure}|${a.sameSite}` : '-',
    ].join('\u0000');
    if (seen.has(key)) continue;
    if (seen.size >= MAX_CONTEXTS) break;
    seen.add(key);
    const ctx: RuleContext = {
      ...base,
      context: {
        direction: s.direction,
        via: s.via,
        location: s.location,
        url: s.url,
        cookieAttributes: s.cookieAttributes,
      },
    };
    for (const rule of PER_SIGHTING) add(safe(() => rule.check(ctx)));
  }
  const all: RuleContext = { ...base, sightings, pageUrl: options.pageUrl };
  for (const rule of OVER_SIGHTINGS) add(safe(() => rule.check(all)));
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  return [...out.values()].sort((x, y) => rank(x) - rank(y));
}

function safe(run: () => Finding[]): Finding[] {
  try {
    return run();
  } catch {
    // A rule bug must not hide the other findings.
    return [];
  }
}
