import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
// The module runs beside the plugin in one backend, as in an adopter's backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import slipwayPlugin from '@slipway/backstage-plugin-slipway-backend';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  acquireTestNamespace,
  canaryStatus,
  applyManifests,
  DEPLOY_DIR,
  engineClusterConfig,
  serviceEntity,
  slipwayAppConfig,
  TestNamespace,
  waitFor,
} from '@slipway/local-cluster';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slipwayModuleDatadog } from './module';

jest.setTimeout(240_000);

const QUERY =
  'sum:trace.http.request.errors{kube_namespace:{{ namespace }},kube_deployment:{{ target }}}.as_count()';

/**
 * The Datadog module added to a backend beside the Slipway plugin, as an
 * adopter's backend would (`backend.add(...)`), nothing else changed: a
 * Canary on the local API server whose metric names `provider: datadog`
 * is promoted or rolled back by what Datadog (its API, played by msw in
 * its documented shapes) answers.
 */
describe('the Datadog module', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let repo: ReturnType<typeof createTestRepository>;
  let stop: () => Promise<void>;
  /** What Datadog answers for the canary's errors. */
  let errors = 0;
  const asked: Request[] = [];
  const datadog = setupServer(
    http.get('https://api.datadoghq.com/api/v1/query', ({ request }) => {
      asked.push(request);
      const now = Date.now();
      return HttpResponse.json({
        status: 'ok',
        res_type: 'time_series',
        series: [
          {
            metric: 'trace.http.request.errors',
            pointlist: [
              [now - 20_000, errors + 3],
              [now, errors],
            ],
          },
        ],
      });
    }),
  );

  const manifests = (image: string) => ({
    'clusters/datadog/web/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: ${image} }]
`,
    'clusters/datadog/web/canary.yaml': `apiVersion: slipway.io/v1alpha1
kind: Canary
metadata: { name: web }
spec:
  provider: kubernetes
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80, targetPort: 8080 }
  analysis:
    interval: 2s
    threshold: 1
    iterations: 2
    metrics:
      - name: errors
        provider: { type: datadog }
        query: '${QUERY}'
        interval: 30s
        thresholdRange: { max: 1 }
`,
  });
  const status = () => canaryStatus(kc, namespace, 'web');
  const reaches = (phase: string, version: string) =>
    waitFor(
      `the Canary ${phase} with ${version}`,
      async () => {
        const s = await status();
        return s?.phase === phase &&
          s.canaryImages?.includes(`registry.example.com/web:${version}`)
          ? s
          : undefined;
      },
      150_000,
    );

  beforeAll(async () => {
    datadog.listen({ onUnhandledRequest: 'bypass' });
    testNamespace = await acquireTestNamespace('datadog');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    await applyManifests(
      kc,
      fs.readFileSync(
        path.join(DEPLOY_DIR, 'crds/canaries.slipway.io.yaml'),
        'utf8',
      ),
      'slipway-tests',
    );
    repo = createTestRepository(
      path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-datadog-')),
        'config',
      ),
    );
    repo.commit(manifests('registry.example.com/web:1.0.0'), 'web 1.0.0');
    const config = slipwayAppConfig({
      cluster: await engineClusterConfig(kc, [namespace]),
      environments: [
        {
          name: 'datadog',
          cluster: 'local',
          repository: repo.dir,
          namespaces: [namespace],
          interval: 2,
        },
      ],
      canary: {
        datadog: { apiKey: 'dd-api-key', applicationKey: 'dd-app-key' },
      },
    });
    const backend = await startTestBackend({
      features: [
        slipwayPlugin,
        slipwayModuleDatadog,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({ data: config }),
        catalogServiceMock.factory({
          entities: [serviceEntity('web', 'datadog')],
        }),
      ],
    });
    stop = () => backend.stop();
    await waitFor(
      'the Canary Initialized',
      async () =>
        (await status())?.phase === 'Initialized' ? true : undefined,
      150_000,
    );
  });
  afterAll(async () => {
    await stop?.();
    datadog.close();
    await testNamespace?.release();
    if (repo) {
      fs.rmSync(path.dirname(repo.dir), { recursive: true, force: true });
    }
  });

  it('promotes a version whose Datadog errors stay within range, asking with the keys and the rendered query', async () => {
    errors = 0;
    repo.commit(manifests('registry.example.com/web:2.0.0'), 'web 2.0.0');
    const succeeded = await reaches('Succeeded', '2.0.0');
    expect(
      succeeded.lastMeasurements.map((m: any) => [m.metric, m.value, m.passed]),
    ).toEqual([['errors', 0, true]]);
    const request = asked.at(-1)!;
    const url = new URL(request.url);
    expect(url.searchParams.get('query')).toBe(
      `sum:trace.http.request.errors{kube_namespace:${namespace},kube_deployment:web}.as_count()`,
    );
    // Ten of the metric's 30 s intervals back.
    expect(
      Number(url.searchParams.get('to')) - Number(url.searchParams.get('from')),
    ).toBe(300);
    expect(request.headers.get('DD-API-KEY')).toBe('dd-api-key');
    expect(request.headers.get('DD-APPLICATION-KEY')).toBe('dd-app-key');
  });

  it('rolls back a version whose Datadog errors are above the range', async () => {
    errors = 5;
    repo.commit(manifests('registry.example.com/web:3.0.0'), 'web 3.0.0');
    const failed = await reaches('Failed', '3.0.0');
    expect(failed.message).toBe(
      'rolled back: 1 failed checks (threshold 1): errors 5 outside [, 1]',
    );
    const primary = await kc
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name: 'web-primary', namespace });
    expect(primary.spec?.template?.spec?.containers[0].image).toBe(
      'registry.example.com/web:2.0.0',
    );
  });
});
