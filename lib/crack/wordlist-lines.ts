/**
 * Splits a stream of decoded text into wordlist lines: LF or CRLF, a leading BOM dropped, empty
 * lines dropped, a line split across two chunks joined. Yields one array per chunk, so a list of
 * any size is held one chunk at a time.
 */
export async function* streamLines(stream: ReadableStream<string>): AsyncGenerator<string[]> {
  const reader = stream.getReader();
  let carry = '';
  let first = true;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        break;
      }
      let text = carry + value;
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      const lastNl = text.lastIndexOf('\n');
      if (lastNl < 0) {
        carry = text;
        continue;
      }
      carry = text.slice(lastNl + 1);
      const lines = splitLines(text, lastNl);
      if (lines.length > 0) yield lines;
    }
    if (first && carry.charCodeAt(0) === 0xfeff) carry = carry.slice(1);
    const rest = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
    if (rest !== '') yield [rest];
  } finally {
    // Stopped early (a hit, a cancel): stop reading the file too.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function splitLines(text: string, end: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start <= end) {
    let nl = text.indexOf('\n', start);
    if (nl < 0 || nl > end) nl = end;
    const stop = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (stop > start) out.push(text.slice(start, stop));
    start = nl + 1;
  }
  return out;
}

/**
 * The first line start at or after `pos` in a file, given a reader of byte ranges: where a worker's
 * share of the file begins so that no line is split between two workers.
 */
export async function lineStartAtOrAfter(
  size: number,
  pos: number,
  read: (start: number, end: number) => Promise<Uint8Array>,
): Promise<number> {
  if (pos <= 0) return 0;
  let at = pos - 1;
  while (at < size) {
    const bytes = await read(at, Math.min(size, at + 65536));
    const nl = bytes.indexOf(10);
    if (nl >= 0) return at + nl + 1;
    at += bytes.length;
  }
  return size;
}

/** One chunk's lines as byte ranges into `bytes`. */
export interface LineChunk {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

/**
 * Splits a byte stream into wordlist lines without decoding it: LF or CRLF, a leading UTF-8 BOM
 * dropped, empty lines dropped, a line split across two chunks joined. LF never occurs inside a
 * multi-byte UTF-8 sequence, so decoding each line gives exactly what TextDecoderStream would.
 * The chunk yielded is valid until the next one is asked for: its buffers are reused, so memory
 * stays at one chunk whatever the file's size.
 */
export async function* streamLineBytes(
  stream: ReadableStream<Uint8Array>,
  onBytes?: (n: number) => void,
): AsyncGenerator<LineChunk> {
  // A byte stream (File.stream() in browsers) is read into one reused buffer: no garbage per chunk.
  let byob: ReadableStreamBYOBReader | undefined;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    byob = undefined;
  }
  const reader = byob ?? stream.getReader();
  let buffer = new ArrayBuffer(1 << 20);
  let starts = new Int32Array(0);
  let ends = new Int32Array(0);
  let carry = 0;
  let first = true;
  let finished = false;
  try {
    for (;;) {
      let done: boolean;
      let got = 0;
      if (byob) {
        if (carry === buffer.byteLength) {
          const bigger = new ArrayBuffer(buffer.byteLength * 2);
          new Uint8Array(bigger).set(new Uint8Array(buffer));
          buffer = bigger;
        }
        const r = await byob.read(new Uint8Array(buffer, carry, buffer.byteLength - carry));
        done = r.done;
        if (r.value) {
          buffer = r.value.buffer as ArrayBuffer;
          got = r.value.byteLength;
        }
      } else {
        const r = await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
        done = r.done;
        if (r.value) {
          got = r.value.byteLength;
          if (carry + got > buffer.byteLength) {
            const bigger = new ArrayBuffer(Math.max(buffer.byteLength * 2, carry + got));
            new Uint8Array(bigger).set(new Uint8Array(buffer, 0, carry));
            buffer = bigger;
          }
          new Uint8Array(buffer, carry, got).set(r.value);
        }
      }
      if (got > 0) onBytes?.(got);
      let len = carry + got;
      if (done) {
        finished = true;
        if (len === 0) break;
        // The last line has no newline: give it one.
        if (len === buffer.byteLength) {
          const bigger = new ArrayBuffer(buffer.byteLength + 1);
          new Uint8Array(bigger).set(new Uint8Array(buffer));
          buffer = bigger;
        }
        new Uint8Array(buffer)[len++] = 10;
      }
      const bytes = new Uint8Array(buffer, 0, len);
      let at = 0;
      if (first) {
        if (len < 3 && !done) {
          carry = len;
          continue;
        }
        first = false;
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3;
      }
      const lastNl = bytes.lastIndexOf(10);
      if (lastNl >= at) {
        let n = 0;
        for (let i = at; i <= lastNl; i++) if (bytes[i] === 10) n++;
        // Reused between chunks like the byte buffer (the consumer is done with a chunk before the next).
        if (starts.length < n) {
          starts = new Int32Array(n + (n >> 2));
          ends = new Int32Array(starts.length);
        }
        let count = 0;
        while (at <= lastNl) {
          const nl = bytes.indexOf(10, at);
          const stop = nl > at && bytes[nl - 1] === 13 ? nl - 1 : nl;
          if (stop > at) {
            starts[count] = at;
            ends[count] = stop;
            count++;
          }
          at = nl + 1;
        }
        if (count > 0) yield { bytes, starts, ends, count };
      }
      if (done) break;
      // The unfinished last line moves to the front of the buffer.
      bytes.copyWithin(0, at, len);
      carry = len - at;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
