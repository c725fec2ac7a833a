import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DeliveryTarget,
  parseServiceAnnotations,
  SlipwayEnvironment,
} from '@slipway/backstage-plugin-slipway-common';
import { servicePath } from '@slipway/engine';

/**
 * The (service, environment) pairs an entity is delivered to, in the
 * promotion order of app-config, with the config-repo path of each.
 *
 * @public
 */
export function deliveryTargetsOf(
  entity: Entity,
  environments: SlipwayEnvironment[],
): DeliveryTarget[] {
  const parsed = parseServiceAnnotations(entity);
  if (!parsed.ok) {
    throw new InputError(parsed.message);
  }
  const { service, environments: wanted, path } = parsed.value;
  const unknown = wanted.filter(w => !environments.some(e => e.name === w));
  if (unknown.length > 0) {
    throw new InputError(
      `Annotation slipway.io/environments names ${unknown.join(
        ', ',
      )}, which app-config slipway.environments does not define (defined: ${
        environments.map(e => e.name).join(', ') || 'none'
      })`,
    );
  }
  return environments
    .filter(env => wanted.includes(env.name))
    .map(env => ({
      service,
      environment: env.name,
      cluster: env.cluster,
      repository: env.repository,
      branch: env.branch,
      path: path ?? servicePath(env.path, { environment: env.name, service }),
    }));
}
