import { describe, expect, it } from 'vitest';
import {
  keyEntryProblem,
  MAX_KEY_MATERIAL,
  MAX_RING_SIZE,
  readKeyEntries,
  readKeyRing,
  ringSizeProblem,
} from '../../../lib/key-ring/key-ring.ts';
import { parseKeyRingFile, RING_FILE_FORMAT } from '../../../lib/key-ring/ring-file.ts';
import type { KeyEntry } from '../../../lib/types.ts';

const big = (n: number) => 'x'.repeat(n);

describe('key ring limits', () => {
  it('says why an entry cannot be stored, with the same check the reading uses', () => {
    const secret2mb: KeyEntry = { id: 'k1', label: 'huge', material: big(2_000_000) };
    expect(keyEntryProblem(secret2mb)).toBe(
      'the key material is 2,000,000 characters; at most 1,000,000 can be stored (a JWKS of a few thousand keys fits)',
    );
    // What save refuses is exactly what reading back would drop.
    expect(readKeyRing([secret2mb]).dropped).toBe(1);
    const fits: KeyEntry = { id: 'k2', material: big(MAX_KEY_MATERIAL) };
    expect(keyEntryProblem(fits)).toBeUndefined();
    expect(readKeyRing([fits]).keys).toEqual([fits]);
    expect(keyEntryProblem({ id: '', material: 'm' })).toBe('it has no "id"');
    expect(keyEntryProblem({ id: 'a', material: 'm', format: 'rot13' })).toBe('unknown format "rot13"');
  });

  it('bounds the whole ring below the storage quota', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ id: `k${i}`, material: big(900_000) }));
    expect(ringSizeProblem(five)).toMatch(
      /^the key ring would hold 4,500,010 characters of key material; at most 4,000,000/,
    );
    expect(ringSizeProblem(five.slice(0, 4))).toBeUndefined();
    expect(MAX_RING_SIZE).toBeLessThan((10 * 1024 * 1024) / 2);
  });

  it('names every rejected entry of a ring file with its reason', () => {
    const file = JSON.stringify({
      format: RING_FILE_FORMAT,
      version: 1,
      keys: [
        { id: 'ok', label: 'fine', material: 'secret-secret-secret-secret-1234' },
        { id: 'big', label: 'huge JWKS', material: big(1_500_000) },
        { id: 'ok', material: 'dup' },
        'junk',
      ],
    });
    const parsed = parseKeyRingFile(file);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.keys.map((k) => k.id)).toEqual(['ok']);
    expect(parsed.skipped).toBe(3);
    expect(parsed.rejected).toEqual([
      { index: 1, name: 'huge JWKS', reason: expect.stringMatching(/^the key material is 1,500,000 characters/) },
      { index: 2, name: 'ok', reason: 'its id is used twice' },
      { index: 3, reason: 'not a key entry (expected an object)' },
    ]);
    expect(readKeyEntries([]).rejected).toEqual([]);
  });
});
