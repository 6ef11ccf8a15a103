import type { Sighting } from '../../lib/capture/model.ts';
import { readTimeClaim, type TimeClaim } from '../../lib/time-claims.ts';
import type { EndpointTrial, KeyEntry, TokenPeers } from '../../lib/types.ts';
import { inspectToken, type InspectFn, type PanelInspection } from './inspect-token.ts';

/** Where a token travelled, as far as its inspection depends on it. */
export interface InspectContext {
  sightings: readonly Sighting[];
  pageUrl?: string;
  /** What the other captured tokens tell its binding checks (lib/oauth linkTokens). */
  peers?: TokenPeers;
  /** `peers` as text: the context is the same while this is (peers are rebuilt on every capture change). */
  peersKey?: string;
  /** What servers answered to its forged variants (a new array whenever a test finishes). */
  endpointTrials?: readonly EndpointTrial[];
}

interface Entry {
  key: string;
  context: InspectContext;
  inspection: PanelInspection;
  /** Epoch ms at which a time rule's verdict changes (exp, nbf or iat passes, with the skew). */
  until: number;
}

/** The next instant after `nowMs` at which exp + skew, nbf − skew or iat − skew passes (Infinity: none). */
function nextTimeTurn(payload: unknown, nowMs: number, skew: number): number {
  let next = Infinity;
  const turns: [TimeClaim['name'], number][] = [
    ['exp', skew],
    ['nbf', -skew],
    ['iat', -skew],
  ];
  for (const [name, shift] of turns) {
    const c = readTimeClaim(payload, name);
    if (c?.seconds === undefined) continue;
    const ms = (c.seconds + shift) * 1000;
    if (ms > nowMs && ms < next) next = ms;
  }
  return next;
}

const NO_CONTEXT: InspectContext = { sightings: [] };

/** The quick secret check of one token run off the main thread: the common secret found, if any. */
export type QuickSecretCheck = (token: string) => Promise<string | undefined>;

const SLICE_MS = 12;

/**
 * Inspects tokens in the background, a time slice at a time, and caches each result per token,
 * key-ring version, clock skew, cracked secret and context (its sightings, the page URL): when the ring
 * changes every token is re-verified, and a token with new sightings is inspected again; the old
 * result is shown until the new one lands. Priority tokens (selected, visible) go first.
 */
export class InspectionCache {
  private results = new Map<string, Entry>();
  private queue = new Set<string>();
  private priority = new Set<string>();
  private keys: KeyEntry[] = [];
  private version = 0;
  private cracked = new Map<string, string>();
  private clockSkew = 0;
  private nextTurn = Infinity;
  private running = false;
  private holdUntil = 0;
  private bulkPaused = false;
  private disposed = false;
  /** Tokens whose off-thread quick check was asked for (once each). */
  private quickAsked = new Set<string>();

  constructor(
    private readonly inspectFn: InspectFn | undefined,
    private readonly onChange: () => void,
    private readonly clock: () => number = Date.now,
    /** Called with each fresh result, e.g. to prepare the token's list row in the background. */
    private readonly onResult?: (token: string, inspection: PanelInspection) => void,
    /** The current context of a token (the same object until it changes). */
    private readonly contextOf: (token: string) => InspectContext = () => NO_CONTEXT,
    /**
     * Runs the quick secret check elsewhere (a Web Worker): tokens are then inspected without it on
     * this thread, and an HS* token is inspected again with the secret the check found.
     */
    private readonly quickCheck?: QuickSecretCheck,
  ) {}

  private askQuickCheck(token: string, inspection: PanelInspection): void {
    const alg = (inspection.header as { alg?: unknown } | undefined)?.alg;
    if (!this.quickCheck || inspection.kind !== 'jws' || typeof alg !== 'string' || !alg.startsWith('HS')) return;
    if (this.quickAsked.has(token)) return;
    this.quickAsked.add(token);
    this.quickCheck(token).then(
      (secret) => {
        // A search's own answer (setCracked) wins; the common secret is only fed in when none is known.
        if (secret !== undefined && !this.disposed && !this.cracked.has(token)) this.setCracked(token, secret);
      },
      // The worker failed: this token simply goes without the quick check.
      () => undefined,
    );
  }

  private sameContext(a: InspectContext, b: InspectContext): boolean {
    return (
      a.sightings === b.sightings &&
      a.pageUrl === b.pageUrl &&
      a.peersKey === b.peersKey &&
      a.endpointTrials === b.endpointTrials
    );
  }

