import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CanaryPhase } from '@slipway/model';
import {
  acquireTestNamespace,
  installCanaryCrd,
  LocalPrometheus,
  resolveBinaries,
  TestExporter,
  TestNamespace,
} from '@slipway/local-cluster';
import {
  webCanary,
  gitVersion as gitVersionOf,
  workloadProbes,
  tickUntil as tickUntilPhase,
} from '../testUtils/canaryHarness';
import { ObjectClient } from '../apply/ObjectClient';
import { PrometheusProvider } from '../metrics/prometheusProvider';
import { readCanary, runCanaryTick } from './runCanaryTick';
import { KubernetesRouter } from '../routers/kubernetesRouter';
import type { Router } from '../routers/Router';

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

  /** The real kubectl against the test cluster, in the test namespace: its output. */
  function kubectl(...args: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-'));
    try {
      const kubeconfig = path.join(dir, 'kubeconfig');
      fs.writeFileSync(kubeconfig, kc.exportConfig());
      return execFileSync(
        resolveBinaries().kubectl,
        ['--kubeconfig', kubeconfig, '-n', namespace, '--timeout=20s', ...args],
        { encoding: 'utf8' },
      ).trim();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

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
    expect(kubectl('wait', '--for=condition=Promoted', 'canary/web')).toBe(
      'canary.slipway.io/web condition met',
    );
  });

  it('rolls a failing version back after threshold failed checks, the primary untouched', async () => {
    await gitVersion('registry.example.com/web:3.0.0-broken', 'debug');
    const { phases, status } = await tickUntil('Failed', () => serve(50));
    expect(phases).toEqual(['Progressing', 'Failed']);
    expect(status.failedChecks).toBe(2);
    expect(status.conditions?.find(c => c.type === 'Promoted')).toMatchObject({
      status: 'False',
      reason: 'Failed',
    });
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
  it('says on the Canary when its router fails: Ready=False with the router and its error, the phase kept', async () => {
    const refuse = () =>
      Promise.reject(new Error('Service web-canary is gone'));
    const refusing: Router = {
      reconcile: refuse,
      setWeights: refuse,
      getWeights: refuse,
      finalize: refuse,
    };
    const withRefusing = () => ({ ...context(), router: refusing });
    // The run of 5.0.1 gives the canary its first share once it is ready.
    await tickUntilPhase({ namespace, name: 'web' }, withRefusing, s =>
      s?.conditions?.some(
        (c: { type: string; status: string }) =>
          c.type === 'Ready' && c.status === 'False',
      ),
    );
    // The next tick meets the same refusal, and says so to its caller.
    const result = await runCanaryTick(
      { namespace, name: 'web' },
      withRefusing(),
    );
    const message =
      'the kubernetes router could not set the weights: Service web-canary is gone';
    expect(result?.failure).toEqual({ reason: 'RouterFailed', message });
    const { status: written } = (await readCanary(client, {
      namespace,
      name: 'web',
    }))!;
    expect(written?.phase).toBe('Progressing');
    expect(written?.message).toBe(message);
    expect(written?.conditions?.find(c => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'RouterFailed',
      message,
    });
    // The working router takes the step, and Ready is True again.
    const { status } = await tickUntil('Succeeded');
    expect(status.conditions?.find(c => c.type === 'Ready')?.status).toBe(
      'True',
    );
  });
});
