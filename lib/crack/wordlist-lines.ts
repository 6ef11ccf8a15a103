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
 */
export async function* streamLineBytes(stream: ReadableStream<Uint8Array>): AsyncGenerator<LineChunk> {
  const reader = stream.getReader();
  let carry = new Uint8Array(0);
  let first = true;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      let bytes: Uint8Array;
      if (done) {
        finished = true;
        if (carry.length === 0) break;
        bytes = new Uint8Array(carry.length + 1);
        bytes.set(carry);
        bytes[carry.length] = 10;
      } else if (carry.length > 0) {
        bytes = new Uint8Array(carry.length + value.length);
        bytes.set(carry);
        bytes.set(value, carry.length);
      } else bytes = value;
      let at = 0;
      if (first && bytes.length >= 3) {
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3;
        first = false;
      } else if (first && done) first = false;
      else if (first) {
        carry = bytes.slice();
        continue;
      }
      const lastNl = bytes.lastIndexOf(10);
      if (lastNl < at) {
        carry = bytes.slice(at);
        if (done) break;
        continue;
      }
      let n = 0;
      for (let i = at; i <= lastNl; i++) if (bytes[i] === 10) n++;
      const starts = new Int32Array(n);
      const ends = new Int32Array(n);
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
      carry = bytes.slice(lastNl + 1);
      if (count > 0) yield { bytes, starts, ends, count };
      if (done) break;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
