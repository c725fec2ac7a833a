import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  SLIPWAY_ANNOTATIONS,
  SlipwayEnvironment,
} from '@slipway/backstage-plugin-slipway-common';
import {
  deliveryTargetsOf,
  imageAutomationOf,
} from '@slipway/backstage-plugin-slipway-node';
import { TargetDefinition, targetIdOf } from '../store/types';

/**
 * Every (service, environment) the catalog asks for: Components annotated
 * `slipway.io/environments`. An entity with bad annotations is logged and
 * skipped; the others are still delivered.
 */
export async function targetsFromCatalog(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  environments: SlipwayEnvironment[];
}): Promise<TargetDefinition[]> {
  const { catalog, auth, logger, environments } = options;
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Component',
        [`metadata.annotations.${SLIPWAY_ANNOTATIONS.environments}`]:
          CATALOG_FILTER_EXISTS,
      },
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  const definitions: TargetDefinition[] = [];
  for (const entity of items) {
    const entityRef = stringifyEntityRef(entity);
    let targets;
    try {
      targets = deliveryTargetsOf(entity, environments);
    } catch (error) {
      logger.warn(`Not delivering ${entityRef}: ${(error as Error).message}`);
      continue;
    }
    for (const target of targets) {
      const env = environments.find(e => e.name === target.environment)!;
      definitions.push({
        id: targetIdOf(entityRef, target.environment),
        entityRef,
        spec: {
          ...target,
          defaultNamespace: env.namespaces?.[0] ?? env.name,
          allowedNamespaces: env.namespaces,
          driftMode: env.driftMode,
          intervalSeconds: env.interval,
          progressDeadlineSeconds: env.progressDeadlineSeconds,
          imageAutomation: imageAutomationOf(entity, env),
        },
      });
    }
  }
  return definitions;
}
