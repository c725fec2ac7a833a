import { PromiseCache } from '../../cache/PromiseCache';
import { ImageRegistry, RegistryTag } from './ImageRegistry';

/**
 * Keeps tag lists for `ttlMs` and digests for `digestTtlMs`, so that the
 * environments of one service, and services sharing an image, read the
 * registry once per interval. A failed read is not kept.
 */
export class CachedRegistry implements ImageRegistry {
  private readonly tags: PromiseCache<RegistryTag[]>;
  private readonly digests: PromiseCache<string>;

  constructor(
    private readonly registry: ImageRegistry,
    ttlMs: number,
    digestTtlMs = 10 * 60_000,
  ) {
    this.tags = new PromiseCache({ ttlMs });
    this.digests = new PromiseCache({ ttlMs: digestTtlMs });
  }

  get description() {
    return this.registry.description;
  }

  listTags(repository: string): Promise<RegistryTag[]> {
    return this.tags.get(repository, () => this.registry.listTags(repository));
  }

  digestOf(repository: string, tag: string): Promise<string> {
    return this.digests.get(`${repository}:${tag}`, () =>
      this.registry.digestOf(repository, tag),
    );
  }
}
