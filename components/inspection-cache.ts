import type { Inspection, InspectOptions, KeyEntry } from '../lib/types.ts';
import type { InspectExtraOptions } from '../lib/inspect.ts';

/** The engine's inspect, passed in so tests can count or slow it. */
export type InspectFn = (token: string, options: InspectOptions & InspectExtraOptions) => Promise<Inspection>;

interface Entry {
  key: string;
  inspection: Inspection;
}

const SLICE_MS = 12;

/**
 * Inspects tokens in the background, a time slice at a time, and caches each result per token,
 * key-ring version and cracked secret: when the ring changes every token is re-verified, the
 * old result shown until the new one lands. Priority tokens (selected, visible) go first.
 */
export class InspectionCache {
  private results = new Map<string, Entry>();
  private queue = new Set<string>();
  private priority = new Set<string>();
  private keys: KeyEntry[] = [];
  private version = 0;
  private cracked = new Map<string, string>();
  private running = false;
  private disposed = false;

  constructor(
    private readonly inspectFn: InspectFn,
    private readonly onChange: () => void,
    private readonly clock: () => number = Date.now,
    /** Called with each fresh result, e.g. to prepare the token's list row in the background. */
    private readonly onResult?: (token: string, inspection: Inspection) => void,
  ) {}

  private keyOf(token: string): string {
    return `${this.version}\u0000${this.cracked.get(token) ?? ''}`;
  }

  /** Replaces the key ring; every token becomes stale and is re-inspected. */
  setKeys(keys: KeyEntry[]): void {
    this.keys = keys;
    this.version++;
    for (const token of this.results.keys()) this.queue.add(token);
    this.kick();
  }

  /** Records a secret found by the weak-secret search, re-inspecting the token with it. */
  setCracked(token: string, secret: string): void {
    this.cracked.set(token, secret);
    this.priority.add(token);
    this.kick();
  }

  /** The secret the search found for a token, if any. */
  crackedOf(token: string): string | undefined {
    return this.cracked.get(token);
  }

  /** The latest inspection of a token (possibly of an older ring while the new one runs). */
  get(token: string): Inspection | undefined {
    return this.results.get(token)?.inspection;
  }

  /** True when the cached result is for the current ring and cracked secret. */
  isFresh(token: string): boolean {
    return this.results.get(token)?.key === this.keyOf(token);
  }

  /** Asks for these tokens to be inspected (those already fresh are skipped); `urgent` ones first. */
  request(tokens: Iterable<string>, urgent: Iterable<string> = []): void {
    for (const t of urgent) if (!this.isFresh(t)) this.priority.add(t);
    for (const t of tokens) if (!this.isFresh(t)) this.queue.add(t);
    this.kick();
  }

  /** Tokens still waiting. */
  get pending(): number {
    return this.queue.size + this.priority.size;
  }

  /** Stops background work. */
  dispose(): void {
    this.disposed = true;
  }

  private kick(): void {
    if (this.running || this.disposed) return;
    this.running = true;
    setTimeout(() => void this.run(), 0);
  }

  private next(): string | undefined {
    for (const set of [this.priority, this.queue]) {
      for (const t of set) {
        set.delete(t);
        if (!this.isFresh(t)) return t;
      }
    }
    return undefined;
  }

  private async run(): Promise<void> {
    const start = Date.now();
    let changed = false;
    let token: string | undefined;
    while (!this.disposed && (token = this.next()) !== undefined) {
      const key = this.keyOf(token);
      const crackedSecret = this.cracked.get(token);
      const inspection = await this.inspectFn(token, {
        keys: this.keys,
        now: Math.floor(this.clock() / 1000),
        ...(crackedSecret !== undefined ? { crackedSecret } : {}),
      });
      // The ring may have changed while inspecting: store under the key it was computed for.
      this.results.set(token, { key, inspection });
      this.onResult?.(token, inspection);
      changed = true;
      if (Date.now() - start > SLICE_MS) break;
    }
    this.running = false;
    if (this.disposed) return;
    if (changed) this.onChange();
    if (this.pending > 0) this.kick();
  }
}
