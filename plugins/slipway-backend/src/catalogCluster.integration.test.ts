import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { CoreV1Api } from '@kubernetes/client-node';
import { createTestRepository } from '@slipway/engine';
import { acquireTestNamespace, TestNamespace } from '@slipway/local-cluster';
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

/**
 * A cluster that only the kubernetes backend's catalog locator knows (no
 * URL in app-config): its Slipway module lends the backend's own cluster
 * supplier, and Slipway delivers to that cluster with its engine identity.
 */
describe('a cluster located by the kubernetes backend from the catalog', () => {
  let testNamespace: TestNamespace;
  let work: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('catalog-cluster');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-catalog-cluster-'));
  });
  afterAll(async () => {
    await backend?.stop();
    await testNamespace?.release();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('is reached with the URL and CA of its catalog entity', async () => {
    const { namespace, kubeConfig } = testNamespace;
    const repo = createTestRepository(path.join(work, 'config'));
    repo.commit(
      {
        'clusters/catalogued/orders/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata: { name: orders-settings }
data: { located: by-the-catalog }
`,
      },
      'orders in a catalogued cluster',
    );
    const engine = await engineClusterConfig(kubeConfig, [namespace]);
    backend = await startTestBackend({
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
              clusterLocatorMethods: [
                // The local cluster listens on 127.0.0.1, which the locator refuses unless allowed.
                { type: 'catalog', dangerouslyAllowClusterUrls: ['127.0.0.1'] },
              ],
            },
            slipway: {
              // No url: only the catalog locator knows where this cluster is.
              clusters: [
                {
                  name: CLUSTER,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: engine.serviceAccountToken,
                },
              ],
              environments: [
                {
                  name: 'catalogued',
                  cluster: CLUSTER,
                  repository: repo.dir,
                  namespaces: [namespace],
                  interval: 2,
                },
              ],
              catalogRefreshSeconds: 1,
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            clusterResource(engine.url, engine.caData!),
            component('orders', 'catalogued'),
          ],
        }),
      ],
    });

    const settings = await eventually(
      'the ConfigMap applied to the catalogued cluster',
      () =>
        kubeConfig
          .makeApiClient(CoreV1Api)
          .readNamespacedConfigMap({ name: 'orders-settings', namespace })
          .catch(() => undefined),
      60_000,
    );
    expect(settings.data).toEqual({ located: 'by-the-catalog' });
  });
});
