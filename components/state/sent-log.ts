import type { SentRecord } from '../../lib/export/build-report.ts';
import type { FetchText } from '../host.ts';

/** Why JWT Lens sent a request of its own. */
export type SentWhy = 'replay' | 'endpoint-test' | 'fetch-keys' | 'use-in-app';

/** One request JWT Lens sent, as the sent log lists it (status once answered). */
export interface SentEntry extends SentRecord {
  id: number;
  why: SentWhy;
  /** Still waiting for the answer. */
  pending?: boolean;
}

/** The log's entries as the report keeps them (no ids, no pending marks). */
export function sentRecords(entries: readonly SentEntry[]): SentRecord[] {
  return entries.map((e) => ({
    time: e.time,
    method: e.method,
    url: e.url,
    why: e.why,
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.error !== undefined ? { error: e.error } : {}),
  }));
}

/** The log keeps the newest this many. */
export const MAX_SENT_ENTRIES = 500;

/**
 * Every request JWT Lens itself sends (replays, endpoint tests, key fetches, use in app), newest
 * last, in memory for the panel's life; `onChange` is told of each change.
 */
export class SentLog {
  private entries: readonly SentEntry[] = [];
  private nextId = 1;

  constructor(
    private readonly onChange: (entries: readonly SentEntry[]) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The entries, oldest first. */
  get all(): readonly SentEntry[] {
    return this.entries;
  }

  /** Logs a request about to be sent; returns its id for {@link settle}. */
  add(entry: Pick<SentEntry, 'method' | 'url' | 'why'> & { detail?: string }): number {
    const id = this.nextId++;
    const next = [...this.entries, { ...entry, id, time: this.clock(), pending: true }];
    this.entries = next.length > MAX_SENT_ENTRIES ? next.slice(next.length - MAX_SENT_ENTRIES) : next;
    this.onChange(this.entries);
    return id;
  }

  /** Records the answer's status (or the error) of a logged request. */
  settle(id: number, answer: { status: number } | { error: string }): void {
    this.entries = this.entries.map((e) => {
      if (e.id !== id) return e;
      const rest: SentEntry = { ...e };
      delete rest.pending;
      return 'status' in answer ? { ...rest, status: answer.status } : { ...rest, error: answer.error };
    });
    this.onChange(this.entries);
  }

  /** A key fetch that logs every request it makes (`fetch-keys`). */
  wrapFetch(fetchText: FetchText): FetchText {
    return async (url) => {
      const id = this.add({ method: 'GET', url, why: 'fetch-keys' });
      try {
        const answer = await fetchText(url);
        this.settle(id, { status: answer.status });
        return answer;
      } catch (e) {
        this.settle(id, { error: e instanceof Error ? e.message : String(e) });
        throw e;
      }
    };
  }
}