  /** True when the result is for the current ring, cracked secret and context. */
  private isCurrent(token: string): boolean {
    const hit = this.results.get(token);
    return (
      !!hit &&
      hit.key === this.keyOf(token) &&
      this.sameContext(hit.context, this.contextOf(token)) &&
      this.clock() < hit.until
    );
  }

  private keyOf(token: string): string {
    return `${this.version}\u0000${this.clockSkew}\u0000${this.cracked.get(token) ?? ''}`;
  }

  /** Sets the clock-skew tolerance (seconds) the findings are judged with; every token is re-inspected. */
  setClockSkew(seconds: number): void {
    if (seconds === this.clockSkew) return;
    this.clockSkew = seconds;
    for (const token of this.results.keys()) this.queue.add(token);
    this.kick();
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
  get(token: string): PanelInspection | undefined {
    return this.results.get(token)?.inspection;
  }

  /** True when the cached result is for the current ring and cracked secret (its verification is current). */
  isFresh(token: string): boolean {
    return this.results.get(token)?.key === this.keyOf(token);
  }

  /** Asks for these tokens to be inspected (those already current are skipped); `urgent` ones first. */
  request(tokens: Iterable<string>, urgent: Iterable<string> = []): void {
    for (const t of urgent) if (!this.isCurrent(t)) this.priority.add(t);
    for (const t of tokens) if (!this.isCurrent(t)) this.queue.add(t);
    this.kick();
  }

  /**
   * The clock moved on: tokens whose time rules changed their verdict since they were inspected
   * (a token that has just expired gets its `expired` finding) are inspected again.
   */
  tick(): void {
    const now = this.clock();
    if (now < this.nextTurn) return;
    let next = Infinity;
    for (const [token, e] of this.results) {
      if (e.until <= now) this.queue.add(token);
      else if (e.until < next) next = e.until;
    }
    this.nextTurn = next;
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

  /** Keeps background inspection off the thread until `untilMs` (a Date.now() time): the user is typing. */
  hold(untilMs: number): void {
    if (untilMs > this.holdUntil) this.holdUntil = untilMs;
  }

  /**
   * While paused, only priority tokens (selected, visible) are inspected: the panel is building the
   * list's rows, which a keystroke needs first. Resuming runs the rest.
   */
  pauseBulk(paused: boolean): void {
    if (paused === this.bulkPaused) return;
    this.bulkPaused = paused;
    if (!paused && this.queue.size > 0) this.kick();
  }

  private kick(): void {
    if (this.running || this.disposed) return;
    this.running = true;
    setTimeout(() => void this.run(), Math.max(0, this.holdUntil - Date.now()));
  }

  private next(): string | undefined {
    for (const set of this.bulkPaused ? [this.priority] : [this.priority, this.queue]) {
      for (const t of set) {
        set.delete(t);
        if (!this.isCurrent(t)) return t;
      }
    }
    return undefined;
  }

  private async run(): Promise<void> {
    const start = Date.now();
    if (start < this.holdUntil && !this.disposed) {
      setTimeout(() => void this.run(), this.holdUntil - start);
      return;
    }
    let changed = false;
    let token: string | undefined;
    while (!this.disposed && (token = this.next()) !== undefined) {
      const key = this.keyOf(token);
      const context = this.contextOf(token);
      const crackedSecret = this.cracked.get(token);
      const nowMs = this.clock();
      const inspection = await inspectToken(
        token,
        {
          keys: this.keys,
          now: Math.floor(nowMs / 1000),
          clockSkew: this.clockSkew,
          sightings: context.sightings,
          ...(context.pageUrl ? { pageUrl: context.pageUrl } : {}),
          ...(context.peers ? { peers: context.peers } : {}),
          ...(context.endpointTrials ? { endpointTrials: context.endpointTrials } : {}),
          ...(crackedSecret !== undefined ? { crackedSecret } : {}),
          ...(this.quickCheck ? { quickSecretCheck: false } : {}),
        },
        this.inspectFn,
      );
      this.askQuickCheck(token, inspection);
      // The ring may have changed while inspecting: store under the key it was computed for.
      const until = nextTimeTurn(inspection.payload, Math.floor(nowMs / 1000) * 1000, this.clockSkew);
      if (until < this.nextTurn) this.nextTurn = until;
      this.results.set(token, { key, context, inspection, until });
      this.onResult?.(token, inspection);
      changed = true;
      if (Date.now() - start > SLICE_MS) break;
    }
    this.running = false;
    if (this.disposed) return;
    if (changed) this.onChange();
    if (this.priority.size > 0 || (!this.bulkPaused && this.queue.size > 0)) this.kick();
  }
}
