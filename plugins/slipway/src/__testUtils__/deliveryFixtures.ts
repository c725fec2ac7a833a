import type {
  DeliveryStatus,
  ReleaseFollowUp,
  ServingStatus,
} from '@slipway/backstage-plugin-slipway-common';

const ready = (status: 'True' | 'False', reason: string, message = '') => ({
  type: 'Ready',
  status,
  reason,
  message,
  lastTransitionTime: '2026-11-23T10:00:00Z',
});

/** One environment's delivery status; `over` replaces any field. */
export function deliveryStatus(
  environment: string,
  over: Partial<DeliveryStatus> = {},
): DeliveryStatus {
  return {
    service: 'checkout',
    environment,
    cluster: `${environment}-cluster`,
    repository: 'https://git.example.com/acme/config.git',
    branch: 'main',
    path: `clusters/${environment}/checkout`,
    suspended: false,
    suspendedBy: null,
    reconciling: false,
    nextRunAt: new Date().toISOString(),
    lastAttemptedRevision: 'a1b2c3d4e5f6',
    lastAppliedRevision: 'a1b2c3d4e5f6',
    commit: {
      revision: 'a1b2c3d4e5f6',
      message: 'checkout 1.4.2\n\nbody',
      author: 'Ada Lovelace',
      committedAt: '2026-11-23T09:59:00Z',
      url: 'https://git.example.com/acme/config/commit/a1b2c3d4e5f6',
    },
    conditions: [ready('True', 'ReconciliationSucceeded')],
    inventory: [
      {
        ref: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: environment,
          name: 'checkout',
        },
        status: 'Healthy',
        message: '3 of 3 replicas updated and available',
      },
    ],
    drift: null,
    lastReconcile: {
      startedAt: new Date(Date.now() - 30_000).toISOString(),
      durationMs: 1250,
      result: 'unchanged',
      trigger: 'interval',
    },
    ...over,
  };
}

export { ready };

export const ROLLBACK_REASON =
  'rolled back: 2 failed checks (threshold 2): success-rate 40 outside [99, ]';

/** A checkout Canary whose 1.4.2 failed: Git holds it, the primary serves 1.4.1 (an envoy sidecar alike in both). */
export const rolledBackServing = (
  revert?: ReleaseFollowUp,
): ServingStatus[] => [
  {
    canary: 'checkout',
    namespace: 'shop',
    phase: 'Failed',
    images: ['registry.example.com/shop/checkout:1.4.1', 'envoy:1.30'],
    rolledBack: {
      runId: '5b0c6a51-0000-4000-8000-000000000000',
      gitImages: ['registry.example.com/shop/checkout:1.4.2', 'envoy:1.30'],
      reason: ROLLBACK_REASON,
      at: new Date().toISOString(),
      ...(revert && { revert }),
    },
  },
];
