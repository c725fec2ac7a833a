import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { CoreV1Api } from '@kubernetes/client-node';
import { ChildProcess, spawn } from 'node:child_process';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  acquireTestNamespace,
  resolveBinaries,
  TestNamespace,
} from '@slipway/local-cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  component,
  engineClusterConfig,
  eventually,
} from './__testUtils__/deliveryBackend';
import { kubernetesModuleSlipwayClusters } from './kubernetesClusters/kubernetesModule';
import { slipwayPlugin } from './plugin';

jest.setTimeout(120_000);

const CLUSTER = 'catalogued-cluster';

/** A cluster as the kubernetes backend's catalog locator finds it: a Resource with its API server. */
const clusterResource = (server: string, caData: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: CLUSTER,
    namespace: 'default',
    annotations: {
      'kubernetes.io/api-server': server,
      'kubernetes.io/api-server-certificate-authority': caData,
      // The Kubernetes tab's strategy; Slipway signs in with its own (slipway.clusters).
      'kubernetes.io/auth-provider': 'anonymous',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
});

/** Slipway with the kubernetes backend and its module, delivering orders to the cluster the locator finds. */
async function deliverThroughLocator(options: {
  namespace: string;
  repoDir: string;
  locator: object;
  cluster: object;
  entities?: Entity[];
}) {
  return startTestBackend({
    features: [
      slipwayPlugin,
      kubernetesPlugin,
      kubernetesModuleSlipwayClusters,
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [options.locator],
          },
          slipway: {
            clusters: [options.cluster],
            environments: [
              {
                name: 'located',
                cluster: (options.cluster as { name: string }).name,
                repository: options.repoDir,
                namespaces: [options.namespace],
                interval: 2,
              },
            ],
            catalogRefreshSeconds: 1,
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [...(options.entities ?? []), component('orders', 'located')],
      }),
    ],
  });
}

/**
 * Clusters that only the kubernetes backend's locators know (no URL in
 * slipway.clusters): its Slipway module lends the backend's own cluster
 * supplier, and Slipway delivers to them.
 */
describe('clusters located by the kubernetes backend', () => {
  let testNamespace: TestNamespace;
  let work: string;
  let repoDir: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let proxy: ChildProcess | undefined;

  const applied = (value: string) =>
    eventually(
      `the ConfigMap with ${value} applied`,
      async () => {
        const settings = await testNamespace.kubeConfig
          .makeApiClient(CoreV1Api)
          .readNamespacedConfigMap({
            name: 'orders-settings',
            namespace: testNamespace.namespace,
          })
          .catch(() => undefined);
        return settings?.data?.located === value ? settings : undefined;
      },
      60_000,
    );

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('located-cluster');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-located-cluster-'));
  });
  beforeEach(() => {
    fs.rmSync(path.join(work, 'config'), { recursive: true, force: true });
  });
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
    proxy?.kill();
    proxy = undefined;
  });
  afterAll(async () => {
    await testNamespace?.release();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const commitOrders = (located: string) => {
    const repo = createTestRepository(path.join(work, 'config'));
    repo.commit(
      {
        'clusters/located/orders/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata: { name: orders-settings }
data: { located: ${located} }
`,
      },
      `orders located ${located}`,
    );
    repoDir = repo.dir;
  };

  it('reaches a cluster from the catalog with the URL and CA of its entity', async () => {
    const { namespace, kubeConfig } = testNamespace;
    commitOrders('by-the-catalog');
    const engine = await engineClusterConfig(kubeConfig, [namespace]);
    backend = await deliverThroughLocator({
      namespace,
      repoDir,
      // The local cluster listens on 127.0.0.1, which the locator refuses unless allowed.
      locator: { type: 'catalog', dangerouslyAllowClusterUrls: ['127.0.0.1'] },
      // No url: only the catalog locator knows where this cluster is.
      cluster: {
        name: CLUSTER,
        authProvider: 'serviceAccount',
        serviceAccountToken: engine.serviceAccountToken,
      },
      entities: [clusterResource(engine.url, engine.caData!)],
    });
    expect((await applied('by-the-catalog')).data).toEqual({
      located: 'by-the-catalog',
    });
  });

  it('reaches the cluster behind kubectl proxy (localKubectlProxy: local development)', async () => {
    const { namespace, kubeConfig } = testNamespace;
    commitOrders('through-kubectl-proxy');
    // kubectl proxy signs in as whoever runs it: here the engine's own identity.
    const engine = await engineClusterConfig(kubeConfig, [namespace]);
    const kubeconfigFile = path.join(work, 'engine-kubeconfig.yaml');
    fs.writeFileSync(
      kubeconfigFile,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'local',
            cluster: {
              server: engine.url,
              'certificate-authority-data': engine.caData,
            },
          },
        ],
        users: [
          { name: 'engine', user: { token: engine.serviceAccountToken } },
        ],
        contexts: [
          { name: 'engine', context: { cluster: 'local', user: 'engine' } },
        ],
        'current-context': 'engine',
      }),
    );
    // The kubernetes backend's locator looks for kubectl proxy's default port.
    proxy = spawn(
      resolveBinaries().kubectl,
      ['proxy', '--port=8001', `--kubeconfig=${kubeconfigFile}`],
      { stdio: 'ignore' },
    );
    await eventually(
      'kubectl proxy to answer on :8001',
      () =>
        fetch('http://127.0.0.1:8001/version').then(
          res => res.ok || undefined,
          () => undefined,
        ),
      20_000,
    );
    backend = await deliverThroughLocator({
      namespace,
      repoDir,
      locator: { type: 'localKubectlProxy' },
      // The locator's cluster is called local; no token, the proxy adds its own.
      cluster: { name: 'local', authProvider: 'localKubectlProxy' },
    });
    expect((await applied('through-kubectl-proxy')).data).toEqual({
      located: 'through-kubectl-proxy',
    });
  });
});
