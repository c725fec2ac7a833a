import { canarySpecProblems, canarySpecSchema } from './canary';

const spec = (analysis: Record<string, unknown>, rest = {}) => ({
  targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  service: { port: 80 },
  analysis: { interval: '30s', threshold: 3, ...analysis },
  ...rest,
});

describe('canarySpecSchema', () => {
  it('reads a blue/green spec and defaults the provider', () => {
    const parsed = canarySpecSchema.parse(
      spec({
        iterations: 5,
        metrics: [
          { name: 'request-success-rate', thresholdRange: { min: 99 } },
        ],
      }),
    );
    expect(parsed.provider).toBe('kubernetes');
  });

  it('names each problem with its field', () => {
    expect(
      canarySpecProblems(
        spec({
          interval: 'often',
          stepWeight: 10,
          metrics: [{ name: 'errors', thresholdRange: {} }],
          webhooks: [{ name: 'gate', type: 'approve', url: 'ftp://x' }],
        }),
      ),
    ).toEqual([
      'spec.analysis.interval: must be a duration such as 30s, 1m30s or 500ms',
      'spec.analysis.metrics[0].thresholdRange: needs min, max or both',
      'spec.analysis.metrics[0].query: needs a query, unless it is a built-in metric: request-success-rate or request-duration',
      "spec.analysis.webhooks[0].type: Invalid enum value. Expected 'confirm-rollout' | 'pre-rollout' | 'rollout' | 'confirm-promotion' | 'post-rollout' | 'rollback' | 'confirm-traffic-increase' | 'event', received 'approve'",
      'spec.analysis.webhooks[0].url: must be an http(s) URL',
    ]);
  });

  it('refuses fields the resource does not have', () => {
    expect(
      canarySpecProblems(spec({ iterations: 2 }, { replicas: 3 })),
    ).toEqual(["spec: Unrecognized key(s) in object: 'replicas'"]);
  });

  it('checks what only the provider decides', () => {
    expect(
      canarySpecProblems(spec({ stepWeight: 10 }, { provider: 'gatewayapi' })),
    ).toEqual([
      'spec.service.gatewayRefs: the gatewayapi provider needs the Gateways the HTTPRoute attaches to',
    ]);
    expect(canarySpecProblems(spec({ stepWeight: 10 }))).toEqual([
      'spec.analysis: the kubernetes provider switches all traffic at once (blue/green): set iterations, and no weights or match',
    ]);
  });
});
