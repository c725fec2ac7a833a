import {
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { ENGINE_ACCOUNT } from '@slipway/backstage-plugin-slipway-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubeConfig } from '@kubernetes/client-node';
import {
  applyManifests,
  engineRbacManifests,
  serviceAccountToken,
  waitFor,
} from '@slipway/local-cluster';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { slipwayPlugin } from '../plugin';

/**
 * The cluster as app-config would name it for Slipway: its URL and CA, and
 * a token of the engine's least-privilege ServiceAccount (the cluster kit),
 * allowed to write in `namespaces` only.
 */
export async function engineClusterConfig(
  admin: KubeConfig,
  namespaces: string[],
) {
  await applyManifests(
    admin,
    engineRbacManifests([
      { name: 'tests', namespaces, clusterScopedKinds: [] },
    ]),
    'slipway-tests',
  );
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

/** The kubernetes plugin's view of the cluster: its URL and CA, no token (Slipway's is its own). */
export function clusterConfig(cluster: EngineCluster) {
  const { serviceAccountToken: _token, ...rest } = cluster;
  return {
    kubernetes: {
      clusterLocatorMethods: [{ type: 'config', clusters: [rest] }],
    },
  };
}

/** `slipway.clusters` for the cluster: the engine's token, URL and CA reused from the kubernetes plugin's entry. */
export function engineCredentials(cluster: EngineCluster) {
  return {
    name: cluster.name,
    authProvider: 'serviceAccount',
    serviceAccountToken: cluster.serviceAccountToken,
  };
}

type EngineCluster = Awaited<ReturnType<typeof engineClusterConfig>>;

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
  /** app-config `slipway.canary`. */
  canary?: object;
  /** More of app-config `slipway.reconcile`, e.g. kustomizePath. */
  reconcile?: object;
  /** app-config `slipway.imageAutomation`. */
  imageAutomation?: object;
  extraFeatures?: ServiceFactory[];
  /** The catalog, when the test changes it: see mutableCatalog. */
  catalog?: ServiceFactory;
  /** app-config `slipway.catalogRefreshSeconds`. */
  catalogRefreshSeconds?: number;
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
          ...clusterConfig(options.cluster),
          slipway: {
            clusters: [engineCredentials(options.cluster)],
            environments: options.environments,
            ...(options.catalogRefreshSeconds && {
              catalogRefreshSeconds: options.catalogRefreshSeconds,
            }),
            reconcile: { concurrencyPerCluster: 4, ...options.reconcile },
            ...(options.canary && { canary: options.canary }),
            ...(options.imageAutomation && {
              imageAutomation: options.imageAutomation,
            }),
            ...(options.webhookSecret && {
              webhooks: { github: { secret: options.webhookSecret } },
            }),
          },
        },
      }),
      options.catalog ??
        catalogServiceMock.factory({ entities: options.entities }),
      ...(options.extraFeatures ?? []),
    ],
  });
}

/**
 * A catalog whose entities the test changes while the backend runs: each
 * call reads the list as it is then. Users in `hiddenFrom` read none of
 * them, as with a catalog permission policy that denies them.
 */
export function mutableCatalog(
  entities: Entity[],
  options: { hiddenFrom?: string[] } = {},
) {
  const current = () => catalogServiceMock({ entities });
  const hidden = (args: unknown[]) =>
    args.some(a =>
      options.hiddenFrom?.includes(
        (a as any)?.credentials?.principal?.userEntityRef,
      ),
    );
  const service = new Proxy({} as ReturnType<typeof catalogServiceMock>, {
    // Only the client's own methods: `then` must stay undefined, or it looks like a promise.
    get: (_target, method) =>
      typeof (current() as any)[method] === 'function'
        ? (...args: unknown[]) =>
            method === 'getEntityByRef' && hidden(args)
              ? Promise.resolve(undefined)
              : (current() as any)[method](...args)
        : undefined,
  });
  return {
    entities,
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => service,
    }),
  };
}

/** POSTs a GitHub push event for `repository` and `branch`, signed as GitHub signs it. */
export function pushWebhook(
  server: Parameters<typeof request>[0],
  options: {
    secret: string;
    repository: string;
    branch?: string;
    /** X-GitHub-Delivery: GitHub's id of this delivery. */
    delivery?: string;
  },
) {
  const body = JSON.stringify({
    ref: `refs/heads/${options.branch ?? 'main'}`,
    repository: { clone_url: options.repository },
  });
  const signature = createHmac('sha256', options.secret)
    .update(body)
    .digest('hex');
  return request(server)
    .post('/api/slipway/webhooks/github')
    .set('content-type', 'application/json')
    .set('x-github-event', 'push')
    .set('x-hub-signature-256', `sha256=${signature}`)
    .set(options.delivery ? { 'x-github-delivery': options.delivery } : {})
    .send(body);
}

/** The local cluster's waitFor, for checks that answer `false` while not there yet. */
export function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  return waitFor(what, async () => (await check()) || undefined, timeoutMs);
}
