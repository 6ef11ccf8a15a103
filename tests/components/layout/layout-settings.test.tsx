import { describe, expect, it } from 'vitest';
import {
  clampFraction,
  DEFAULT_LAYOUT,
  MAX_FRACTION,
  MIN_FRACTION,
  readLayout,
  splitAfterKey,
} from '../../../components/state/layout-settings.ts';

describe('split keyboard handling', () => {
  it('arrows move by 2 %, Shift by 10 %, Home/End to the limits; other keys do nothing', () => {
    expect(splitAfterKey(0.5, 'ArrowLeft')).toBeCloseTo(0.48);
    expect(splitAfterKey(0.5, 'ArrowRight')).toBeCloseTo(0.52);
    expect(splitAfterKey(0.5, 'ArrowUp')).toBeCloseTo(0.48);
    expect(splitAfterKey(0.5, 'ArrowDown')).toBeCloseTo(0.52);
    expect(splitAfterKey(0.5, 'ArrowLeft', true)).toBeCloseTo(0.4);
    expect(splitAfterKey(0.5, 'Home')).toBe(MIN_FRACTION);
    expect(splitAfterKey(0.5, 'End')).toBe(MAX_FRACTION);
    expect(splitAfterKey(0.5, 'a')).toBeUndefined();
    expect(splitAfterKey(0.5, 'Enter')).toBeUndefined();
  });

  it('never leaves the allowed range', () => {
    expect(splitAfterKey(MIN_FRACTION, 'ArrowLeft', true)).toBe(MIN_FRACTION);
    expect(splitAfterKey(MAX_FRACTION, 'ArrowRight', true)).toBe(MAX_FRACTION);
    expect(clampFraction(Number.NaN)).toBe(DEFAULT_LAYOUT.listFraction);
    expect(clampFraction(-3)).toBe(MIN_FRACTION);
  });
});

describe('readLayout (stored settings are a boundary)', () => {
  it('keeps well-formed fields, clamps the split and drops the rest', () => {
    expect(readLayout({ listFraction: 0.3, hiddenColumns: ['issuer', 'count'] })).toEqual({
      listFraction: 0.3,
      hiddenColumns: ['issuer', 'count'],
    });
    expect(readLayout({ listFraction: 9, hiddenColumns: ['x', 3, 'x', null] })).toEqual({
      listFraction: MAX_FRACTION,
      hiddenColumns: ['x'],
    });
    for (const junk of [undefined, null, 'wide', 42, [], { listFraction: 'half', hiddenColumns: 'all' }])
      expect(readLayout(junk)).toEqual(DEFAULT_LAYOUT);
  });
});
