/**
 * A tag in a registry, with its manifest digest when the listing gives it.
 *
 * @public
 */
export type RegistryTag = { tag: string; digest?: string };

/**
 * Where image automation reads the tags of an image repository.
 *
 * @public
 */
export interface ImageRegistry {
  /** For messages: `ghcr.io`, `ECR 123456789012 in eu-west-1`. */
  readonly description: string;
  /** Every tag of the repository (all pages). */
  listTags(repository: string): Promise<RegistryTag[]>;
  /** The manifest digest (`sha256:…`) a tag points at now. */
  digestOf(repository: string, tag: string): Promise<string>;
}

/**
 * The registry could not be read; the message says which and why.
 *
 * @public
 */
export class RegistryError extends Error {
  constructor(
    message: string,
    /** The registry's HTTP status, when it answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}
