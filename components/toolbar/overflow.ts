/** A toolbar control as the overflow computation sees it. */
export interface ToolbarSlot {
  id: string;
  /** Its natural width in pixels. */
  width: number;
  /** Higher stays in the bar longer. */
  priority: number;
}

/**
 * Which controls go into the » menu so the rest fit in `available` pixels: none when all fit;
 * otherwise the highest-priority ones are kept (ties: the earlier one) while they fit next to the
 * » button, and the first that does not fit sends it and every lower one to the menu. The result
 * keeps the bar's order. Gaps of `gap` pixels separate controls.
 */
export function overflowSlots(
  slots: readonly ToolbarSlot[],
  available: number,
  moreWidth: number,
  gap: number,
): string[] {
  const total = slots.reduce((sum, s, i) => sum + s.width + (i > 0 ? gap : 0), 0);
  if (total <= available) return [];
  const byPriority = slots.map((s, i) => ({ s, i })).sort((a, b) => b.s.priority - a.s.priority || a.i - b.i);
  let used = moreWidth;
  const kept = new Set<string>();
  for (const { s } of byPriority) {
    const next = used + gap + s.width;
    if (next > available) break;
    used = next;
    kept.add(s.id);
  }
  return slots.filter((s) => !kept.has(s.id)).map((s) => s.id);
}
