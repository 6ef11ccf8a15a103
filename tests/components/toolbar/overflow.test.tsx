import { describe, expect, it } from 'vitest';
import { overflowSlots, type ToolbarSlot } from '../../../components/toolbar/overflow.ts';

const slots: ToolbarSlot[] = [
  { id: 'clear', width: 40, priority: 4 },
  { id: 'preserve', width: 90, priority: 3 },
  { id: 'rescan', width: 100, priority: 2 },
  { id: 'count', width: 60, priority: 5 },
  { id: 'add-key', width: 60, priority: 8 },
  { id: 'keys', width: 60, priority: 9 },
  { id: 'export', width: 50, priority: 7 },
  { id: 'connection', width: 30, priority: 6 },
];
// 8 controls, 7 gaps of 8 px.
const total = 490 + 7 * 8;

describe('overflowSlots', () => {
  it('keeps every control when all fit, exactly to the pixel', () => {
    expect(overflowSlots(slots, total, 24, 8)).toEqual([]);
    expect(overflowSlots(slots, 10_000, 24, 8)).toEqual([]);
  });

  it('one pixel short sends the lowest priority controls to the menu, in bar order', () => {
    // Room left after the » button: keys 60, add-key 60, export 50, connection 30, count 60, clear 40 = 300 + 6 gaps.
    const hidden = overflowSlots(slots, total - 1, 24, 8);
    expect(hidden).toEqual(['rescan']);
    expect(overflowSlots(slots, 24 + 8 + 300 + 5 * 8, 24, 8)).toEqual(['preserve', 'rescan']);
  });

  it('stops at the first control that does not fit (no lower one jumps ahead)', () => {
    // keys (60) fits next to », add-key (60) does not; export (50) would, but must not jump ahead.
    expect(overflowSlots(slots, 24 + 8 + 60 + 8 + 55, 24, 8)).toEqual([
      'clear',
      'preserve',
      'rescan',
      'count',
      'add-key',
      'export',
      'connection',
    ]);
  });

  it('with no room at all everything goes to the menu; equal priorities keep the earlier one', () => {
    expect(overflowSlots(slots, 0, 24, 8)).toEqual(slots.map((s) => s.id));
    const tie = [
      { id: 'a', width: 50, priority: 1 },
      { id: 'b', width: 50, priority: 1 },
    ];
    expect(overflowSlots(tie, 24 + 8 + 50 + 10, 24, 8)).toEqual(['b']);
  });
});
