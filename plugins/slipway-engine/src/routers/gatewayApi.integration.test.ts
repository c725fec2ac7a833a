import {
  CoreV1Api,
  KubeConfig,
  KubernetesObject,
} from '@kubernetes/client-node';
import {
  acquireTestNamespace,
  installCanaryCrd,
  installGatewayApiCrds,
  LocalPrometheus,
  TestExporter,
  TestNamespace,
} from '@slipway/local-cluster';
import { HookServer } from '../testUtils/hookServer';
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
import { GatewayApiRouter } from './gatewayApiRouter';

jest.setTimeout(240_000);

type Rule = {
  matches?: Array<{
    headers?: Array<{ name: string; type: string; value: string }>;
  }>;
  backendRefs: Array<{ name: string; weight: number }>;
};

/**
 * The Gateway API router on an API server that serves the real HTTPRoute
 * CRD (from the sigs.k8s.io/gateway-api module): every route it writes
 * must pass the CRD's validation, and a weighted run moves the weights
 * step by step.
 */
describe('the Gateway API router', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let client: ObjectClient;
  let namespace: string;
  let exporter: TestExporter;
  let prometheus: LocalPrometheus;
  let serving: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('gatewayapi');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    client = ObjectClient.forConfig(kc);
    await installGatewayApiCrds(kc);
    await installCanaryCrd(kc);
    await gitVersion(client, namespace, 'registry.example.com/web:1.0.0');
    exporter = await TestExporter.start();
    prometheus = await LocalPrometheus.start({ targets: [exporter.target] });
  });
  afterAll(async () => {
    clearInterval(serving);
    await prometheus?.stop();
    await exporter?.stop();
    await testNamespace?.release();
  });

  /**
   * Every running pod of the service counts its requests as the Prometheus
   * client libraries do (`http_requests_total{namespace, pod, code}`): the
   * primary's answer all, the canary's `canaryPercent` of them.
   */
  function servePods(canaryPercent: number) {
    clearInterval(serving);
    serving = setInterval(async () => {
      const pods = await kc
        .makeApiClient(CoreV1Api)
        .listNamespacedPod({ namespace })
        .catch(() => ({ items: [] }));
      for (const pod of pods.items) {
        const name = pod.metadata!.name!;
        const ok = name.startsWith('web-primary-') ? 100 : canaryPercent;
        const labels = { namespace, pod: name };
        exporter.add('http_requests_total', { ...labels, code: '200' }, ok);
        exporter.add(
          'http_requests_total',
          { ...labels, code: '503' },
          100 - ok,
        );
      }
    }, 1000);
  }

  const spec = {
    provider: 'gatewayapi',
    service: { port: 80, targetPort: 8080, gatewayRefs: [{ name: 'public' }] },
  };
  const context = () => ({
    client,
    router: new GatewayApiRouter(client),
    metricsFor: () => new PrometheusProvider(prometheus.url),
    now: new Date(),
  });
  /** The same, with webhooks allowed to the test's own receiver. */
  const gated = () => ({
    ...context(),
    webhookPolicy: { allowedHosts: ['127.0.0.1'] },
  });
  const ref = () => ({ namespace, name: 'web' });
  const rules = async () =>
    (
      await readObject<
        KubernetesObject & { spec: { rules: Rule[]; parentRefs: unknown[] } }
      >(client, 'gateway.networking.k8s.io/v1', 'HTTPRoute', namespace, 'web')
    )?.spec;
  const weights = (rule: Rule) =>
    rule.backendRefs.map(b => `${b.name}=${b.weight}`).join(',');

  it('creates an HTTPRoute on the Gateway that sends everything to the primary', async () => {
    await webCanary(
      client,
      namespace,
      { interval: '1s', threshold: 2, stepWeight: 25, maxWeight: 50 },
      spec,
    );
    await tickUntil(ref(), context, 'Initialized');
    const route = await rules();
    expect(route?.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' },
    ]);
    expect(route?.rules.map(weights)).toEqual(['web-primary=100,web-canary=0']);
  });

  it('moves the weights by stepWeight up to maxWeight, promotes, and routes everything to the primary again', async () => {
    await gitVersion(client, namespace, 'registry.example.com/web:2.0.0');
    expect(await weightsDuringRun(ref(), context, 'Succeeded')).toEqual([
      '100/0',
      '75/25',
      '50/50',
      '100/0',
    ]);
    expect((await rules())?.rules.map(weights)).toEqual([
      'web-primary=100,web-canary=0',
    ]);
    expect(await workloadProbes(kc, namespace).image('web-primary')).toBe(
      'registry.example.com/web:2.0.0',
    );
  });

  it('holds each weight until confirm-traffic-increase agrees, without failing a check', async () => {
    const hooks = new HookServer();
    await hooks.start();
    try {
      hooks.answers.set('/more', 403);
      await webCanary(
        client,
        namespace,
        {
          interval: '1s',
          threshold: 1,
          stepWeight: 25,
          maxWeight: 50,
          webhooks: [
            {
              name: 'more',
              type: 'confirm-traffic-increase',
              url: `${hooks.url}/more`,
            },
          ],
        },
        spec,
      );
      await gitVersion(client, namespace, 'registry.example.com/web:2.5.0');
      const held = await tickUntil(
        ref(),
        gated,
        () => hooks.callsTo('/more').length >= 3,
      );
      expect(held.status).toMatchObject({
        phase: 'Progressing',
        canaryWeight: 0,
        failedChecks: 0,
      });
      expect(held.status.message).toBe(
        'waiting for the increase to 25% to be confirmed: webhook more: answered 403: not yet',
      );
      expect((await rules())?.rules.map(weights)).toEqual([
        'web-primary=100,web-canary=0',
      ]);

      hooks.answers.set('/more', 200);
      const askedBefore = hooks.callsTo('/more').length;
      expect(await weightsDuringRun(ref(), gated, 'Succeeded')).toEqual([
        '100/0',
        '75/25',
        '50/50',
        '100/0',
      ]);
      // Once it agreed, asked before each of the two increases, not before the promotion.
      expect(hooks.callsTo('/more').length - askedBefore).toBe(2);
    } finally {
      await hooks.stop();
    }
  });

  it('for A/B testing, sends only the requests that match the header rules to the canary', async () => {
    await webCanary(
      client,
      namespace,
      {
        interval: '1s',
        threshold: 2,
        iterations: 3,
        match: [
          { headers: { 'x-canary': { exact: 'insider' } } },
          { headers: { 'user-agent': { prefix: 'Mobile (' } } },
        ],
      },
      spec,
    );
    await gitVersion(client, namespace, 'registry.example.com/web:3.0.0');
    const progressing = await tickUntil(
      ref(),
      context,
      s => s?.phase === 'Progressing' && s.canaryWeight === 100,
    );
    expect(progressing.status.message).toBe(
      'canary ready: 100% of the matched requests goes to it',
    );
    const route = await rules();
    // The API server defaults every match's path to the whole site.
    const everyPath = { path: { type: 'PathPrefix', value: '/' } };
    expect(route?.rules.map(r => r.matches)).toEqual([
      [
        {
          headers: [{ name: 'x-canary', type: 'Exact', value: 'insider' }],
          ...everyPath,
        },
        {
          headers: [
            {
              name: 'user-agent',
              type: 'RegularExpression',
              value: '^Mobile \\(.*',
            },
          ],
          ...everyPath,
        },
      ],
      [everyPath],
    ]);
    expect(route?.rules.map(weights)).toEqual([
      'web-primary=0,web-canary=100',
      'web-primary=100,web-canary=0',
    ]);
    await tickUntil(ref(), context, 'Succeeded');
    expect((await rules())?.rules.map(weights)).toEqual([
      'web-primary=100,web-canary=0',
      'web-primary=100,web-canary=0',
    ]);
  });

  it.each([
    [100, 'Succeeded'],
    [60, 'Failed'],
  ])(
    'judges an A/B run by the built-in request-success-rate of the canary pods alone: at %i%% it ends %s',
    async (canaryPercent, outcome) => {
      servePods(canaryPercent);
      await webCanary(
        client,
        namespace,
        {
          interval: '4s',
          threshold: 2,
          iterations: 2,
          match: [{ headers: { 'x-canary': { exact: 'insider' } } }],
          metrics: [
            {
              name: 'request-success-rate',
              interval: '10s',
              thresholdRange: { min: 99 },
            },
          ],
        },
        spec,
      );
      const probes = workloadProbes(kc, namespace);
      const before = await probes.image('web-primary');
      const version = `registry.example.com/web:${canaryPercent}.0.0`;
      await gitVersion(client, namespace, version);
      const { status } = await tickUntil(ref(), context, outcome as any);
      const [check] = status.lastMeasurements ?? [];
      expect(check).toMatchObject({
        metric: 'request-success-rate',
        passed: canaryPercent === 100,
      });
      // The canary pods' rate, give or take the previous run's pods still in
      // the 10 s range; with the primary's pods counted it would be ~80.
      expect(Math.abs(check.value! - canaryPercent)).toBeLessThan(8);
      expect(await probes.image('web-primary')).toBe(
        outcome === 'Succeeded' ? version : before,
      );
    },
  );
});
