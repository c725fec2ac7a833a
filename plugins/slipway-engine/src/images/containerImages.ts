import { Manifest } from '../render/manifest';
import { parseImageReference, ImageReference } from './imageReference';

type Container = { image?: unknown };

/** Any object that may run pods: a manifest as rendered, or one as the API server returned it. */
type Workload = { kind?: string; spec?: unknown };

type ContainerList = 'initContainers' | 'containers';

/** The pod spec of a workload, wherever its kind keeps it. */
function podSpecOf(object: Workload): Record<string, unknown> | undefined {
  const spec = object.spec as Record<string, any> | undefined;
  if (object.kind === 'Pod') {
    return spec;
  }
  if (object.kind === 'CronJob') {
    return spec?.jobTemplate?.spec?.template?.spec;
  }
  return spec?.template?.spec;
}

/** The image of every container in these lists of the objects' pods, in order, repeats included. */
export function* containerImageNames(
  objects: Workload[],
  lists: ContainerList[] = ['initContainers', 'containers'],
): Generator<string> {
  for (const object of objects) {
    const pod = podSpecOf(object);
    for (const key of lists) {
      const containers = (pod?.[key] ?? []) as Container[];
      for (const { image } of Array.isArray(containers) ? containers : []) {
        if (typeof image === 'string' && image !== '') {
          yield image;
        }
      }
    }
  }
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
  for (const image of containerImageNames(objects)) {
    const parsed = parseImageReference(image);
    images.set(parsed.name, parsed);
  }
  return images;
}

/**
 * Every container image (init containers first) the workloads run, each
 * once, in order, as written.
 *
 * @public
 */
export function workloadImages(
  objects: Array<{ kind?: string; spec?: unknown }>,
): string[] {
  return [...new Set(containerImageNames(objects))];
}
