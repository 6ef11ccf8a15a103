import { describe, expect, it } from 'vitest';
import { MAX_PREVIEW_BYTES, readPreview } from '../../../lib/replay/read-preview.ts';

// README (Replay): the answer's body preview is at most 256 KiB; the rest is not read.

/** A response whose body arrives in `chunks` pieces of `size` bytes of `fill`; counts the pieces pulled. */
function streamed(chunks: number, size: number, headers: Record<string, string> = {}) {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled === chunks) return c.close();
      pulled++;
      c.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { res: new Response(body, { headers }), pulled: () => pulled, cancelled: () => cancelled };
}

describe('readPreview (the replay answer preview)', () => {
  it('is 256 KiB', () => {
    expect(MAX_PREVIEW_BYTES).toBe(262_144);
  });

  it('cuts a 300 KiB answer at 256 KiB, says so, cancels the rest and reports the full size', async () => {
    const s = streamed(30, 10 * 1024, { 'content-length': String(300 * 1024) });
    const p = await readPreview(s.res);
    expect(p.text).toBe('a'.repeat(262_144));
    expect(p.truncated).toBe(true);
    expect(p.size).toBe(300 * 1024);
    expect(s.cancelled()).toBe(true);
    expect(s.pulled()).toBeLessThan(30);
  });

  it('reads an answer of exactly 256 KiB whole, not truncated', async () => {
    const p = await readPreview(streamed(4, 64 * 1024).res);
    expect(p.text).toHaveLength(262_144);
    expect(p.truncated).toBe(false);
    expect(p.size).toBe(262_144);
  });

  it('one byte over is truncated even without a Content-Length', async () => {
    const s = streamed(2, 131_072 + 1);
    const p = await readPreview(s.res);
    expect(p.truncated).toBe(true);
    expect(p.size).toBe(262_144);
  });

  it('decodes UTF-8 and answers an empty body', async () => {
    expect(await readPreview(new Response('{"ok":"é"}'))).toEqual({ text: '{"ok":"é"}', size: 11, truncated: false });
    expect(await readPreview({ body: null, headers: new Headers() })).toEqual({ text: '', size: 0, truncated: false });
  });
});
