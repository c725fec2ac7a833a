import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  SLIPWAY_ANNOTATIONS,
  SlipwayEnvironment,
} from '@slipway/backstage-plugin-slipway-common';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * What one service may write in one environment.
 *
 * @public
 */
export type WritePolicy = {
  /** The namespaces it may write; the first takes objects without one. */
  namespaces: string[];
  clusterScopedKinds: string[];
  deniedKinds: string[];
};

/**
 * The environment's namespaces with `{service}` filled in; an invalid result is an error naming it.
 *
 * @public
 */
export function namespacesFor(
  environment: Pick<SlipwayEnvironment, 'name' | 'namespaces'>,
  service: string,
): string[] {
  const allowed = environment.namespaces.map(n =>
    n.replaceAll('{service}', service),
  );
  const bad = allowed.find(n => n.length > 63 || !DNS_LABEL.test(n));
  if (bad) {
    throw new InputError(
      `Namespace "${bad}" (slipway.environments ${environment.name} namespaces, for service ${service}) is not a valid namespace name`,
    );
  }
  return allowed;
}

/**
 * The environment's write policy for a service: its namespaces with
 * `{service}` filled in, narrowed by the entity's `slipway.io/namespaces`
 * annotation. The annotation may only narrow: a namespace app-config does
 * not allow is an error naming it, never an extra grant.
 *
 * @public
 */
export function writePolicyOf(
  entity: Entity,
  environment: SlipwayEnvironment,
  service: string,
): WritePolicy {
  const allowed = namespacesFor(environment, service);
  const raw = entity.metadata.annotations?.[SLIPWAY_ANNOTATIONS.namespaces];
  let namespaces = allowed;
  if (raw !== undefined) {
    const wanted = raw
      .split(',')
      .map(n => n.trim())
      .filter(Boolean);
    const outside = wanted.filter(n => !allowed.includes(n));
    if (wanted.length === 0 || outside.length > 0) {
      throw new InputError(
        `Annotation ${SLIPWAY_ANNOTATIONS.namespaces} may only narrow what ${
          environment.name
        } allows (${allowed.join(', ')}); ${
          wanted.length === 0
            ? 'it names none'
            : `it names ${outside.join(', ')}`
        }`,
      );
    }
    namespaces = wanted;
  }
  return {
    namespaces,
    clusterScopedKinds: environment.clusterScopedKinds,
    deniedKinds: environment.deniedKinds,
  };
}
