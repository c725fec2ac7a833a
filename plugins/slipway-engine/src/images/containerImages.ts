import { Manifest } from '../render/manifest';
import { parseImageReference, ImageReference } from './imageReference';

type Container = { image?: unknown };

/** The pod spec of a workload, wherever its kind keeps it. */
function podSpecOf(object: Manifest): Record<string, unknown> | undefined {
  const spec = object.spec as Record<string, any> | undefined;
  if (object.kind === 'Pod') {
    return spec;
  }
  if (object.kind === 'CronJob') {
    return spec?.jobTemplate?.spec?.template?.spec;
  }
  return spec?.template?.spec;
}

/**
 * Every container image the objects run, by image name (registry and repository).
 *
 * @public
 */
export function containerImages(
  objects: Manifest[],
): Map<string, ImageReference> {
  const images = new Map<string, ImageReference>();
  for (const object of objects) {
    const pod = podSpecOf(object);
    for (const key of ['initContainers', 'containers']) {
      const containers = (pod?.[key] ?? []) as Container[];
      for (const { image } of Array.isArray(containers) ? containers : []) {
        if (typeof image === 'string' && image !== '') {
          const parsed = parseImageReference(image);
          images.set(parsed.name, parsed);
        }
      }
    }
  }
  return images;
}
