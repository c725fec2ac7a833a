import {
  resolvePackagePath,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubeConfig } from '@kubernetes/client-node';
import { applyManifests, serviceAccountToken } from '@slipway/local-cluster';
import fs from 'node:fs';
import { slipwayPlugin } from '../plugin';

const RBAC = resolvePackagePath(
  '@slipway/backstage-plugin-slipway-backend',
  '../../deploy/rbac/slipway-engine.yaml',
);

const ENGINE_ACCOUNT = { namespace: 'slipway-system', name: 'slipway-engine' };

/**
 * The cluster as app-config would name it for Slipway: its URL and CA, and
 * a token of the engine's least-privilege ServiceAccount from deploy/rbac.
 */
export async function engineClusterConfig(admin: KubeConfig) {
  await applyManifests(admin, fs.readFileSync(RBAC, 'utf8'), 'slipway-tests');
  const token = await serviceAccountToken(admin, ENGINE_ACCOUNT);
  const cluster = admin.getCurrentCluster()!;
  return {
    name: 'local',
    url: cluster.server,
    caData: cluster.caData,
    authProvider: 'serviceAccount',
    serviceAccountToken: token,
  };
}

export const component = (
  name: string,
  environments: string,
  owner = 'user:default/ada',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'slipway.io/environments': environments },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

/** The Slipway backend plugin with a real scheduler and database, reconciling a real cluster. */
export async function startDeliveryBackend(options: {
  cluster: Awaited<ReturnType<typeof engineClusterConfig>>;
  environments: object[];
  entities: Entity[];
  database?: object;
  webhookSecret?: string;
  extraFeatures?: ServiceFactory[];
}) {
  return startTestBackend({
    features: [
      slipwayPlugin,
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: options.database ?? {
              client: 'better-sqlite3',
              connection: ':memory:',
            },
          },
          kubernetes: {
            clusterLocatorMethods: [
              { type: 'config', clusters: [options.cluster] },
            ],
          },
          slipway: {
            environments: options.environments,
            reconcile: { concurrencyPerCluster: 4 },
            ...(options.webhookSecret && {
              webhooks: { github: { secret: options.webhookSecret } },
            }),
          },
        },
      }),
      catalogServiceMock.factory({ entities: options.entities }),
      ...(options.extraFeatures ?? []),
    ],
  });
}

/** Polls `check` until it returns something, or fails after `timeoutMs` with what it last saw. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) {
        return value;
      }
      last = `last saw ${JSON.stringify(value)}`;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}
