import type { KubeConfig } from '@kubernetes/client-node';
import { ENGINE_ACCOUNT } from '@slipway/backstage-plugin-slipway-node';
import { applyManifests } from './applyManifests';
import { engineRbacManifests } from './clusterKit';
import { serviceAccountToken } from './serviceAccountToken';

/**
 * The cluster as app-config would name it for Slipway: its URL and CA, and
 * a token of the engine's least-privilege ServiceAccount (the cluster kit),
 * allowed to write where the environments say.
 */
export async function engineCluster(
  admin: KubeConfig,
  options: {
    name: string;
    environments: Array<{
      name: string;
      namespaces: string[];
      clusterScopedKinds?: string[];
    }>;
    /** The field manager the kit's RBAC is applied with. */
    fieldManager: string;
    tokenSeconds?: number;
  },
) {
  await applyManifests(
    admin,
    engineRbacManifests(
      options.environments.map(e => ({
        ...e,
        clusterScopedKinds: e.clusterScopedKinds ?? [],
      })),
    ),
    options.fieldManager,
  );
  const token = await serviceAccountToken(
    admin,
    ENGINE_ACCOUNT,
    options.tokenSeconds,
  );
  const cluster = admin.getCurrentCluster()!;
  return {
    name: options.name,
    url: cluster.server,
    caData: cluster.caData,
    authProvider: 'serviceAccount',
    serviceAccountToken: token,
  };
}

/** The cluster `local` for a test, the engine allowed to write in `namespaces` only. */
export const engineClusterConfig = (admin: KubeConfig, namespaces: string[]) =>
  engineCluster(admin, {
    name: 'local',
    environments: [{ name: 'tests', namespaces }],
    fieldManager: 'slipway-tests',
  });

/** A cluster as {@link engineCluster} names it. */
export type EngineCluster = Awaited<ReturnType<typeof engineCluster>>;

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

/** What a test backend's app-config says about Slipway. */
export type SlipwayTestConfig = {
  cluster: EngineCluster;
  environments: object[];
  database?: object;
  webhookSecret?: string;
  /** app-config `slipway.canary`. */
  canary?: object;
  /** More of app-config `slipway.reconcile`, e.g. kustomizePath. */
  reconcile?: object;
  /** app-config `slipway.imageAutomation`. */
  imageAutomation?: object;
  /** app-config `slipway.catalogRefreshSeconds`. */
  catalogRefreshSeconds?: number;
};

/**
 * The app-config of a test backend running Slipway on the cluster: an
 * in-memory database unless given, the kubernetes plugin's cluster entry
 * and Slipway's own.
 */
export function slipwayAppConfig(options: SlipwayTestConfig) {
  return {
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
  };
}

/** A Component of the catalog delivered to the environments (comma-separated). */
export const serviceEntity = (
  name: string,
  environments: string,
  owner = 'user:default/ada',
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'slipway.io/environments': environments },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
});
