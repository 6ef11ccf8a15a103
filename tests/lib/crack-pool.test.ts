import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCrackPool, type PoolWorker } from '../../lib/crack/crack-pool.ts';
import { runCrackTask, type CrackReply, type CrackRequest } from '../../lib/crack/crack-task.ts';
import { lineStartAtOrAfter, streamLineBytes, streamLines } from '../../lib/crack/wordlist-lines.ts';

function mint(secret: string): string {
  const input = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** A worker that runs the real share logic in-process, replying asynchronously like a Web Worker. */
class InProcessWorker implements PoolWorker {
  onmessage: ((event: { data: CrackReply }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  terminated = false;
  tasks: CrackRequest[] = [];
  private ctl = new AbortController();
  constructor(private builtin: readonly string[]) {}
  postMessage(m: CrackRequest): void {
    this.tasks.push(m);
    if (m.kind === 'cancel') return this.ctl.abort();
    if (m.kind !== 'start') return;
    const reply = (data: CrackReply): void => {
      if (!this.terminated) setTimeout(() => this.onmessage?.({ data }), 0);
    };
    void runCrackTask(m.task, {
      builtinList: async () => this.builtin,
      signal: this.ctl.signal,
      progressMs: 0,
      onProgress: (p) => reply({ kind: 'progress', ...p }),
    }).then((r) => reply({ kind: 'done', ...r }));
  }
  terminate(): void {
    this.terminated = true;
    this.ctl.abort();
  }
}

/** A worker that never finishes on its own: it only reports what the test tells it to. */
class StuckWorker implements PoolWorker {
  onmessage: ((event: { data: CrackReply }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  terminated = false;
  started = false;
  postMessage(m: CrackRequest): void {
    if (m.kind === 'start') this.started = true;
  }
  terminate(): void {
    this.terminated = true;
  }
}

const list = Array.from({ length: 10_000 }, (_, i) => `word-${i}`);
const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
};

describe('runCrackPool', () => {
  it.each([1, 2, 3, 4])(
    'with %i workers tries every built-in candidate exactly once and finds hits at share boundaries',
    async (n) => {
      const miss = await runCrackPool({ token: mint('absent'), workers: n, spawn: () => new InProcessWorker(list) })
        .done;
      expect(miss).toEqual({ secret: null, tried: list.length + 1, total: list.length + 1 });
      const edges = [
        0,
        list.length - 1,
        ...Array.from({ length: n - 1 }, (_, k) => Math.floor(((k + 1) * list.length) / n)).flatMap((b) => [b - 1, b]),
      ];
      for (const at of edges) {
        const r = await runCrackPool({ token: mint(list[at]!), workers: n, spawn: () => new InProcessWorker(list) })
          .done;
        expect(r.secret, `${n} workers, secret at ${at}`).toBe(list[at]);
      }
    },
  );

  it('splits a user file at line starts: every line tried once, hits on both sides of each split', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line-${i}-${'x'.repeat(i % 37)}`);
    const blob = new Blob([`\ufeff${lines.join('\r\n')}\r\n`]);
    for (const n of [1, 2, 3, 5]) {
      const miss = await runCrackPool({
        token: mint('absent'),
        file: blob,
        builtin: false,
        workers: n,
        spawn: () => new InProcessWorker([]),
      }).done;
      expect(miss.tried, `${n} workers`).toBe(lines.length + 1);
    }
    const text = await blob.text();
    for (const k of [1, 2]) {
      const split = await lineStartAtOrAfter(
        blob.size,
        Math.floor((k * blob.size) / 3),
        async (s, e) => new Uint8Array(await blob.slice(s, e).arrayBuffer()),
      );
      const after = new TextDecoder().decode(new Uint8Array(await blob.slice(split).arrayBuffer())).split('\r\n')[0]!;
      const before = lines[lines.indexOf(after) - 1]!;
      for (const secret of [before, after]) {
        const r = await runCrackPool({
          token: mint(secret),
          file: blob,
          workers: 3,
          spawn: () => new InProcessWorker(list),
        }).done;
        expect(r.secret).toBe(secret);
      }
    }
    expect(text.length).toBeGreaterThan(0);
  });

  it('cancel terminates every worker at once and reports the merged count', async () => {
    const workers: StuckWorker[] = [];
    const job = runCrackPool({
      token: mint('absent'),
      workers: 4,
      spawn: () => {
        const w = new StuckWorker();
        workers.push(w);
        return w;
      },
    });
    await until(() => workers.length === 4 && workers.every((w) => w.started));
    workers.forEach((w, i) =>
      w.onmessage?.({ data: { kind: 'progress', tried: 100 * (i + 1), units: 1, unitsTotal: 10 } }),
    );
    job.cancel();
    expect(await job.done).toMatchObject({ secret: null, tried: 1000, aborted: true });
    expect(workers.map((w) => w.terminated)).toEqual([true, true, true, true]);
  });

  it('a hit stops the others; finished workers go back to the pool instead', async () => {
    const workers: StuckWorker[] = [];
    const released: PoolWorker[] = [];
    const job = runCrackPool({
      token: mint('absent'),
      workers: 3,
      spawn: () => {
        const w = new StuckWorker();
        workers.push(w);
        return w;
      },
      release: (w) => released.push(w),
    });
    await until(() => workers.length === 3);
    workers[0]!.onmessage?.({ data: { kind: 'done', secret: null, tried: 5, units: 5, unitsTotal: 5, total: 5 } });
    workers[2]!.onmessage?.({
      data: { kind: 'done', secret: 'found-it', tried: 7, units: 3, unitsTotal: 5, total: 5 },
    });
    expect(await job.done).toEqual({ secret: 'found-it', tried: 12, total: 15 });
    expect(workers[1]!.terminated).toBe(true);
    expect(released).toEqual([workers[0], workers[2]]);
  });

  it('merges progress into one count, rate and ETA; an error ends the search', async () => {
    const workers: StuckWorker[] = [];
    let t = 1000;
    const seen: { tried: number; total: number; rate: number; etaMs?: number }[] = [];
    const job = runCrackPool({
      token: mint('absent'),
      workers: 2,
      now: () => t,
      onProgress: (p) => seen.push(p),
      spawn: () => {
        const w = new StuckWorker();
        workers.push(w);
        return w;
      },
    });
    await until(() => workers.length === 2);
    t = 2000;
    workers[0]!.onmessage?.({ data: { kind: 'progress', tried: 300, units: 25, unitsTotal: 100 } });
    workers[1]!.onmessage?.({ data: { kind: 'progress', tried: 100, units: 25, unitsTotal: 100 } });
    expect(seen.at(-1)).toEqual({ tried: 400, total: 1600, rate: 400, etaMs: 3000 });
    workers[1]!.onerror?.({ message: 'boom' });
    await expect(job.done).rejects.toThrow('boom');
    expect(workers.every((w) => w.terminated)).toBe(true);
  });
});

describe('streamLines', () => {
  const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
  async function linesOf(chunks: Uint8Array[]): Promise<string[]> {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunks) c.enqueue(ch);
        c.close();
      },
    }).pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>);
    const out: string[] = [];
    for await (const group of streamLines(stream)) out.push(...group);
    return out;
  }

  it('splits at every chunk boundary the same way: CRLF, BOM, multi-byte characters, empty lines, no final newline', async () => {
    const text = '\ufeffalpha\r\nbeta\n\n\r\nγάμμα-🔑\r\n  spaced  \nlast';
    const expected = ['alpha', 'beta', 'γάμμα-🔑', '  spaced  ', 'last'];
    const all = bytes(text);
    expect(await linesOf([all])).toEqual(expected);
    for (let a = 0; a <= all.length; a++)
      for (const b of [a, Math.min(all.length, a + 1), Math.min(all.length, a + 3)])
        expect(await linesOf([all.slice(0, a), all.slice(a, b), all.slice(b)]), `split ${a}/${b}`).toEqual(expected);
  });

  it('holds one chunk of a large list at a time (64 KiB chunks, as File.stream() gives in browsers)', async () => {
    const n = 200_000;
    const all = bytes(Array.from({ length: n }, (_, i) => `w${i}`).join('\n'));
    let count = 0;
    let biggest = 0;
    let at = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at >= all.length) return c.close();
        c.enqueue(all.slice(at, at + 65536));
        at += 65536;
      },
    });
    const stream = chunked.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>);
    for await (const group of streamLines(stream)) {
      count += group.length;
      biggest = Math.max(biggest, group.length);
    }
    expect(count).toBe(n);
    expect(biggest).toBeLessThanOrEqual(65536 / 2);
  });
});

describe('streamLineBytes', () => {
  // Both a plain stream and a byte stream (read into one reused buffer, as File.stream() is).
  async function linesOf(chunks: Uint8Array[], bytes = false): Promise<string[]> {
    const stream = bytes
      ? new ReadableStream({
          type: 'bytes',
          start(c) {
            for (const ch of chunks) if (ch.length) c.enqueue(ch.slice());
            c.close();
          },
        })
      : new ReadableStream<Uint8Array>({
          start(c) {
            for (const ch of chunks) c.enqueue(ch);
            c.close();
          },
        });
    const out: string[] = [];
    const dec = new TextDecoder();
    for await (const l of streamLineBytes(stream))
      for (let i = 0; i < l.count; i++) out.push(dec.decode(l.bytes.subarray(l.starts[i], l.ends[i])));
    return out;
  }

  it('holds one chunk at a time: the line tables are reused from chunk to chunk, not made per chunk', async () => {
    const chunk = new TextEncoder().encode(Array.from({ length: 1000 }, (_, i) => `w${i}`).join('\n') + '\n');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 50; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const tables = new Set<Int32Array>();
    let lines = 0;
    for await (const l of streamLineBytes(stream)) {
      tables.add(l.starts);
      tables.add(l.ends);
      lines += l.count;
    }
    expect(lines).toBe(50_000);
    expect(tables.size).toBeLessThanOrEqual(4);
  });

  it('gives the lines TextDecoderStream + streamLines give, at every chunk boundary (invalid UTF-8 too)', async () => {
    const all = new Uint8Array([
      ...new TextEncoder().encode('\ufeffalpha\r\nbeta\n\n\r\nγάμμα-🔑\r\n  spaced  \n'),
      0xff,
      0x61,
      0xc3,
      10,
      ...new TextEncoder().encode('last'),
    ]);
    const expected = ['alpha', 'beta', 'γάμμα-🔑', '  spaced  ', '\ufffda\ufffd', 'last'];
    for (let a = 0; a <= all.length; a++)
      for (const b of [a, Math.min(all.length, a + 1), Math.min(all.length, a + 3)])
        for (const byteStream of [false, true])
          expect(
            await linesOf([all.slice(0, a), all.slice(a, b), all.slice(b)], byteStream),
            `split ${a}/${b}${byteStream ? ' (byte stream)' : ''}`,
          ).toEqual(expected);
    const viaText: string[] = [];
    const text = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(all);
        c.close();
      },
    }).pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>);
    for await (const g of streamLines(text)) viaText.push(...g);
    expect(viaText).toEqual(expected);
  });

  it('a file line that is not valid UTF-8 is tried as the text it decodes to, and reported so', async () => {
    const secret = '\ufffdpass\ufffd';
    const blob = new Blob([new Uint8Array([0x61, 10, 0xff, 0x70, 0x61, 0x73, 0x73, 0xc3, 10, 0x62])]);
    const r = await runCrackPool({
      token: mint(secret),
      file: blob,
      builtin: false,
      workers: 2,
      spawn: () => new InProcessWorker([]),
    }).done;
    expect(r.secret).toBe(secret);
  });
});
