import type { CanaryItem } from '@slipway/backstage-plugin-slipway-common';

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

/** A Canary of checkout in staging, mid-run at `weight`; `over` replaces any field. */
export function canaryItem(
  weight: number,
  over: Partial<CanaryItem> = {},
): CanaryItem {
  return {
    environment: 'staging',
    cluster: 'staging-cluster',
    namespace: 'staging',
    name: 'checkout',
    spec: {
      provider: 'gatewayapi',
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
      },
      service: { port: 80, gatewayRefs: [{ name: 'public' }] },
      analysis: {
        interval: '30s',
        threshold: 2,
        stepWeights: [10, 25, 50],
        metrics: [
          { name: 'request-success-rate', thresholdRange: { min: 99 } },
        ],
        webhooks: [
          {
            name: 'release-manager',
            type: 'confirm-promotion',
            url: 'http://gate.test/',
          },
        ],
      },
    },
    status: {
      phase: 'Progressing',
      canaryWeight: weight,
      runId: '8a4bd1f2-8a36-4c0f-9a5e-0c1f6c2d0001',
      startedAt: minutesAgo(3),
      lastTransitionTime: minutesAgo(3),
      canaryImages: ['shop/checkout:2.2.0'],
      message: `advanced canary weight to ${weight}`,
      lastWebhooks: [
        {
          name: 'load-test',
          type: 'rollout',
          at: minutesAgo(1),
          passed: true,
          status: 200,
        },
        {
          name: 'smoke',
          type: 'pre-rollout',
          at: minutesAgo(3),
          passed: false,
          error: 'connect ECONNREFUSED',
        },
      ],
    },
    paused: false,
    measurements: [
      {
        metric: 'request-success-rate',
        value: 99.8,
        min: 99,
        passed: true,
        at: minutesAgo(2),
        weight: 10,
      },
      {
        metric: 'request-success-rate',
        value: 97.1,
        min: 99,
        passed: false,
        at: minutesAgo(1),
        weight: 10,
      },
    ],
    events: [
      {
        type: 'Normal',
        reason: 'Progressing',
        message: 'starting a run of shop/checkout:2.2.0',
        at: minutesAgo(3),
      },
    ],
    runs: [
      {
        runId: '8a4bd1f2-8a36-4c0f-9a5e-0c1f6c2d0001',
        phase: 'Progressing',
        startedAt: minutesAgo(3),
        images: ['shop/checkout:2.2.0'],
      },
      {
        runId: '8a4bd1f2-8a36-4c0f-9a5e-0c1f6c2d0000',
        phase: 'Failed',
        startedAt: minutesAgo(90),
        endedAt: minutesAgo(88),
        durationSeconds: 125,
        images: ['shop/checkout:2.1.9'],
        message: 'request-success-rate 61.2 below 99 twice: rolled back',
      },
    ],
    ...over,
  };
}
