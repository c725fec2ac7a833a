import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import {
  acquireTestNamespace,
  installCanaryCrd,
  TestNamespace,
} from '@slipway/local-cluster';

jest.setTimeout(120_000);

/** The API server's own message from a rejected request. */
const apiMessage = (error: { body?: string; message: string }) => {
  try {
    return JSON.parse(error.body!).message as string;
  } catch {
    return error.message;
  }
};

const valid = (spec: Record<string, unknown> = {}) => ({
  targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  service: { port: 80, targetPort: 8080 },
  analysis: {
    interval: '10s',
    threshold: 2,
    iterations: 3,
    metrics: [
      { name: 'request-success-rate', thresholdRange: { min: 99 } },
      {
        name: 'p99-latency',
        query: 'histogram_quantile(0.99, rate(x[1m]))',
        thresholdRange: { max: 500 },
      },
    ],
  },
  ...spec,
});

describe('the Canary resource', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let canaries: CustomObjectsApi;
  let count = 0;

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('canary-crd');
    kc = testNamespace.kubeConfig;
    await installCanaryCrd(kc);
    canaries = kc.makeApiClient(CustomObjectsApi);
  });
  afterAll(() => testNamespace?.release());

  const create = (spec: Record<string, unknown>) =>
    canaries.createNamespacedCustomObject({
      group: 'slipway.io',
      version: 'v1alpha1',
      namespace: testNamespace.namespace,
      plural: 'canaries',
      body: {
        apiVersion: 'slipway.io/v1alpha1',
        kind: 'Canary',
        metadata: { name: `c${++count}` },
        spec,
      },
    });

  const rejection = (spec: Record<string, unknown>) =>
    create(spec).then(
      () => 'accepted',
      error => apiMessage(error),
    );

  it('accepts a well-formed blue/green canary and defaults the provider', async () => {
    const created = (await create(valid())) as any;
    expect(created.spec.provider).toBe('kubernetes');
  });

  it('accepts weighted steps on the Gateway API with a header match', async () => {
    expect(
      await rejection(
        valid({
          provider: 'gatewayapi',
          service: { port: 80, gatewayRefs: [{ name: 'public' }] },
          analysis: {
            interval: '30s',
            threshold: 5,
            iterations: 10,
            match: [{ headers: { 'x-canary': { exact: 'insider' } } }],
          },
        }),
      ),
    ).toBe('accepted');
  });

  it("accepts Go's compound durations, as Flagger specs write them", async () => {
    expect(
      await rejection(
        valid({
          analysis: {
            interval: '1m30s',
            threshold: 2,
            iterations: 3,
            metrics: [
              {
                name: 'request-success-rate',
                interval: '2m30s',
                thresholdRange: { min: 99 },
              },
            ],
            webhooks: [
              {
                name: 'load',
                type: 'rollout',
                url: 'http://load.test/',
                timeout: '1m500ms',
              },
            ],
          },
        }),
      ),
    ).toBe('accepted');
  });

  it.each([
    [
      'weights and iterations together',
      {
        analysis: {
          interval: '10s',
          threshold: 1,
          stepWeight: 10,
          iterations: 2,
        },
      },
      'set exactly one of stepWeight, stepWeights',
    ],
    [
      'a custom metric without a query',
      {
        analysis: {
          interval: '10s',
          threshold: 1,
          iterations: 2,
          metrics: [{ name: 'errors', thresholdRange: { max: 1 } }],
        },
      },
      'needs a query, unless it is a built-in metric',
    ],
    [
      'a built-in metric read from CloudWatch',
      {
        analysis: {
          interval: '10s',
          threshold: 1,
          iterations: 2,
          metrics: [
            {
              name: 'request-success-rate',
              provider: { type: 'cloudwatch' },
              thresholdRange: { min: 99 },
            },
          ],
        },
      },
      'a CloudWatch metric needs a query',
    ],
    [
      'a threshold range with min above max',
      {
        analysis: {
          interval: '10s',
          threshold: 1,
          iterations: 2,
          metrics: [
            { name: 'request-duration', thresholdRange: { min: 9, max: 1 } },
          ],
        },
      },
      'min must not be above max',
    ],
    [
      'the gatewayapi provider without gatewayRefs',
      {
        provider: 'gatewayapi',
        analysis: { interval: '10s', threshold: 1, stepWeight: 10 },
      },
      'needs service.gatewayRefs',
    ],
    [
      'weighted steps on the kubernetes provider',
      { analysis: { interval: '10s', threshold: 1, stepWeight: 10 } },
      'switches all traffic at once',
    ],
    [
      'an unknown webhook type',
      {
        analysis: {
          interval: '10s',
          threshold: 1,
          iterations: 2,
          webhooks: [{ name: 'gate', type: 'approve', url: 'http://x' }],
        },
      },
      'Unsupported value: "approve"',
    ],
    [
      'an interval that is not a duration',
      { analysis: { interval: 'often', threshold: 1, iterations: 2 } },
      'spec.analysis.interval',
    ],
  ])('rejects %s, saying why', async (_, spec, message) => {
    expect(await rejection(valid(spec))).toContain(message);
  });

  it('will not let targetRef change', async () => {
    const created = (await create(valid())) as any;
    const error = await canaries
      .patchNamespacedCustomObject({
        group: 'slipway.io',
        version: 'v1alpha1',
        namespace: testNamespace.namespace,
        plural: 'canaries',
        name: created.metadata.name,
        body: [
          {
            op: 'replace',
            path: '/spec/targetRef/name',
            value: 'other',
          },
        ],
      })
      .then(
        () => 'accepted',
        e => apiMessage(e),
      );
    expect(error).toContain('targetRef cannot change');
  });
});
