import { newKeyId, readKeyRing, removeKey, upsertKey } from '../../lib/key-ring/key-ring.ts';
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

  /** Replaces the ring and persists it. */
  setKeys(keys: KeyEntry[], message?: KeyRingMessage): void {
    this.patch({ keys, version: this.s.version + 1, ...(message ? { message } : {}) });
    this.describe();
    this.store
      ?.save(keys)
      .catch((e: unknown) => this.patch({ error: `The key ring could not be saved: ${String(e)}` }));
  }

  /** Adds a key under a new id. */
  add(entry: Omit<KeyEntry, 'id'>): void {
    this.setKeys(upsertKey(this.s.keys, { ...entry, id: newKeyId(this.s.keys) }));
  }

  /** Saves a key from the form (new or edited). */
  save(entry: KeyEntry): void {
    this.setKeys(upsertKey(this.s.keys, entry), {
      text: `Saved «${entry.label || entry.id}». Every token is verified again.`,
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

  /** Merges a key-ring file into the ring. */
  importFile(text: string): void {
    const parsed = parseKeyRingFile(text);
    if (!parsed.ok) {
      this.patch({ message: { text: parsed.message, error: true } });
      return;
    }
    this.setKeys(mergeKeyRing(this.s.keys, parsed.keys), {
      text: `Imported ${plural(parsed.keys.length, 'key')}${parsed.skipped ? `, skipped ${parsed.skipped} unreadable` : ''}.`,
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
