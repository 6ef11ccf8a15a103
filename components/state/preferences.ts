/** The clock-skew setting's bounds in seconds: none, up to a day. */
export const MAX_CLOCK_SKEW = 86_400;

/** The stored key of the clock-skew setting. */
export const CLOCK_SKEW_KEY = 'clockSkew';

/** A clock skew as the panel uses it: whole seconds in 0…{@link MAX_CLOCK_SKEW}; anything else is 0. */
export function readClockSkew(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return 0;
  return Math.min(MAX_CLOCK_SKEW, Math.floor(n));
}
