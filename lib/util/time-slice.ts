/** Milliseconds of work after which a long loop lets the event loop run (input, timers, paint). */
export const SLICE_MS = 8;

/** A long loop's clock: `due()` once {@link SLICE_MS} have passed since the last `pause()`. */
export interface TimeSlice {
  due(): boolean;
  /** Lets the event loop run (a macrotask, so timers and input get their turn), then starts a new slice. */
  pause(): Promise<void>;
}

/** Starts a time slice for a loop over work proportional to its input (keys, secrets, candidates). */
export function timeSlice(ms = SLICE_MS, now: () => number = Date.now): TimeSlice {
  let started = now();
  return {
    due: () => now() - started >= ms,
    pause: () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          started = now();
          resolve();
        }, 0),
      ),
  };
}
