import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { CanaryPhase } from '@slipway/backstage-plugin-slipway-common';
import {
  acquireTestNamespace,
  LocalPrometheus,
  TestExporter,
  TestNamespace,
} from '@slipway/local-cluster';
import { installCanaryCrd } from '../__testUtils__/canaryCrd';
import {
  webCanary,
  gitVersion as gitVersionOf,
  workloadProbes,
  tickUntil as tickUntilPhase,
} from '../__testUtils__/canaryHarness';
import { ObjectClient } from '../apply/ObjectClient';
import { PrometheusProvider } from '../metrics/prometheusProvider';
import { runCanaryTick } from './runCanaryTick';
import { KubernetesRouter } from '../routers/kubernetesRouter';

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

  const gitVersion = (image: string, logLevel?: string) =>
    gitVersionOf(client, namespace, image, logLevel);

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

  const context = () => ({
    client,
    router,
    metricsFor: () => new PrometheusProvider(prometheus.url),
    now: new Date(),
  });
  const tickUntil = (phase: CanaryPhase, during?: () => void) =>
    tickUntilPhase({ namespace, name: 'web' }, context, phase, during);

  const probes = () => workloadProbes(kc, namespace);

  it('initializes: the primary serves everything and the canary is scaled to zero', async () => {
    await gitVersion('registry.example.com/web:1.0.0');
    await webCanary(client, namespace, {
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
    });
    const { status } = await tickUntil('Initialized');
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:1.0.0',
    );
    expect(await probes().replicas('web')).toBe(0);
    expect(await probes().apexSelector()).toEqual({ app: 'web-primary' });
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
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:2.0.0',
    );
    // The primary reads its own copy of the new config.
    const config = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedConfigMap({ name: 'web-config-primary', namespace });
    expect(config.data).toEqual({ LOG_LEVEL: 'debug' });
    expect(await probes().replicas('web')).toBe(0);
    expect(await probes().apexSelector()).toEqual({ app: 'web-primary' });
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
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:2.0.0',
    );
    expect(await probes().replicas('web')).toBe(0);
    expect(await probes().apexSelector()).toEqual({ app: 'web-primary' });
  });

  it('never promotes while Prometheus is down: every check fails and the run rolls back', async () => {
    await prometheus.stop();
    await gitVersion('registry.example.com/web:4.0.0', 'debug');
    // The service is healthy; only its judge is gone.
    const { phases, status } = await tickUntil('Failed', () => serve(100));
    expect(phases).toEqual(['Progressing', 'Failed']);
    expect(status.message).toBe(
      `rolled back: 2 failed checks (threshold 2): Prometheus at ${prometheus.url} cannot be reached: ECONNREFUSED`,
    );
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:2.0.0',
    );
    expect(await probes().apexSelector()).toEqual({ app: 'web-primary' });
  });

  it('starts a run for a version that arrived while the primary was becoming ready', async () => {
    // The Canary made afresh: its primary is made from 5.0.0, then Git
    // moves on to 5.0.1 before that primary is ready.
    const remove = (apiVersion: string, kind: string, name: string) =>
      client
        .delete({ apiVersion, kind, metadata: { name, namespace } })
        .catch(() => undefined);
    await remove('slipway.io/v1alpha1', 'Canary', 'web');
    await remove('apps/v1', 'Deployment', 'web-primary');
    await gitVersion('registry.example.com/web:5.0.0');
    await webCanary(client, namespace, {
      interval: '3s',
      threshold: 2,
      iterations: 3,
    });
    const first = await runCanaryTick({ namespace, name: 'web' }, context());
    expect(first?.status.phase).toBe('Initializing');
    await gitVersion('registry.example.com/web:5.0.1');

    await tickUntil('Initialized');
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:5.0.0',
    );
    const { phases, status } = await tickUntil('Progressing');
    expect(phases).toEqual(['Progressing']);
    expect(status.canaryImages).toEqual(['registry.example.com/web:5.0.1']);
  });
});
