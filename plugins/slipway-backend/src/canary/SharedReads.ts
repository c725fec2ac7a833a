/**
 * Reads shared by every request that asks within `ttlMs` of each other: many
 * people watching many Canaries make one cluster read per Canary per TTL, not
 * one per open browser tab.
 */
export class SharedReads<T> {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<T> }
  >();

  constructor(private readonly ttlMs: number) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && now - cached.at < this.ttlMs) {
      return cached.value;
    }
    if (this.entries.size > 10_000) {
      this.entries.clear();
    }
    const value = read();
    value.catch(() => this.entries.delete(key));
    this.entries.set(key, { at: now, value });
    return value;
  }
}
