/** A replay's body preview is cut here (bytes). */
export const MAX_PREVIEW_BYTES = 256 * 1024;

/** What {@link readPreview} reads: a fetch `Response`'s body stream and headers. */
export interface PreviewSource {
  body: ReadableStream<Uint8Array> | null;
  headers: { get(name: string): string | null };
}

/**
 * Reads at most {@link MAX_PREVIEW_BYTES} of a response body as UTF-8 text and cancels the rest;
 * `size` is the body's whole length when `Content-Length` says more than was read.
 */
export async function readPreview(res: PreviewSource): Promise<{ text: string; size: number; truncated: boolean }> {
  const reader = res.body?.getReader();
  if (!reader) return { text: '', size: 0, truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = MAX_PREVIEW_BYTES - size;
    if (value.length >= room) {
      chunks.push(value.subarray(0, room));
      size += room;
      truncated = value.length > room;
      if (truncated) await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.length;
  }
  if (!truncated && size === MAX_PREVIEW_BYTES) {
    const more = await reader.read().catch(() => ({ done: true }));
    truncated = !more.done;
    if (truncated) await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  const length = Number(res.headers.get('content-length'));
  return {
    text: new TextDecoder().decode(bytes),
    size: truncated && Number.isFinite(length) && length > size ? length : size,
    truncated,
  };
}
