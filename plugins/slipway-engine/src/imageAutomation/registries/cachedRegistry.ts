import { ImageRegistry, RegistryTag } from './ImageRegistry';

/**
 * Keeps tag lists for `ttlMs` and digests for `digestTtlMs`, so that the
 * environments of one service, and services sharing an image, read the
 * registry once per interval. A failed read is not kept.
 */
export class CachedRegistry implements ImageRegistry {
  private readonly tags = new Map<
    string,
    { at: number; value: Promise<RegistryTag[]> }
  >();
  private readonly digests = new Map<
    string,
    { at: number; value: Promise<string> }
  >();

  constructor(
    private readonly registry: ImageRegistry,
    private readonly ttlMs: number,
    private readonly digestTtlMs = 10 * 60_000,
  ) {}

  get description() {
    return this.registry.description;
  }

  listTags(repository: string): Promise<RegistryTag[]> {
    return cached(this.tags, repository, this.ttlMs, () =>
      this.registry.listTags(repository),
    );
  }

  digestOf(repository: string, tag: string): Promise<string> {
    return cached(this.digests, `${repository}:${tag}`, this.digestTtlMs, () =>
      this.registry.digestOf(repository, tag),
    );
  }
}

function cached<T>(
  entries: Map<string, { at: number; value: Promise<T> }>,
  key: string,
  ttlMs: number,
  read: () => Promise<T>,
): Promise<T> {
  const now = Date.now();
  const entry = entries.get(key);
  if (entry && now - entry.at < ttlMs) {
    return entry.value;
  }
  const value = read();
  entries.set(key, { at: now, value });
  value.catch(() => {
    if (entries.get(key)?.value === value) {
      entries.delete(key);
    }
  });
  return value;
}
