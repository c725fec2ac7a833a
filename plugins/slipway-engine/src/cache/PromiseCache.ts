type Entry<T> = { at: number; value: Promise<T> };

/**
 * What a {@link PromiseCache} keeps, and for how long.
 *
 * @public
 */
export type PromiseCacheOptions = {
  /** How long a value is reused after its read started; for ever by default. */
  ttlMs?: number;
  /** Most entries kept; the least recently used go first. Unbounded by default. */
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
};

/**
 * Reads shared by every caller that asks for the same key while one is in
 * flight or fresh: the value is the read's promise, so callers asking
 * together wait for one read. A read that fails is forgotten, unless a newer
 * read of the key has taken its place meanwhile, so the next caller tries
 * again and a failure never evicts a newer value.
 *
 * @public
 */
export class PromiseCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: PromiseCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? Infinity;
    this.maxEntries = options.maxEntries ?? Infinity;
    this.now = options.now ?? Date.now;
  }

  /**
   * The key's value: the one read or being read within the TTL (and, with
   * `notBefore`, started at that time or later), else a new read.
   */
  get(
    key: string,
    read: () => Promise<T>,
    options: { notBefore?: number; refresh?: boolean } = {},
  ): Promise<T> {
    const now = this.now();
    const cached = this.entries.get(key);
    if (
      cached &&
      !options.refresh &&
      now - cached.at < this.ttlMs &&
      cached.at >= (options.notBefore ?? -Infinity)
    ) {
      // Most recently used last, so the least recently used goes first.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.value;
    }
    const entry = { at: now, value: read() };
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) {
        this.entries.delete(key);
      }
    });
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) {
        break;
      }
      this.entries.delete(oldest);
    }
    return entry.value;
  }

  /** The key's value as kept, without reading or counting as a use. */
  peek(key: string): Promise<T> | undefined {
    return this.entries.get(key)?.value;
  }

  /** The keys kept, least recently used first. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Forgets the key's value; the next get reads again. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
