import path from 'node:path';
import { parseImageReference } from '@slipway/engine';
import { SLIPWAY_LABELS } from '@slipway/backstage-plugin-slipway-common';
import { NewServiceOptions, toYaml } from './newServiceOptions';
import { serviceObjects } from './serviceObjects';

/**
 * A new service as a kustomize base and one overlay per environment setting
 * its namespace, labels and image.
 */
export function kustomizeLayout(
  options: NewServiceOptions,
): Record<string, string> {
  const image = parseImageReference(options.image);
  const files: Record<string, string> = {};
  const objects = serviceObjects(options, { image: image.name });
  for (const [file, object] of Object.entries(objects)) {
    files[path.posix.join(options.basePath, file)] = toYaml(object);
  }
  files[path.posix.join(options.basePath, 'kustomization.yaml')] = toYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: Object.keys(objects),
    labels: [{ pairs: { [SLIPWAY_LABELS.service]: options.name } }],
  });

  for (const env of options.environments) {
    files[path.posix.join(env.path, 'kustomization.yaml')] = toYaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: env.namespace,
      resources: [path.posix.relative(env.path, options.basePath)],
      labels: [{ pairs: { [SLIPWAY_LABELS.environment]: env.name } }],
      images: [
        {
          name: image.name,
          ...(image.tag && { newTag: image.tag }),
          ...(image.digest && { digest: image.digest }),
        },
      ],
    });
  }
  return files;
}
