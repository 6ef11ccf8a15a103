import type { ErrorInfo } from '../types.ts';

/** A value, or why there is none (a stable code and a message); never a throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** A successful {@link Result}. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed {@link Result}. */
export function fail<T>(code: ErrorInfo['code'], message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
