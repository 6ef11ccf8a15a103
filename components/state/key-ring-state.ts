import {
  keyEntryProblem,
  newKeyId,
  readKeyRing,
  removeKey,
  ringSizeProblem,
  upsertKey,
} from '../../lib/key-ring/key-ring.ts';
import { exportKeyRing, mergeKeyRing, parseKeyRingFile } from '../../lib/key-ring/ring-file.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { describeKeys, type KeyFacts } from '../../lib/verify/index.ts';
import type { FetchText, KeyRingStore } from '../host.ts';
import { fetchJwks } from './jwks-fetch.ts';

/** A line the key-ring view shows after an action. */
export interface KeyRingMessage {
  text: string;
  error?: boolean;
}

/** The key ring as the panel uses it. */
export interface KeyRingState {
  keys: KeyEntry[];
  /** Bumped on every change, so inspections can be cached per ring version. */
  version: number;
  loaded: boolean;
  facts: ReadonlyMap<string, KeyFacts>;
  /** Loading or saving failed, or stored entries were unreadable. */
  error?: string;
  message?: KeyRingMessage;
  /** A JWKS fetch is running. */
  fetching: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Why a key cannot be stored, from the engine's key facts; undefined when it is usable. */
export function keyProblem(facts: KeyFacts | undefined): string | undefined {
  if (!facts) return 'The key could not be read.';
  if (facts.kind === 'invalid' || (facts.error && facts.kind !== 'set'))
    return facts.error?.message ?? 'The key is unusable.';
  if (facts.kind === 'set' && facts.error && !facts.members?.some((m) => !m.error)) return facts.error.message;
  return undefined;
}

/** Why an entry cannot be saved (too large, malformed), as a sentence for the key form; undefined when it can. */
export function saveProblem(ring: readonly KeyEntry[], entry: KeyEntry): string | undefined {
  const own = keyEntryProblem(entry);
  if (own) return `Not saved: ${own}.`;
  const whole = ringSizeProblem(upsertKey(ring, entry));
  return whole ? `Not saved: ${whole}.` : undefined;
}

const nameOf = (k: { id: string; label?: string }) => `«${k.label || k.id}»`;

/**
 * The key ring's state and its operations: loaded once from its store, every change saved and
 * each key described (its facts) in the background. Reports every change through `onChange`.
 */
export class KeyRingModel {
  private s: KeyRingState;

  constructor(
    private readonly store: KeyRingStore | undefined,
    private readonly onChange: (state: KeyRingState) => void,
  ) {
    this.s = { keys: [], version: 0, loaded: !store, facts: new Map(), fetching: false };
  }

  /** The current state. */
  get state(): KeyRingState {
    return this.s;
  }

  private patch(p: Partial<KeyRingState>): void {
    this.s = { ...this.s, ...p };
    this.onChange(this.s);
  }

  /** Loads the stored ring (a change made before it lands wins). */
  async load(): Promise<void> {
    if (!this.store) return;
    try {
      const { keys, dropped } = readKeyRing(await this.store.load());
      const ours = this.s.version > 0;
      this.patch({
        keys: ours ? this.s.keys : keys,
        version: this.s.version + 1,
        loaded: true,
        ...(dropped
          ? { error: `${dropped} stored key entr${dropped === 1 ? 'y was' : 'ies were'} unreadable and ignored.` }
          : {}),
      });
      if (!ours) this.describe();
    } catch (e) {
      this.patch({ loaded: true, error: `The key ring could not be loaded: ${String(e)}` });
    }
  }

  private describe(): void {
    const keys = this.s.keys;
    void describeKeys(keys).then((list) => {
      if (this.s.keys === keys) this.patch({ facts: new Map(list.map((f) => [f.id, f])) });
    });
  }

  /** Forgets the last action's message (the view opens afresh). */
  clearMessage(): void {
    if (this.s.message) {
      this.s = { ...this.s };
      delete this.s.message;
      this.onChange(this.s);
    }
  }

