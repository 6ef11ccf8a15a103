import { describe, expect, it } from 'vitest';
import { parsePem, toPem, type PemMeter } from '../../../lib/keys/pem.ts';

// A PEM certificate of about `mb` megabytes of base64 (random-looking bytes are not needed: the
// parser does not read the DER).
function bigPem(mb: number): string {
  const der = new Uint8Array(Math.floor((mb * 1_000_000 * 3) / 4));
  for (let i = 0; i < der.length; i++) der[i] = (i * 31) & 0xff;
  return toPem('CERTIFICATE', der);
}

describe('parsePem is linear', () => {
  it('parses 10 MB with ten times the work of 1 MB (counted, not timed)', () => {
    const small = bigPem(1);
    const large = bigPem(10);
    const a: PemMeter = { ops: 0 };
    const b: PemMeter = { ops: 0 };
    const r1 = parsePem(small, a);
    const r10 = parsePem(large, b);
    expect(r1.ok && r10.ok).toBe(true);
    if (r10.ok) expect(r10.blocks[0]!.der.length).toBe(Math.floor((10 * 1_000_000 * 3) / 4));
    const ratio = b.ops / a.ops;
    expect(ratio).toBeGreaterThan(9);
    expect(ratio).toBeLessThan(11);
    // Work per character stays a small constant.
    expect(b.ops / large.length).toBeLessThan(3);
  });

  it('still finds padding in the middle across lines', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nAAAA\nAA==\nAAAA\n-----END PUBLIC KEY-----\n';
    const r = parsePem(pem);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toEqual({
        code: 'pem-invalid',
        message: 'PEM body is not valid base64 (line 4: padding in the middle)',
      });
    expect(parsePem('-----BEGIN X-----\nAAA\n=\n-----END X-----').ok).toBe(true);
  });
});
