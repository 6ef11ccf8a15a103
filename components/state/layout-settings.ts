/** The panel's remembered layout: the split position and the hidden list columns. */
export interface LayoutSettings {
  /** Width of the token list as a fraction of the split (0.15–0.85). */
  listFraction: number;
  /** Ids of the list columns the user hid. */
  hiddenColumns: readonly string[];
}

/** The layout's key in the panel's preferences. */
export const LAYOUT_KEY = 'layout';

/** The layout before the user changes anything. */
export const DEFAULT_LAYOUT: LayoutSettings = { listFraction: 0.55, hiddenColumns: [] };
/** Narrowest and widest the list may be, as a fraction of the split. */
export const MIN_FRACTION = 0.15;
/** See {@link MIN_FRACTION}. */
export const MAX_FRACTION = 0.85;

/** Clamps a list fraction into the allowed range (NaN gives the default). */
export function clampFraction(f: number): number {
  if (!Number.isFinite(f)) return DEFAULT_LAYOUT.listFraction;
  return Math.min(MAX_FRACTION, Math.max(MIN_FRACTION, f));
}

/** Reads stored settings back, keeping only well-formed fields (storage is a boundary). */
export function readLayout(stored: unknown): LayoutSettings {
  if (typeof stored !== 'object' || stored === null) return DEFAULT_LAYOUT;
  const o = stored as Record<string, unknown>;
  const listFraction = typeof o.listFraction === 'number' ? clampFraction(o.listFraction) : DEFAULT_LAYOUT.listFraction;
  const hiddenColumns = Array.isArray(o.hiddenColumns)
    ? [...new Set(o.hiddenColumns.filter((c): c is string => typeof c === 'string'))].slice(0, 32)
    : [];
  return { listFraction, hiddenColumns };
}

/** Step of one arrow key press on the split separator (Shift: a bigger step). */
export const SPLIT_STEP = 0.02;

/**
 * The split fraction after a key press on the separator, or undefined when the key does not move it:
 * ←/→ (and ↑/↓) move by a step, Shift by five, Home/End go to the limits.
 */
export function splitAfterKey(fraction: number, key: string, shift = false): number | undefined {
  const step = SPLIT_STEP * (shift ? 5 : 1);
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowUp':
      return clampFraction(fraction - step);
    case 'ArrowRight':
    case 'ArrowDown':
      return clampFraction(fraction + step);
    case 'Home':
      return MIN_FRACTION;
    case 'End':
      return MAX_FRACTION;
    default:
      return undefined;
  }
}