  /**
   * Replaces the ring and persists it. A ring that could not be read back (an entry too large or
   * malformed, the whole too big for storage) is refused with a message, and a failed write is
   * undone: what the view shows is what a reopen finds. False when refused.
   */
  setKeys(keys: KeyEntry[], message?: KeyRingMessage): boolean {
    const before = new Set(this.s.keys);
    for (const k of keys) {
      const problem = before.has(k) ? undefined : keyEntryProblem(k);
      if (problem) {
        this.patch({ message: { text: `${nameOf(k)} was not saved: ${problem}.`, error: true } });
        return false;
      }
    }
    const tooBig = keys.length >= this.s.keys.length ? ringSizeProblem(keys) : undefined;
    if (tooBig) {
      this.patch({ message: { text: `Not saved: ${tooBig}.`, error: true } });
      return false;
    }
    const previous = this.s.keys;
    this.patch({ keys, version: this.s.version + 1, ...(message ? { message } : {}) });
    this.describe();
    this.store?.save(keys).catch((e: unknown) => {
      if (this.s.keys !== keys) return;
      this.patch({
        keys: previous,
        version: this.s.version + 1,
        message: { text: `The key ring could not be saved, the change is undone: ${String(e)}`, error: true },
      });
      this.describe();
    });
    return true;
  }

  /** Adds a key under a new id. */
  add(entry: Omit<KeyEntry, 'id'>): void {
    this.setKeys(upsertKey(this.s.keys, { ...entry, id: newKeyId(this.s.keys) }));
  }

  /** Saves a key from the form (new or edited). */
  save(entry: KeyEntry): void {
    this.setKeys(upsertKey(this.s.keys, entry), {
      text: `Saved ${nameOf(entry)}. Every token is verified again.`,
    });
  }

  /** Removes a key. */
  remove(id: string): void {
    const k = this.s.keys.find((e) => e.id === id);
    if (k) this.setKeys(removeKey(this.s.keys, id), { text: `Removed «${k.label || k.id}».` });
  }

  /** Fetches a JWK Set by URL and stores it. */
  async fetchJwks(fetchText: FetchText, url: string): Promise<void> {
    this.patch({ fetching: true });
    try {
      const got = await fetchJwks(fetchText, url);
      const label = `JWKS ${new URL(got.url).host}`;
      this.setKeys(
        upsertKey(this.s.keys, { id: newKeyId(this.s.keys), label, material: got.material, format: 'jwks' }),
        {
          text: `Added «${label}» from ${got.url}.`,
        },
      );
    } catch (err) {
      this.patch({ message: { text: err instanceof Error ? err.message : String(err), error: true } });
    } finally {
      this.patch({ fetching: false });
    }
  }

  /**
   * Merges a key-ring file into the ring. Every key is checked (shape, size, and that the engine can
   * use it); the ones that fail are named with their reason and left out.
   */
  async importFile(text: string): Promise<void> {
    const parsed = parseKeyRingFile(text);
    if (!parsed.ok) {
      this.patch({ message: { text: parsed.message, error: true } });
      return;
    }
    const failures = (parsed.rejected ?? []).map(
      (r) => `${r.name ? `«${r.name}»` : `entry ${r.index + 1}`}: ${r.reason}`,
    );
    const facts = await describeKeys(parsed.keys);
    const usable = parsed.keys.filter((k, i) => {
      const problem = keyProblem(facts[i]);
      if (problem) failures.push(`${nameOf(k)}: ${problem}`);
      return !problem;
    });
    const failed = failures.length ? `; ${plural(failures.length, 'key')} not imported — ${failures.join('; ')}` : '';
    if (usable.length === 0) {
      this.patch({ message: { text: `Imported no keys${failed}.`, error: true } });
      return;
    }
    this.setKeys(mergeKeyRing(this.s.keys, usable), {
      text: `Imported ${plural(usable.length, 'key')}${failed}.`,
      ...(failures.length ? { error: true } : {}),
    });
  }

  /** The ring as a file to download (secrets left out unless asked for). */
  exportFile(includeSecrets: boolean): string {
    const out = exportKeyRing(this.s.keys, { includeSecrets });
    this.patch({
      message: {
        text: `Exported ${plural(out.exported, 'key')}${out.withheld ? `; ${out.withheld} with secrets left out` : ''}.`,
      },
    });
    return out.text;
  }
}
