import { describe, expect, it } from 'vitest';
import { newKeyId, readKeyRing, removeKey, upsertKey } from '../../../lib/key-ring/key-ring.ts';
import { isSecretKey, maskMaterial } from '../../../lib/key-ring/key-secrecy.ts';
import { exportKeyRing, mergeKeyRing, parseKeyRingFile } from '../../../lib/key-ring/ring-file.ts';
import type { KeyEntry } from '../../../lib/types.ts';

const secret: KeyEntry = { id: 'a', label: 'hs', material: 'hunter2-hunter2-hunter2-hunter2!' };
const pub: KeyEntry = { id: 'b', material: '{"kty":"EC","crv":"P-256","x":"x","y":"y"}', format: 'jwk' };
const priv: KeyEntry = { id: 'c', material: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' };
const jwksWithPrivate: KeyEntry = {
  id: 'd',
  material: '{"keys":[{"kty":"RSA","n":"n","e":"AQAB"},{"kty":"RSA","n":"n","e":"AQAB","d":"d"}]}',
};

describe('key ring model', () => {
  it('upserts, removes and makes fresh ids', () => {
    let ring = upsertKey([], secret);
    ring = upsertKey(ring, pub);
    ring = upsertKey(ring, { ...secret, label: 'renamed' });
    expect(ring.map((k) => k.label ?? k.id)).toEqual(['renamed', 'b']);
    expect(removeKey(ring, 'a').map((k) => k.id)).toEqual(['b']);
    let n = 0;
    const seq = [0, 0, 0.5];
    expect(newKeyId([{ id: 'k-00000000', material: '' }], () => seq[n++]!)).not.toBe('k-00000000');
  });
  it('reads storage back defensively', () => {
    expect(readKeyRing(undefined)).toEqual({ keys: [], dropped: 0 });
    expect(readKeyRing('junk')).toEqual({ keys: [], dropped: 1 });
    const r = readKeyRing([secret, secret, { id: 'x' }, { id: 'y', material: 'm', format: 'rot13' }, null, pub]);
    expect(r.keys.map((k) => k.id)).toEqual(['a', 'b']);
    expect(r.dropped).toBe(4);
  });
});

describe('secrecy', () => {
  it('knows which material is secret', () => {
    expect(isSecretKey(secret)).toBe(true);
    expect(isSecretKey(pub)).toBe(false);
    expect(isSecretKey(priv)).toBe(true);
    expect(isSecretKey(jwksWithPrivate)).toBe(true);
    expect(isSecretKey({ material: '{"kty":"oct","k":"c2VjcmV0"}' })).toBe(true);
    expect(isSecretKey({ material: '-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----' })).toBe(false);
  });
  it('masks without revealing the material', () => {
    expect(maskMaterial('hunter2')).not.toContain('hunter2');
    expect(maskMaterial('hunter2')).toContain('7 characters');
  });
});

describe('ring file', () => {
  it('leaves secrets out of an export unless asked', () => {
    const out = exportKeyRing([secret, pub, priv]);
    expect(out).toMatchObject({ exported: 1, withheld: 2 });
    expect(out.text).not.toContain('hunter2');
    expect(out.text).not.toContain('PRIVATE');
    const all = exportKeyRing([secret, pub, priv], { includeSecrets: true });
    expect(all.exported).toBe(3);
    expect(all.text).toContain('hunter2');
  });
  it('round-trips and merges', () => {
    const parsed = parseKeyRingFile(exportKeyRing([secret, pub], { includeSecrets: true }).text);
    expect(parsed).toEqual({ ok: true, keys: [secret, pub], skipped: 0 });
    const merged = mergeKeyRing([secret, { ...pub, material: 'other' }], [secret, pub], () => 0.25);
    expect(merged).toHaveLength(3);
    expect(new Set(merged.map((k) => k.id)).size).toBe(3);
  });
  it('rejects files that are not key rings, with a reason', () => {
    expect(parseKeyRingFile('nope')).toMatchObject({ ok: false, message: expect.stringContaining('not JSON') });
    expect(parseKeyRingFile('{"keys":[]}')).toMatchObject({
      ok: false,
      message: expect.stringContaining('jwt-lens-key-ring'),
    });
  });
});
