import { useWidth } from './use-width.ts';

/** Below this split width (px) an open detail leaves the list one compact column, as in Network. */
export const NARROW_WIDTH = 760;
/** The compact list's largest share of the split. */
const COMPACT_FRACTION = 0.4;

/** How the split lays out at its current width: compact list beside a detail, the list alone, or both. */
export function useSplitLayout(
  splitRef: { current: HTMLElement | null },
  showDetail: boolean,
  listFraction: number,
): { compact: boolean; listOnly: boolean; fraction: number } {
  const width = useWidth(splitRef);
  const narrow = width > 0 && width < NARROW_WIDTH;
  const compact = narrow && showDetail;
  return {
    compact,
    listOnly: narrow && !showDetail,
    fraction: compact ? Math.min(COMPACT_FRACTION, listFraction) : listFraction,
  };
}
