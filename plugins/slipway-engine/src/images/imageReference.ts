/**
 * A container image reference split into the parts promotion and automation change.
 *
 * @public
 */
export type ImageReference = {
  /** Registry and repository, e.g. `ghcr.io/acme/checkout`. */
  name: string;
  tag?: string;
  digest?: string;
};

/**
 * Splits `registry/repo[:tag][@digest]`. A colon only starts a tag after
 * the last slash, so `localhost:5000/web` is a name without a tag.
 *
 * @public
 */
export function parseImageReference(reference: string): ImageReference {
  const [withoutDigest, digest] = reference.split('@', 2);
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  return {
    name: hasTag ? withoutDigest.slice(0, colon) : withoutDigest,
    ...(hasTag && { tag: withoutDigest.slice(colon + 1) }),
    ...(digest && { digest }),
  };
}

/**
 * Writes an image reference back as text: registry/repository, then `:tag` and `@digest` when given.
 *
 * @public
 */
export function formatImageReference(image: ImageReference): string {
  return `${image.name}${image.tag ? `:${image.tag}` : ''}${
    image.digest ? `@${image.digest}` : ''
  }`;
}

const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REFERENCE = new RegExp(
  `^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*` +
    '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$',
);

/**
 * Whether a string is a well-formed image reference, as the OCI distribution spec writes them.
 *
 * @public
 */
export function isImageReference(reference: string): boolean {
  return IMAGE_REFERENCE.test(reference);
}
