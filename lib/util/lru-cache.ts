/** A bounded map that forgets the least recently used entry first. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The value for a key, marking it most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  /** The value for a key, leaving the order of use as it is. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Stores a value, dropping the least recently used entry beyond the limit. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as K);
  }

  /** Number of entries kept. */
  get size(): number {
    return this.map.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.map.clear();
  }
}
