import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import {
  acquireTestNamespace,
  installAppMeshCrds,
  installCanaryCrd,
  TestNamespace,
} from '@slipway/local-cluster';
import {
  gitVersion,
  tickUntil,
  webCanary,
  weightsDuringRun,
  workloadProbes,
} from '../testUtils/canaryHarness';
import { ObjectClient } from '../apply/ObjectClient';
import { readObject } from '../apply/readObject';
import { PrometheusProvider } from '../metrics/prometheusProvider';
import { AppMeshRouter } from './appMeshRouter';

jest.setTimeout(240_000);

type MeshRoute = {
  name: string;
  priority: number;
  httpRoute: {
    match: { prefix: string; headers?: unknown[] };
    action: {
      weightedTargets: Array<{
        virtualNodeRef: { name: string };
        weight: number;
      }>;
    };
  };
};

/**
 * The App Mesh router on an API server that serves the App Mesh
 * controller's v1beta2 CRDs (from the eks-charts module): the VirtualNodes,
 * VirtualRouter and VirtualService it writes pass their validation, and a
 * weighted run moves the route's weights step by step.
 */
describe('the App Mesh router', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let client: ObjectClient;
  let namespace: string;
  // Meshes are cluster-wide: one per test run.
  const meshName = `mesh-${process.pid}`;

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('appmesh');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    client = ObjectClient.forConfig(kc);
    await installAppMeshCrds(kc);
    await installCanaryCrd(kc);
    await client.apply(
      {
        apiVersion: 'appmesh.k8s.aws/v1beta2',
        kind: 'Mesh',
        metadata: { name: meshName },
        spec: { namespaceSelector: { matchLabels: { mesh: meshName } } },
      } as KubernetesObject,
      'slipway-tests',
    );
    await gitVersion(client, namespace, 'registry.example.com/web:1.0.0');
  });
  afterAll(async () => {
    await client
      .delete({
        apiVersion: 'appmesh.k8s.aws/v1beta2',
        kind: 'Mesh',
        metadata: { name: meshName },
      })
      .catch(() => undefined);
    await testNamespace?.release();
  });

  const spec = {
    provider: 'appmesh',
    service: { port: 80, targetPort: 8080, meshName },
  };
  const context = () => ({
    client,
    router: new AppMeshRouter(client),
    metricsFor: () => new PrometheusProvider('http://127.0.0.1:9'),
    now: new Date(),
  });
  const ref = () => ({ namespace, name: 'web' });
  const mesh = <T extends object>(kind: string, name: string) =>
    readObject<KubernetesObject & { spec: T }>(
      client,
      'appmesh.k8s.aws/v1beta2',
      kind,
      namespace,
      name,
    );
  const routes = async () =>
    (await mesh<{ routes: MeshRoute[] }>('VirtualRouter', 'web'))?.spec.routes;
  const weights = (route: MeshRoute) =>
    route.httpRoute.action.weightedTargets
      .map(t => `${t.virtualNodeRef.name}=${t.weight}`)
      .join(',');

  it('creates a VirtualNode per side, a VirtualRouter sending everything to the primary, and the VirtualService', async () => {
    await webCanary(
      client,
      namespace,
      { interval: '1s', threshold: 2, stepWeights: [10, 40] },
      spec,
    );
    await tickUntil(ref(), context, 'Initialized');
    const meshRef = {
      name: meshName,
      uid: (await readObject(
        client,
        'appmesh.k8s.aws/v1beta2',
        'Mesh',
        undefined,
        meshName,
      ))!.metadata!.uid,
    };
    expect((await mesh('VirtualNode', 'web-primary'))?.spec).toEqual({
      meshRef,
      podSelector: { matchLabels: { app: 'web-primary' } },
      listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
      serviceDiscovery: {
        dns: { hostname: `web-primary.${namespace}.svc.cluster.local` },
      },
    });
    expect(
      (await mesh<any>('VirtualNode', 'web-canary'))?.spec.podSelector,
    ).toEqual({ matchLabels: { app: 'web' } });
    expect((await mesh('VirtualService', 'web'))?.spec).toEqual({
      meshRef,
      awsName: `web.${namespace}.svc.cluster.local`,
      provider: { virtualRouter: { virtualRouterRef: { name: 'web' } } },
    });
    expect((await routes())?.map(weights)).toEqual([
      'web-primary=100,web-canary=0',
    ]);
  });

  it('moves the route through stepWeights, promotes, and routes everything to the primary again', async () => {
    await gitVersion(client, namespace, 'registry.example.com/web:2.0.0');
    expect(await weightsDuringRun(ref(), context, 'Succeeded')).toEqual([
      '100/0',
      '90/10',
      '60/40',
      '100/0',
    ]);
    expect((await routes())?.map(weights)).toEqual([
      'web-primary=100,web-canary=0',
    ]);
    expect(await workloadProbes(kc, namespace).image('web-primary')).toBe(
      'registry.example.com/web:2.0.0',
    );
  });

  it('for A/B testing, puts a route per header rule ahead of the default route', async () => {
    await webCanary(
      client,
      namespace,
      {
        interval: '1s',
        threshold: 2,
        iterations: 2,
        match: [
          { headers: { 'x-canary': { exact: 'insider' } } },
          { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
        ],
      },
      spec,
    );
    await gitVersion(client, namespace, 'registry.example.com/web:3.0.0');
    await tickUntil(
      ref(),
      context,
      s => s?.phase === 'Progressing' && s.canaryWeight === 100,
    );
    const ab = await routes();
    expect(ab?.map(r => [r.name, r.priority, r.httpRoute.match])).toEqual([
      [
        'web-ab-0',
        0,
        {
          prefix: '/',
          headers: [{ name: 'x-canary', match: { exact: 'insider' } }],
        },
      ],
      [
        'web-ab-1',
        1,
        {
          prefix: '/',
          headers: [
            {
              name: 'cookie',
              match: { regex: '^(.*?;)?(canary=always)(;.*)?$' },
            },
          ],
        },
      ],
      ['web', 2, { prefix: '/' }],
    ]);
    expect(ab?.map(weights)).toEqual([
      'web-primary=0,web-canary=100',
      'web-primary=0,web-canary=100',
      'web-primary=100,web-canary=0',
    ]);
    await tickUntil(ref(), context, 'Succeeded');
    expect((await routes())?.map(weights)).toEqual([
      'web-primary=100,web-canary=0',
      'web-primary=100,web-canary=0',
      'web-primary=100,web-canary=0',
    ]);
  });
});
