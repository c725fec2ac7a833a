import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { CanaryPhase } from '@slipway/backstage-plugin-slipway-common';
import {
  acquireTestNamespace,
  LocalPrometheus,
  TestExporter,
  TestNamespace,
} from '@slipway/local-cluster';
import { installCanaryCrd } from '../__testUtils__/canaryCrd';
import { ObjectClient } from '../apply/ObjectClient';
import { PrometheusProvider } from '../metrics/prometheusProvider';
import { KubernetesRouter } from '../routers/kubernetesRouter';
import { runCanaryTick } from './runCanaryTick';

jest.setTimeout(240_000);

/**
 * Whole blue/green runs on the kubernetes router: the test plays Git (it
 * applies the Deployment as the reconciler would) and the service (its
 * exporter's request counts are what Prometheus scrapes).
 */
describe('a blue/green canary', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let client: ObjectClient;
  let namespace: string;
  let exporter: TestExporter;
  let prometheus: LocalPrometheus;
  let router: KubernetesRouter;

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('bluegreen');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    client = ObjectClient.forConfig(kc);
    router = new KubernetesRouter(client);
    await installCanaryCrd(kc);
    exporter = await TestExporter.start();
    prometheus = await LocalPrometheus.start({ targets: [exporter.target] });
    await prometheus.scraped();
  });
  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    await testNamespace?.release();
  });

  /** What Git holds for the service: its Deployment (no replicas) and config. */
  async function gitVersion(image: string, logLevel = 'info') {
    await client.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'web-config', namespace },
        data: { LOG_LEVEL: logLevel },
      } as any,
      'slipway',
    );
    await client.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                {
                  name: 'web',
                  image,
                  envFrom: [{ configMapRef: { name: 'web-config' } }],
                },
              ],
            },
          },
        },
      } as any,
      'slipway',
    );
  }

  /** The service's request counts, as the canary's pods would export them. */
  function serve(successPercent: number) {
    const labels = { namespace, app: 'web' };
    exporter.add('http_requests', { ...labels, code: '200' }, successPercent);
    exporter.add(
      'http_requests',
      { ...labels, code: '500' },
      100 - successPercent,
    );
  }

  const ref = () => ({ namespace, name: 'web' });
  /** Ticks once a second, as the backend would, until the phase is reached; returns the phases passed. */
  async function tickUntil(phase: CanaryPhase, during?: () => void) {
    const phases: CanaryPhase[] = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      during?.();
      const result = await runCanaryTick(ref(), {
        client,
        router,
        metrics: new PrometheusProvider(prometheus.url),
        builtInQuery: () => undefined,
        now: new Date(),
      });
      if (result?.transition) {
        phases.push(result.transition.to);
      }
      if (result?.status.phase === phase) {
        return { phases, status: result.status };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `no ${phase} after 120 s; phases ${phases.join(
            ' → ',
          )}; last status ${JSON.stringify(result?.status)}`,
        );
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  const apps = () => kc.makeApiClient(AppsV1Api);
  const image = async (name: string) =>
    (await apps().readNamespacedDeployment({ name, namespace })).spec?.template
      ?.spec?.containers[0].image;
  const replicas = async (name: string) =>
    (await apps().readNamespacedDeployment({ name, namespace })).spec?.replicas;
  const apexSelector = async () =>
    (
      await kc
        .makeApiClient(CoreV1Api)
        .readNamespacedService({ name: 'web', namespace })
    ).spec?.selector;

  it('initializes: the primary serves everything and the canary is scaled to zero', async () => {
    await gitVersion('registry.example.com/web:1.0.0');
    await client.apply(
      {
        apiVersion: 'slipway.io/v1alpha1',
        kind: 'Canary',
        metadata: { name: 'web', namespace },
        spec: {
          provider: 'kubernetes',
          targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          service: { port: 80, targetPort: 8080 },
          analysis: {
            interval: '3s',
            threshold: 2,
            iterations: 3,
            metrics: [
              {
                name: 'success-rate',
                query:
                  'sum(increase(http_requests{namespace="{{ namespace }}",app="{{ target }}",code!~"5.."}[20s])) / sum(increase(http_requests{namespace="{{ namespace }}",app="{{ target }}"}[20s])) * 100',
                thresholdRange: { min: 99 },
              },
            ],
          },
        },
      } as any,
      'slipway',
    );
    const { status } = await tickUntil('Initialized');
    expect(await image('web-primary')).toBe('registry.example.com/web:1.0.0');
    expect(await replicas('web')).toBe(0);
    expect(await apexSelector()).toEqual({ app: 'web-primary' });
    expect(status.lastAppliedSpec).toBeDefined();
  });

  it('promotes a new version whose checks pass, switching traffic back to the primary', async () => {
    await gitVersion('registry.example.com/web:2.0.0', 'debug');
    const { phases, status } = await tickUntil('Succeeded', () => serve(100));
    expect(phases).toEqual([
      'Progressing',
      'Promoting',
      'Finalising',
      'Succeeded',
    ]);
    expect(await image('web-primary')).toBe('registry.example.com/web:2.0.0');
    // The primary reads its own copy of the new config.
    const config = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedConfigMap({ name: 'web-config-primary', namespace });
    expect(config.data).toEqual({ LOG_LEVEL: 'debug' });
    expect(await replicas('web')).toBe(0);
    expect(await apexSelector()).toEqual({ app: 'web-primary' });
    expect(status.lastMeasurements?.[0]).toMatchObject({
      metric: 'success-rate',
      value: 100,
      passed: true,
    });
  });

  it('rolls a failing version back after threshold failed checks, the primary untouched', async () => {
    await gitVersion('registry.example.com/web:3.0.0-broken', 'debug');
    const { phases, status } = await tickUntil('Failed', () => serve(50));
    expect(phases).toEqual(['Progressing', 'Failed']);
    expect(status.failedChecks).toBe(2);
    expect(status.message).toMatch(
      /^rolled back: 2 failed checks \(threshold 2\): success-rate \d+(\.\d+)? outside \[99, \]$/,
    );
    expect(await image('web-primary')).toBe('registry.example.com/web:2.0.0');
    expect(await replicas('web')).toBe(0);
    expect(await apexSelector()).toEqual({ app: 'web-primary' });
  });
});
