import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  SLIPWAY_ANNOTATIONS,
  SlipwayEnvironment,
} from '@slipway/backstage-plugin-slipway-common';
import {
  deliveryTargetsOf,
  imageAutomationOf,
  writePolicyOf,
} from '@slipway/backstage-plugin-slipway-node';
import { redactUrl } from '@slipway/engine';
import { TargetDefinition, targetIdOf } from '../store/types';

/**
 * Every (service, environment) the catalog asks for: Components annotated
 * `slipway.io/environments`. An entity with bad annotations is logged and
 * skipped (it keeps what it holds, see resolveClaims); the others are still
 * delivered. Who may deliver which is decided by DeliveryStore.syncCatalog.
 */
export async function targetsFromCatalog(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  environments: SlipwayEnvironment[];
}): Promise<{ candidates: TargetDefinition[]; unreadable: Set<string> }> {
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
  const unreadable = new Set<string>();
  for (const entity of items) {
    const entityRef = stringifyEntityRef(entity);
    try {
      definitions.push(...definitionsOf(entity, entityRef, environments));
    } catch (error) {
      logger.warn(`Not delivering ${entityRef}: ${(error as Error).message}`);
      unreadable.add(entityRef);
    }
  }
  return { candidates: definitions, unreadable };
}

function definitionsOf(
  entity: Entity,
  entityRef: string,
  environments: SlipwayEnvironment[],
): TargetDefinition[] {
  return deliveryTargetsOf(entity, environments).map(target => {
    const env = environments.find(e => e.name === target.environment)!;
    const policy = writePolicyOf(entity, env, target.service);
    return {
      id: targetIdOf(entityRef, target.environment),
      entityRef,
      spec: {
        ...target,
        // Stored and served without user-info; credentialsFor knows the rest.
        repository: redactUrl(target.repository),
        defaultNamespace: policy.namespaces[0],
        allowedNamespaces: policy.namespaces,
        kindPolicy: {
          clusterScopedKinds: policy.clusterScopedKinds,
          deniedKinds: policy.deniedKinds,
        },
        adoptUnlabelled: env.adoptUnlabelled,
        pruneLimits: env.prune,
        driftMode: env.driftMode,
        maskRules: env.mask,
        kustomizeRemoteBases: env.kustomize.remoteBases,
        intervalSeconds: env.interval,
        progressDeadlineSeconds: env.progressDeadlineSeconds,
        imageAutomation: imageAutomationOf(entity, env),
        ...(env.freezeWindows?.length && { freezeWindows: env.freezeWindows }),
      },
    };
  });
}
