import type { WorkerMessage } from '../../lib/protocol/messages.ts';
import type { DecodeOffThread } from '../host.ts';
import { hasDecoded, seedDecoded } from './token-view.ts';

/**
 * Tokens at least this long are decoded off the main thread before they are listed, when the host
 * can (a 1.3 MB token takes 100–200 ms to decode; one of 64 KiB a few milliseconds).
 */
export const LARGE_TOKEN_CHARS = 64 * 1024;

/** Whether `token` is to be decoded off the main thread before it is shown (long, not decoded yet). */
export function decodesOffThread(token: string): boolean {
  return token.length >= LARGE_TOKEN_CHARS && !hasDecoded(token);
}

/** Decodes `token` with `decode` and keeps the decoding as the token's; never rejects. */
export async function decodeAndSeed(decode: DecodeOffThread, token: string): Promise<void> {
  const decoded = await decode(token).catch(() => undefined);
  if (decoded && decoded.token === token) seedDecoded(token, decoded);
}

/**
 * Passes the worker's messages on in order, holding one that brings a large token until that
 * token is decoded off the main thread (and the messages after it, so none overtakes it): the
 * list then finds its decoding made, and never decodes a megabyte in a click's or a frame's time.
 * Without `decode`, or when it fails, the token is decoded on the main thread as any other.
 */
export class ArrivalGate {
  private readonly queue: WorkerMessage[] = [];
  private draining = false;
  private stopped = false;

  constructor(
    private readonly apply: (m: WorkerMessage) => void,
    private readonly decode?: DecodeOffThread,
  ) {}

  /** Takes the next message of the worker. */
  accept(m: WorkerMessage): void {
    if (this.stopped) return;
    if (!this.decode || (this.queue.length === 0 && largeTokensOf(m).length === 0)) {
      this.apply(m);
      return;
    }
    this.queue.push(m);
    void this.drain();
  }

  /** How many messages wait for a decoding. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Drops what waits; nothing is applied after this. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length && !this.stopped) {
        const m = this.queue[0]!;
        await Promise.all(largeTokensOf(m).map((t) => decodeAndSeed(this.decode!, t)));
        if (this.stopped) return;
        this.queue.shift();
        this.apply(m);
      }
    } finally {
      this.draining = false;
    }
  }
}

function largeTokensOf(m: WorkerMessage): string[] {
  if (m.kind !== 'snapshot' && m.kind !== 'tokens') return [];
  const out: string[] = [];
  for (const t of m.tokens) if (decodesOffThread(t.token)) out.push(t.token);
  return out;
}
