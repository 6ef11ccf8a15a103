import { jsonPreview, memberLexeme } from './json-text.ts';
import type { ValidityState } from './types.ts';

/** A NumericDate claim (exp, nbf, iat) as found in a payload. */
export interface TimeClaim {
  name: 'exp' | 'nbf' | 'iat';
  value: unknown;
  /**
   * The value as written in the token, for a claim that is not a sound NumericDate (`1e400` reads
   * as Infinity, which JSON cannot even print), when the payload text was given.
   */
  text?: string;
  /** Seconds since the epoch, when the value is a usable NumericDate. */
  seconds?: number;
  /** Why the value is not a sound NumericDate (RFC 7519 §2), if it is not. */
  problem?: 'not-a-number' | 'milliseconds' | 'negative' | 'out-of-range';
}

/** Validity of a payload's time claims at one instant. */
export interface TimeStatus {
  state: ValidityState;
  claims: TimeClaim[];
}

// A NumericDate above this (year 5138) is almost surely milliseconds since the epoch.
const MILLISECONDS_THRESHOLD = 1e11;
// JavaScript Dates end at ±8.64e15 ms.
const MAX_SECONDS = 8.64e12;

/**
 * Reads one NumericDate claim; with the payload's JSON text, a claim that is not a sound
 * NumericDate also carries its value as written.
 */
export function readTimeClaim(payload: unknown, name: TimeClaim['name'], payloadText?: string): TimeClaim | undefined {
  const claim = judgeTimeClaim(payload, name);
  // Only a scalar has a lexeme to show: an object or array (perhaps nested 50,000 deep) is not scanned for one.
  if (claim?.problem && typeof payloadText === 'string' && (typeof claim.value !== 'object' || claim.value === null)) {
    const text = memberLexeme(payloadText, name);
    if (text !== undefined) claim.text = text;
  }
  return claim;
}

function judgeTimeClaim(payload: unknown, name: TimeClaim['name']): TimeClaim | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(payload, name)) return undefined;
  const value = (payload as Record<string, unknown>)[name];
  if (typeof value !== 'number') return { name, value, problem: 'not-a-number' };
  // A JSON number too large for a double (1e400) reads as ±Infinity: a number, beyond any date.
  if (!Number.isFinite(value)) return { name, value, problem: 'out-of-range' };
  if (value < 0) return { name, value, seconds: value, problem: 'negative' };
  if (value > MAX_SECONDS) return { name, value, problem: 'out-of-range' };
  if (value > MILLISECONDS_THRESHOLD) return { name, value, seconds: value, problem: 'milliseconds' };
  return { name, value, seconds: value };
}

/** A time claim's value for a message or a table: as written in the token when known. */
export function claimText(c: TimeClaim): string {
  if (c.text !== undefined) return c.text;
  if (typeof c.value === 'number' && !Number.isFinite(c.value)) return String(c.value);
  // A hostile claim may be megabytes long or nested 50,000 deep: the table shows a bounded prefix.
  return jsonPreview(c.value, 200);
}

/**
 * Validity of exp/nbf at `now` (epoch seconds) with `skew` seconds of tolerance (default none), as
 * a server would judge it: expired from the second `exp` passes (RFC 7519 §4.1.4: `now >= exp`),
 * not yet valid while `now < nbf` (§4.1.5); a millisecond `exp` is read literally (and so lies far
 * in the future). With the payload's JSON text, unsound claims carry their value as written.
 */
export function timeStatus(payload: unknown, now: number, skew = 0, payloadText?: string): TimeStatus {
  const claims: TimeClaim[] = [];
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const c = readTimeClaim(payload, name, payloadText);
    if (c) claims.push(c);
  }
  const exp = claims.find((c) => c.name === 'exp');
  const nbf = claims.find((c) => c.name === 'nbf');
  let state: ValidityState = exp?.seconds !== undefined ? 'valid' : 'no-expiry';
  if (exp?.seconds !== undefined && isExpiredAt(exp.seconds, now, skew)) state = 'expired';
  else if (nbf?.seconds !== undefined && isBeforeNbf(nbf.seconds, now, skew)) state = 'not-yet-valid';
  return { state, claims };
}

/** True when a token with this `exp` is expired at `now` (epoch seconds): `now >= exp + skew` (RFC 7519 §4.1.4). */
export function isExpiredAt(exp: number, now: number, skew = 0): boolean {
  return now >= exp + Math.max(0, skew);
}

/** True when a token with this `nbf` must not be accepted yet at `now`: `now + skew < nbf` (RFC 7519 §4.1.5). */
export function isBeforeNbf(nbf: number, now: number, skew = 0): boolean {
  return now + Math.max(0, skew) < nbf;
}

/** How a sighting stands against the token's times: sent after `exp` or before `nbf`, and by how many seconds. */
export type SightingTimeMark = { kind: 'after-expiry'; seconds: number } | { kind: 'before-nbf'; seconds: number };

/**
 * Whether a token was used at `time` (epoch milliseconds) when it was already expired or not yet
 * valid, judged exactly as {@link timeStatus} judges the token (same claims, same `skew`);
 * `seconds` is how late (after `exp`) or how early (before `nbf`) it was, without the skew.
 * Undefined when it was valid then.
 */
export function timeMarkAt(payload: unknown, time: number, skew = 0): SightingTimeMark | undefined {
  if (typeof time !== 'number' || !Number.isFinite(time)) return undefined;
  const at = time / 1000;
  const exp = readTimeClaim(payload, 'exp');
  if (exp?.seconds !== undefined && isExpiredAt(exp.seconds, at, skew))
    return { kind: 'after-expiry', seconds: at - exp.seconds };
  const nbf = readTimeClaim(payload, 'nbf');
  if (nbf?.seconds !== undefined && isBeforeNbf(nbf.seconds, at, skew))
    return { kind: 'before-nbf', seconds: nbf.seconds - at };
  return undefined;
}

/** A short lateness for a mark: "0.4 s", "2 s", "3 min" (below a second, tenths). */
export function formatLateness(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs < 1) return `${Math.round(abs * 10) / 10} s`;
  return formatDuration(abs);
}

const UNITS: [number, string][] = [
  [365 * 86400, 'y'],
  [30 * 86400, 'mo'],
  [86400, 'd'],
  [3600, 'h'],
  [60, 'min'],
  [1, 's'],
];

/** A duration in the largest whole unit: "4 min", "2 h", "3 d". */
export function formatDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  for (const [size, unit] of UNITS) {
    if (abs >= size) return `${Math.floor(abs / size)} ${unit}`;
  }
  return '0 s';
}

/** Human wording of a time claim relative to `now`: "expires in 4 min", "expired 2 h ago". */
export function describeRelative(name: TimeClaim['name'], seconds: number, now: number): string {
  const delta = seconds - now;
  const d = formatDuration(delta);
  const future = delta > 0;
  switch (name) {
    case 'exp':
      return future ? `expires in ${d}` : `expired ${d} ago`;
    case 'nbf':
      return future ? `valid in ${d}` : `valid since ${d} ago`;
    case 'iat':
      return future ? `issued ${d} in the future` : `issued ${d} ago`;
  }
}

/** ISO 8601 UTC text of a NumericDate, or undefined if it is outside the Date range. */
export function toUtcString(seconds: number): string | undefined {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace('.000Z', 'Z');
}
