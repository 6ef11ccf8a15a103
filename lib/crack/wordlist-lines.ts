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
